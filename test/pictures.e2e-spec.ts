import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { MEDIA_STORE } from '../src/media/media-store.provider.js';
import { storeKeys } from '../src/media/renditions.js';
import { RenditionsService } from '../src/media/renditions.service.js';
import type { MediaStore } from '../src/media/store/media-store.js';
import { contractOperation } from '../scripts/contract-operations.js';
import { TestApi, type GraphQLResponse } from './helpers/api.js';
import { startS3rver, type S3rver } from './helpers/s3-server.js';
import type { ContractOperations } from './generated/contract.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';
import { NO_TRACES, SVG, TEXT_AS_JPEG, bombPng, plainPicture, revealingPhoto, traces } from './factories/pictures.js';

// Pictures from outside, over HTTP on real PostgreSQL: the photo desk uploads (the GraphQL
// multipart request spec), describes and deletes; the frontend reads lead and body pictures
// and fetches their renditions. The whole suite runs on both media stores.

const MAX_BYTES = 2 * 1024 * 1024;

type Upload = ContractOperations['UploadImage']['result']['uploadImage'];

/** Every file under `dir` in an `originals` folder: the kept originals, whichever store (s3rver keeps its metadata and checksum beside each object). */
function keptOriginals(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter(
    (path) => path.split('/').includes('originals') && statSync(join(dir, path)).isFile() && !/\._S3rver_(metadata\.json|object\.md5)$/.test(path),
  );
}

describe.each(['file', 's3'] as const)('pictures, kept in the %s store', (kind) => {
  let api: TestApi;
  let s3: S3rver | undefined;
  let storeDir: string;
  let pub: { id: string; slug: string };
  let otherPub: { id: string; slug: string };
  let section: { id: string };
  let author: { id: string };
  let editor: string;
  let contributor: string;
  let secondContributor: string;
  let otherEditor: string;
  let photo: Buffer;

  async function upload(token: string | undefined, bytes: Buffer, filename: string, publicationId = pub.id, input?: Record<string, unknown>) {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: contractOperation('UploadImage'), variables: { publicationId, file: null, input } }));
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new Blob([new Uint8Array(bytes)]), filename);
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      body: form,
      // A multipart POST is a request a browser may send cross-site unasked: it must say it is not one.
      headers: { 'apollo-require-preflight': 'true', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse<ContractOperations['UploadImage']['result']>, 'status'>) };
  }

  async function uploaded(token = contributor, bytes = photo, publicationId = pub.id): Promise<Upload> {
    const answer = await upload(token, bytes, 'photo.jpg', publicationId);
    expect(answer.errors).toBeUndefined();
    return answer.data.uploadImage;
  }

  const get = (url: string, headers: Record<string, string> = {}) => fetch(`${api.url}${url}`, { headers });

  async function picture(url: string, headers: Record<string, string> = {}) {
    const response = await get(url, headers);
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    return { response, body, meta: await sharp(body).metadata() };
  }

  const imageCount = () => api.prisma.image.count();

  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), `pictures-${kind}-`));
    if (kind === 's3') s3 = await startS3rver(storeDir);
    api = await TestApi.start({
      media: {
        maxBytes: MAX_BYTES,
        store: s3
          ? {
              store: 's3://media/newsroom',
              dataDir: storeDir,
              s3: { endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
            }
          : { store: 'file', dataDir: storeDir },
      },
    });
    const db = api.prisma;
    pub = await aPublication(db, { slug: 'daily' });
    otherPub = await aPublication(db, { slug: 'weekly' });
    section = await aSection(db, pub.id, { slug: 'news' });
    author = await anAuthor(db);
    editor = await api.tokenFor((await aUser(db, { role: 'EDITOR', publicationId: pub.id })).id);
    contributor = await api.tokenFor((await aUser(db, { role: 'CONTRIBUTOR', publicationId: pub.id })).id);
    secondContributor = await api.tokenFor((await aUser(db, { role: 'CONTRIBUTOR', publicationId: pub.id })).id);
    otherEditor = await api.tokenFor((await aUser(db, { role: 'EDITOR', publicationId: otherPub.id })).id);
    photo = await revealingPhoto(1600, 1200);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await s3?.stop();
    await rm(storeDir, { recursive: true, force: true });
  });

  it("takes a contributor's photograph: its size, the credit and caption from its metadata, nothing of where or whose", async () => {
    const image = await uploaded(contributor);
    expect(image).toMatchObject({
      width: 1600,
      height: 1200,
      mimeType: 'image/jpeg',
      credit: 'Jane Snapper',
      caption: 'Flood in the high street',
      alt: null,
      focalPoint: { x: 0.5, y: 0.5 },
    });
    expect(image.bytes).toBeGreaterThan(1000);
    expect(image.url).toMatch(new RegExp(`^/images/${image.id}/[0-9a-f]{16}/original-320$`));

    // The kept original and every rendition hold nothing of the photographer's secrets.
    const row = await api.prisma.image.findUniqueOrThrow({ where: { id: image.id } });
    expect(keptOriginals(storeDir).filter((path) => path.includes(image.id))).toHaveLength(1);
    const original = (await api.app.get<MediaStore>(MEDIA_STORE).get(storeKeys.original(row)))!.body;
    expect(original.length).toBe(row.bytes);
    expect(await traces(original)).toEqual(NO_TRACES);
    for (const format of ['jpg', 'webp', 'avif']) {
      const { body, meta } = await picture(`${image.url}.${format}`);
      expect(meta.width).toBe(320);
      expect(meta.height).toBe(240);
      expect(await traces(body)).toEqual(NO_TRACES);
    }
  });

  it('fills only the empty fields from the metadata: what the desk wrote wins', async () => {
    const answer = await upload(contributor, photo, 'photo.jpg', pub.id, { caption: 'Our own caption', alt: 'A flooded street' });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.uploadImage).toMatchObject({ caption: 'Our own caption', alt: 'A flooded street', credit: 'Jane Snapper' });
  });

  it.each([
    ['an SVG', SVG, 'logo.svg', /SVG is not accepted/],
    ['a text file named .jpg', TEXT_AS_JPEG, 'photo.jpg', /not an image/],
    ['a 30,000 × 30,000 PNG', bombPng(30_000, 30_000), 'huge.png', /30000 × 30000/],
    ['a file over the size limit', Buffer.alloc(MAX_BYTES + 4096, 7), 'big.jpg', /larger than 2 MiB/],
    ['an empty file', Buffer.alloc(0), 'empty.jpg', /empty/],
  ])('refuses %s with the reason, and keeps nothing of it', async (_what, bytes, filename, reason) => {
    const before = { rows: await imageCount(), files: keptOriginals(storeDir).length };
    const answer = await upload(contributor, bytes, filename);
    expect(answer.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0].extensions.fields).toEqual([{ field: 'file', message: expect.stringMatching(reason) }]);
    expect({ rows: await imageCount(), files: keptOriginals(storeDir).length }).toEqual(before);
  });

  it('refuses an upload from outside the publication, or without signing in', async () => {
    const png = await plainPicture(400, 300);
    expect((await upload(otherEditor, png, 'a.png')).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await upload(undefined, png, 'a.png')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('shows lead and body pictures on the front page and the article page, at URLs that serve the right size, ratio and format', async () => {
    const lead = await uploaded(contributor);
    const inBody = await uploaded(contributor, await plainPicture(2000, 1000, 'png'));
    const story = await anArticle(api.prisma, { publicationId: pub.id, sectionId: section.id }, { slug: 'flood', authorIds: [author.id] });
    const saved = await api.operation('SetLeadImage', { id: story.id, version: story.version, leadImage: { imageId: lead.id, credit: 'Agency pool' } }, editor);
    expect(saved.errors).toBeUndefined();
    expect(saved.data.updateArticle.leadImage).toEqual({ caption: 'Flood in the high street', credit: 'Agency pool', image: { id: lead.id } });
    const body = `<p>The water rose overnight.</p><figure data-image-id="${inBody.id}" data-caption="The square at dawn"></figure><p>More to follow.</p>`;
    const edited = await api.operation('UpdateArticle', { id: story.id, version: saved.data.updateArticle.version, input: { bodyHtml: body } }, editor);
    expect(edited.errors).toBeUndefined();

    const front = await api.operation('PictureFrontPage', { publication: pub.slug, first: 5 });
    expect(front.errors).toBeUndefined();
    const card = front.data.publication.articles.edges.find((edge) => edge.node.slug === 'flood')!.node;
    expect(card.leadImage).toMatchObject({ caption: 'Flood in the high street', credit: 'Agency pool', image: { id: lead.id, width: 1600, height: 1200 } });
    // 640 wide, 16:9 around the focal point, WebP, for good.
    const { response, meta } = await picture(card.leadImage.image.url);
    expect(meta).toMatchObject({ format: 'webp', width: 640, height: 360 });
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = response.headers.get('etag')!;
    expect((await get(card.leadImage.image.url, { 'if-none-match': etag })).status).toBe(304);
    const srcset = card.leadImage.image.srcset.split(', ');
    expect(srcset.map((candidate) => candidate.split(' ')[1])).toEqual(['320w', '480w', '640w', '960w', '1280w', '1600w']);
    const widest = await picture(srcset.at(-1)!.split(' ')[0]);
    expect(widest.meta).toMatchObject({ format: 'webp', width: 1600, height: 900 });

    const page = await api.operation('ArticlePictures', { publication: pub.slug, slug: 'flood' });
    expect(page.errors).toBeUndefined();
    const article = page.data.publication.article;
    expect(article.leadImage.image.id).toBe(lead.id);
    expect(article.images).toEqual([
      expect.objectContaining({ caption: 'The square at dawn', credit: null, image: expect.objectContaining({ id: inBody.id }) }),
    ]);
    // The body's figure drawn: an <img> of the picture and its caption.
    const img = /<figure data-image-id="([^"]+)"[^>]*><img src="([^"]+)" srcset="([^"]+)"[^>]* width="(\d+)" height="(\d+)"/.exec(article.bodyHtml);
    expect(img?.[1]).toBe(inBody.id);
    expect(article.bodyHtml).toContain('<figcaption data-from-image>The square at dawn</figcaption>');
    const drawn = await picture(img![2]);
    expect(drawn.meta).toMatchObject({ format: 'webp', width: Number(img![4]), height: Number(img![5]) });
    expect([drawn.meta.width, drawn.meta.height]).toEqual([1280, 640]);

    // Read, edited and saved back, the body keeps its picture as it was placed.
    const current = await api.prisma.article.findUniqueOrThrow({ where: { id: story.id } });
    const resaved = await api.operation('UpdateArticle', { id: story.id, version: current.version, input: { bodyHtml: article.bodyHtml } }, editor);
    expect(resaved.errors).toBeUndefined();
    expect((await api.prisma.article.findUniqueOrThrow({ where: { id: story.id } })).bodyHtml).toBe(
      `<p>The water rose overnight.</p><figure data-image-id="${inBody.id}" data-caption="The square at dawn"></figure><p>More to follow.</p>`,
    );
  });

  it('offers only the widths a crop can fill, each with its real width; wider ones are 404', async () => {
    const image = await uploaded(contributor, await plainPicture(1600, 1200, 'jpeg'));
    const library = await api.operation('MediaLibrary', { publication: pub.slug, first: 1 }, editor);
    expect(library.data.publication.images.edges[0].node.id).toBe(image.id);
    // A 4:5 crop of a 1600 × 1200 picture is 960 wide: the ladder stops there.
    const portrait = image.url.replace('original-320', 'portrait-960');
    expect((await picture(`${portrait}.webp`)).meta).toMatchObject({ width: 960, height: 1200 });
    expect((await get(image.url.replace('original-320', 'portrait-1280.webp'))).status).toBe(404);
    const story = await anArticle(api.prisma, { publicationId: pub.id, sectionId: section.id }, { slug: 'portrait', authorIds: [author.id] });
    await api.operation('SetLeadImage', { id: story.id, version: story.version, leadImage: { imageId: image.id } }, editor);
    const front = await api.operation('PictureFrontPage', { publication: pub.slug, first: 10 });
    const lead = front.data.publication.articles.edges.find((edge) => edge.node.slug === 'portrait')!.node.leadImage;
    // LANDSCAPE: 1600 × 900 of the 1600 × 1200 picture.
    expect(lead.image.srcset.split(', ').map((candidate) => candidate.split(' ')[1])).toEqual(['320w', '480w', '640w', '960w', '1280w', '1600w']);
  });

  it('draws each placed picture where it was placed, whatever the nesting, and refuses a body of too many', async () => {
    const [a, b, c] = [await uploaded(contributor), await uploaded(contributor), await uploaded(contributor)];
    const story = await anArticle(api.prisma, { publicationId: pub.id, sectionId: section.id }, { slug: 'nested', authorIds: [author.id] });
    const body = `<p>Text.</p><figure data-image-id="${a.id}"><figure data-image-id="${c.id}"></figure></figure><figure data-image-id="${b.id}"></figure>`;
    const saved = await api.operation('UpdateArticle', { id: story.id, version: story.version, input: { bodyHtml: body } }, editor);
    expect(saved.errors).toBeUndefined();
    const page = await api.operation('ArticlePictures', { publication: pub.slug, slug: 'nested' });
    expect(page.data.publication.article.images.map((use) => use.image.id)).toEqual([a.id, b.id]);
    const drawn = [...page.data.publication.article.bodyHtml.matchAll(/<figure data-image-id="([^"]+)"><img src="\/images\/([^/]+)\//g)];
    expect(drawn.map((match) => [match[1], match[2]])).toEqual([
      [a.id, a.id],
      [b.id, b.id],
    ]);
    const many = `<p>Text.</p>${`<figure data-image-id="${a.id}"></figure>`.repeat(51)}`;
    const refused = await api.operation('UpdateArticle', { id: story.id, version: saved.data.updateArticle.version, input: { bodyHtml: many } }, editor);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.bodyHtml', message: 'places more than 50 pictures' }],
    });
  });

  it("chooses the format from the browser's Accept when the URL names none", async () => {
    const image = await uploaded(contributor, await plainPicture(800, 600, 'jpeg'));
    const avif = await picture(image.url, { accept: 'image/avif,image/webp,*/*' });
    expect(avif.meta.format).toBe('heif');
    expect(avif.response.headers.get('content-type')).toBe('image/avif');
    expect(avif.response.headers.get('vary')).toBe('Accept');
    expect((await picture(image.url, { accept: 'image/webp,*/*' })).meta.format).toBe('webp');
    expect((await picture(image.url, { accept: '*/*' })).meta.format).toBe('jpeg');
    // q=0 says: not this one.
    expect((await picture(image.url, { accept: 'image/avif;q=0, image/webp' })).meta.format).toBe('webp');
  });

  it('uses only images of the same publication', async () => {
    const foreign = await uploaded(otherEditor, await plainPicture(640, 480), otherPub.id);
    const story = await anArticle(api.prisma, { publicationId: pub.id, sectionId: section.id }, { status: 'DRAFT', authorIds: [author.id] });
    const refused = await api.operation('SetLeadImage', { id: story.id, version: story.version, leadImage: { imageId: foreign.id } }, editor);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.leadImage.imageId', message: expect.any(String) }],
    });
    // In a body, the sanitiser keeps the figure but not the reference it cannot vouch for.
    const saved = await api.operation(
      'UpdateArticle',
      {
        id: story.id,
        version: story.version,
        input: { bodyHtml: `<p>Text.</p><figure data-image-id="${foreign.id}"><figcaption>Theirs</figcaption></figure>` },
      },
      editor,
    );
    expect(saved.errors).toBeUndefined();
    const row = await api.prisma.article.findUniqueOrThrow({ where: { id: story.id } });
    expect(row.bodyHtml).toBe('<p>Text.</p><figure><figcaption>Theirs</figcaption></figure>');
    expect(await api.prisma.articleImage.count({ where: { articleId: story.id } })).toBe(0);
  });

  it('refuses to delete an image a public story shows; deleted once it shows nowhere, with its renditions', async () => {
    const image = await uploaded(contributor);
    const rendition = `${image.url}.webp`;
    await picture(rendition);
    const story = await anArticle(api.prisma, { publicationId: pub.id, sectionId: section.id }, { authorIds: [author.id] });
    const used = await api.operation('SetLeadImage', { id: story.id, version: story.version, leadImage: { imageId: image.id } }, editor);
    expect(used.errors).toBeUndefined();
    const refused = await api.operation('DeleteImage', { id: image.id }, editor);
    expect(refused.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(await api.prisma.image.count({ where: { id: image.id } })).toBe(1);

    const removed = await api.operation('SetLeadImage', { id: story.id, version: used.data.updateArticle.version, leadImage: null }, editor);
    expect(removed.errors).toBeUndefined();
    expect(removed.data.updateArticle.leadImage).toBeNull();
    const deleted = await api.operation('DeleteImage', { id: image.id }, editor);
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data.deleteImage).toBe(true);
    expect(await api.prisma.image.count({ where: { id: image.id } })).toBe(0);
    expect(keptOriginals(storeDir).filter((path) => path.includes(image.id))).toEqual([]);
    expect((await get(rendition)).status).toBe(404);
  });

  it('lets an editor change any picture, a contributor only their own while no story uses it', async () => {
    const image = await uploaded(contributor);
    const byAnother = await api.operation('UpdateImage', { id: image.id, input: { caption: 'Not mine' } }, secondContributor);
    expect(byAnother.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await api.operation('DeleteImage', { id: image.id }, secondContributor)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const byUploader = await api.operation('UpdateImage', { id: image.id, input: { alt: 'Water in the street', caption: '' } }, contributor);
    expect(byUploader.errors).toBeUndefined();
    expect(byUploader.data.updateImage).toMatchObject({ alt: 'Water in the street', caption: null });

    const story = await anArticle(api.prisma, { publicationId: pub.id, sectionId: section.id }, { status: 'DRAFT', authorIds: [author.id] });
    expect((await api.operation('SetLeadImage', { id: story.id, version: story.version, leadImage: { imageId: image.id } }, editor)).errors).toBeUndefined();
    expect((await api.operation('UpdateImage', { id: image.id, input: { alt: 'Mine still?' } }, contributor)).errors?.[0].extensions.code).toBe('FORBIDDEN');

    // A new focal point: new rendition URLs (the old ones are not this picture any more).
    const before = await api.operation('MediaLibrary', { publication: pub.slug, first: 1 }, editor);
    const oldUrl = before.data.publication.images.edges[0].node.url;
    const moved = await api.operation('UpdateImage', { id: image.id, input: { focalPoint: { x: 0.9, y: 0.1 } } }, editor);
    expect(moved.errors).toBeUndefined();
    expect(moved.data.updateImage.focalPoint).toEqual({ x: 0.9, y: 0.1 });
    const after = await api.operation('MediaLibrary', { publication: pub.slug, first: 1 }, editor);
    const newUrl = after.data.publication.images.edges[0].node.url;
    expect(newUrl).not.toBe(oldUrl);
    expect((await picture(newUrl)).meta).toMatchObject({ width: 320, height: 320 });
    expect((await get(oldUrl)).status).toBe(404);
    // A focal point off the picture is refused.
    const off = await api.operation('UpdateImage', { id: image.id, input: { focalPoint: { x: 1.5, y: 0 } } }, editor);
    expect(off.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('makes a rendition once for 20 concurrent first requests', async () => {
    const image = await uploaded(contributor);
    const renditions = api.app.get(RenditionsService);
    const made = renditions.made;
    const url = `${image.url.replace('original-320', 'square-960')}.avif`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => get(url).then(async (r) => ({ status: r.status, body: Buffer.from(await r.arrayBuffer()) }))),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((answer) => answer.body.toString('base64'))).size).toBe(1);
    expect(renditions.made - made).toBe(1);
  });

  it('answers 404 for a rendition off the ladder or of no current picture, without making anything', async () => {
    const image = await uploaded(contributor);
    const renditions = api.app.get(RenditionsService);
    const made = renditions.made;
    const [, , id, revision] = image.url.split('/');
    for (const path of [
      `/images/${id}/${revision}/original-500.webp`,
      `/images/${id}/${revision}/original-4000.webp`,
      `/images/${id}/${revision}/wide-640.webp`,
      `/images/${id}/${revision}/original-640.png`,
      `/images/${id}/0000000000000000/original-640.webp`,
      `/images/00000000-0000-4000-8000-000000000000/${revision}/original-640.webp`,
      `/images/not-an-id/${revision}/original-640.webp`,
    ]) {
      expect([path, (await get(path)).status]).toEqual([path, 404]);
    }
    expect(renditions.made).toBe(made);
  });

  it('keeps the library for staff: searchable by caption, credit and alt, paged newest first', async () => {
    const anonymous = await api.operation('MediaLibrary', { publication: pub.slug });
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await api.operation('MediaLibrary', { publication: pub.slug }, otherEditor)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const found = await api.operation('MediaLibrary', { publication: pub.slug, query: 'snapper FLOOD', first: 2 }, secondContributor);
    expect(found.errors).toBeUndefined();
    const { edges, pageInfo } = found.data.publication.images;
    expect(edges).toHaveLength(2);
    expect(edges.every((edge) => edge.node.credit === 'Jane Snapper')).toBe(true);
    expect(pageInfo.hasNextPage).toBe(true);
    const next = await api.operation('MediaLibrary', { publication: pub.slug, query: 'snapper FLOOD', first: 2, after: pageInfo.endCursor }, secondContributor);
    expect(next.data.publication.images.edges[0].node.createdAt <= edges[1].node.createdAt).toBe(true);
    expect(next.data.publication.images.edges.map((edge) => edge.node.id)).not.toContain(edges[1].node.id);
    expect((await api.operation('MediaLibrary', { publication: pub.slug, query: 'nothing-like-this' }, editor)).data.publication.images.edges).toEqual([]);
    // A word's % and _ are letters, not wildcards.
    expect((await api.operation('MediaLibrary', { publication: pub.slug, query: '%' }, editor)).data.publication.images.edges).toEqual([]);
    expect((await api.operation('MediaLibrary', { publication: pub.slug, query: 'Sn_pper' }, editor)).data.publication.images.edges).toEqual([]);
  });
});
