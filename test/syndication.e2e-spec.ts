import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv, type ErrorObject } from 'ajv';
import formats from 'ajv-formats';
import { DEMO_ARTICLE, DEMO_PUBLICATION, loadDemoData } from '../prisma/demo-data.js';
import { SEED_HEADLINE, SEED_STANDFIRST } from '../prisma/demo/seed-article.js';
import { projectRoot } from '../src/database/project-paths.js';
import { TestApi } from './helpers/api.js';
import { anArticle, aUser } from './factories/newsroom.factory.js';

// The story in the news ecosystem's formats, over HTTP on the demo newsroom: schema.org
// JSON-LD (Article.jsonLd) and IPTC ninjs 2.x (Article.ninjs, GET /ninjs/:publication/:slug),
// each only for what the public reads.

const SITE = 'https://www.theindependentbd.com';

// strictRequired off: the required properties are declared in the definition the schema refers to.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
formats.default(ajv);
const validateNinjs = ajv.compile(JSON.parse(readFileSync(join(projectRoot, 'test', 'schemas', 'ninjs-2.schema.json'), 'utf8')) as object);

/** The ninjs validator's verdict, with what it found wrong (readable in a failed expectation). */
function ninjsErrors(item: unknown): string[] {
  return validateNinjs(item) ? [] : (validateNinjs.errors ?? []).map((error: ErrorObject) => `${error.instancePath} ${error.message ?? ''}`);
}

const ARTICLE = `query ($publication: String!, $slug: String!) {
  publication(slug: $publication) { article(slug: $slug) { id slug headline jsonLd ninjs } }
}`;

interface ArticleFormats {
  publication: { article: { id: string; slug: string; headline: string; jsonLd: string | null; ninjs: string | null } | null };
}

interface Json {
  [key: string]: unknown;
}

describe('structured data (JSON-LD) and ninjs of the public stories', () => {
  let api: TestApi;
  let publicationId: string;
  let context: { publicationId: string; sectionId: string };
  let authorId: string;
  let seedId: string;
  let imageId: string;

  const formats = async (slug: string) => {
    const response = await api.graphql<ArticleFormats>(ARTICLE, { publication: DEMO_PUBLICATION, slug });
    expect(response.errors).toBeUndefined();
    return response.data.publication.article;
  };
  const story = (overrides: Parameters<typeof anArticle>[2]) => anArticle(api.prisma, context, { authorIds: [authorId], ...overrides });

  beforeAll(async () => {
    api = await TestApi.start();
    await loadDemoData(api.prisma);
    const publication = await api.prisma.publication.findUniqueOrThrow({ where: { slug: DEMO_PUBLICATION } });
    publicationId = publication.id;
    const opinion = await api.prisma.section.findFirstOrThrow({ where: { publicationId, slug: 'opinion' } });
    context = { publicationId, sectionId: opinion.id };
    authorId = (await api.prisma.author.findUniqueOrThrow({ where: { slug: 'md-tareq-hasan' } })).id;
    const seed = await api.prisma.article.findFirstOrThrow({ where: { publicationId, slug: DEMO_ARTICLE } });
    seedId = seed.id;
    // A lead picture, a correction and an old slug for the seed article.
    const image = await api.prisma.image.create({
      data: {
        publicationId,
        mimeType: 'image/jpeg',
        width: 1600,
        height: 900,
        bytes: 123_456,
        contentHash: 'c'.repeat(64),
        alt: 'Delegates at the Moscow conference',
        caption: 'The Moscow conference, 18 March',
        credit: 'Wire Photo',
      },
    });
    imageId = image.id;
    await api.prisma.articleImage.create({ data: { articleId: seedId, position: 0, imageId } });
    await api.prisma.correction.create({ data: { articleId: seedId, text: 'An earlier version misspelt Zalmay Khalilzad.' } });
    await api.prisma.articleSlug.create({ data: { publicationId, slug: 'russia-afghan-peace', articleId: seedId } });
  });

  afterAll(() => api.close());

  describe('Article.jsonLd', () => {
    it('gives the seed article as a schema.org NewsArticle with the fields search engines require', async () => {
      const article = await formats(DEMO_ARTICLE);
      const jsonLd = JSON.parse(article.jsonLd) as Json;
      expect(jsonLd).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: SEED_HEADLINE,
        description: SEED_STANDFIRST,
        datePublished: '2021-04-05T12:55:53Z',
        author: [{ '@type': 'Person', name: 'Md. Tareq Hasan', url: `${SITE}/authors/md-tareq-hasan` }],
        publisher: { '@type': 'Organization', name: 'The Independent', url: SITE },
        mainEntityOfPage: { '@type': 'WebPage', '@id': `${SITE}/articles/${DEMO_ARTICLE}` },
        url: `${SITE}/articles/${DEMO_ARTICLE}`,
        articleSection: 'Opinion',
        inLanguage: 'en',
        correction: [{ '@type': 'CorrectionComment', text: 'An earlier version misspelt Zalmay Khalilzad.', datePublished: expect.any(String) }],
      });
      // The lead picture at absolute URLs, widest ratio first; modified no earlier than published.
      expect(jsonLd.image).toEqual([
        expect.stringMatching(new RegExp(`^${SITE}/images/${imageId}/[0-9a-f]+/landscape-\\d+\\.jpg$`)),
        expect.stringMatching(/\/square-\d+\.jpg$/),
        expect.stringMatching(/\/original-\d+\.jpg$/),
      ]);
      expect(Date.parse(jsonLd.dateModified as string)).toBeGreaterThanOrEqual(Date.parse(jsonLd.datePublished as string));
      expect(JSON.stringify(jsonLd)).not.toMatch(/@example\.com|email/i);
    });

    it('gives every story of a front page its own', async () => {
      const { data, errors } = await api.graphql<{ publication: { articles: { edges: { node: { headline: string; jsonLd: string } }[] } } }>(
        `query ($publication: String!) { publication(slug: $publication) { articles(first: 10) { edges { node { headline jsonLd } } } } }`,
        { publication: DEMO_PUBLICATION },
      );
      expect(errors).toBeUndefined();
      expect(data.publication.articles.edges).toHaveLength(10);
      for (const { node } of data.publication.articles.edges) {
        expect(JSON.parse(node.jsonLd)).toMatchObject({ '@type': 'NewsArticle', headline: node.headline, author: [expect.anything()] });
      }
    });

    it('writes JSON that a headline cannot break out of its <script> element', async () => {
      const headline = 'Leaders meet </script><script>alert(1)</script> & part';
      const hostile = await story({ headline });
      const article = await formats(hostile.slug);
      expect(article.jsonLd).not.toMatch(/<\/?script|&/i);
      expect((JSON.parse(article.jsonLd) as Json).headline).toBe(headline);
    });
  });

  describe('Article.ninjs and GET /ninjs/:publication/:slug', () => {
    it('gives the seed article as ninjs 2.x that the schema validates, in GraphQL and over HTTP alike', async () => {
      const article = await formats(DEMO_ARTICLE);
      const item = JSON.parse(article.ninjs) as Json;
      expect(ninjsErrors(item)).toEqual([]);
      expect(item).toMatchObject({
        uri: `urn:uuid:${seedId}`,
        type: 'text',
        pubstatus: 'usable',
        firstcreated: '2021-04-05T12:55:53Z',
        language: 'en',
        headlines: [{ role: 'main', value: SEED_HEADLINE }],
        descriptions: [{ role: 'summary', value: SEED_STANDFIRST }],
        by: 'Md. Tareq Hasan',
        slugline: DEMO_ARTICLE,
        subjects: [{ name: 'afghanistan' }, { name: 'russia' }],
        renditions: [{ name: 'web', href: `${SITE}/articles/${DEMO_ARTICLE}`, contenttype: 'text/html' }],
        associations: [
          {
            name: 'leadimage',
            type: 'picture',
            uri: `urn:uuid:${imageId}`,
            by: 'Wire Photo',
            descriptions: [
              { role: 'caption', value: 'The Moscow conference, 18 March' },
              { role: 'alt', value: 'Delegates at the Moscow conference' },
            ],
          },
        ],
      });
      const [body, note] = item.bodies as Json[];
      expect(body).toMatchObject({ role: 'main', contenttype: 'text/html', wordcount: expect.any(Number), charcount: expect.any(Number) });
      expect((body.value as string).match(/<p>/g)).toHaveLength(18);
      expect(note).toMatchObject({ role: 'authornote', value: expect.stringMatching(/^The writer is a student of Rajshahi University/) });
      const renditions = (item.associations as { renditions: { href: string }[] }[])[0].renditions;
      expect(renditions.length).toBeGreaterThanOrEqual(3);
      for (const rendition of renditions) expect(rendition.href.startsWith(`${SITE}/images/${imageId}/`)).toBe(true);

      const http = await api.request('GET', `/ninjs/${DEMO_PUBLICATION}/${DEMO_ARTICLE}`);
      expect(http.status).toBe(200);
      expect(http.headers['content-type']).toBe('application/json; charset=utf-8');
      const served = JSON.parse(http.body) as Json;
      expect(ninjsErrors(served)).toEqual([]);
      expect(served).toEqual(item);
    });

    it('resolves an old slug to the story under its current one', async () => {
      const http = await api.request('GET', `/ninjs/${DEMO_PUBLICATION}/russia-afghan-peace`);
      expect(http.status).toBe(200);
      expect(JSON.parse(http.body)).toMatchObject({ uri: `urn:uuid:${seedId}`, slugline: DEMO_ARTICLE });
    });

    it('draws the pictures a body places, at absolute URLs', async () => {
      const placed = await story({ bodyHtml: `<p>Before.</p><figure data-image-id="${imageId}" data-caption="In the hall"></figure><p>After.</p>` });
      // As a save settles it: the use keeps the figure's own caption.
      await api.prisma.articleImage.create({ data: { articleId: placed.id, position: 1, imageId, caption: 'In the hall' } });
      const item = JSON.parse((await formats(placed.slug)).ninjs) as Json;
      expect(ninjsErrors(item)).toEqual([]);
      const html = (item.bodies as Json[])[0].value as string;
      expect(html).toMatch(new RegExp(`<img src="${SITE}/images/${imageId}/[0-9a-f]+/original-\\d+\\.webp" srcset="${SITE}/images/`));
      expect(html).toMatch(/<figcaption data-from-image>In the hall/);
      expect(item.associations).toEqual([expect.objectContaining({ name: 'image1', uri: `urn:uuid:${imageId}` })]);
    });

    it('says who may keep it and what purges it', async () => {
      const http = await api.request('GET', `/ninjs/${DEMO_PUBLICATION}/${DEMO_ARTICLE}`);
      expect(http.headers['cache-control']).toBe('public, max-age=30, stale-while-revalidate=30');
      expect(String(http.headers['surrogate-key']).split(' ')).toEqual(
        expect.arrayContaining([`article:${seedId}`, `publication:${publicationId}`, `author:${authorId}`, `sections:${publicationId}`]),
      );
    });

    it('has a schema that tells 2.x from 1.x', () => {
      expect(ninjsErrors({ uri: 'urn:uuid:1', headline: 'A 1.x headline', body_html: '<p>x</p>', byline: 'A' })).not.toEqual([]);
      expect(ninjsErrors({ uri: 'not a uri', type: 'text' })).not.toEqual([]);
      expect(ninjsErrors({ headlines: [{ value: 'no uri' }] })).not.toEqual([]);
    });
  });

  describe('what the public does not read is in neither format', () => {
    it.each([
      ['a draft', { status: 'DRAFT' as const }],
      ['a story scheduled for tomorrow', { status: 'SCHEDULED' as const, scheduledFor: new Date(Date.now() + 86_400_000) }],
      ['a spiked story', { status: 'SPIKED' as const }],
    ])('%s: 404 over HTTP, not found by slug in GraphQL', async (_case, overrides) => {
      const hidden = await story(overrides);
      expect(await formats(hidden.slug)).toBeNull();
      const http = await api.request('GET', `/ninjs/${DEMO_PUBLICATION}/${hidden.slug}`);
      expect(http.status).toBe(404);
      expect(http.headers['cache-control']).toBe('no-store');
    });

    it('a retracted story: its tombstone has neither, and HTTP says 404', async () => {
      const retracted = await story({ status: 'RETRACTED', retractionReason: 'The quotes could not be verified.' });
      const article = await formats(retracted.slug);
      expect(article).toMatchObject({ headline: retracted.headline, jsonLd: null, ninjs: null });
      expect((await api.request('GET', `/ninjs/${DEMO_PUBLICATION}/${retracted.slug}`)).status).toBe(404);
    });

    it('a draft read by an editor on the desk: still neither (the formats are the public view)', async () => {
      const draft = await story({ status: 'DRAFT' });
      const editor = await aUser(api.prisma, { role: 'EDITOR', publicationId });
      const { data, errors } = await api.graphql<{ article: { status: string; jsonLd: string | null; ninjs: string | null } }>(
        'query ($id: ID!) { article(id: $id) { status jsonLd ninjs } }',
        { id: draft.id },
        await api.tokenFor(editor.id),
      );
      expect(errors).toBeUndefined();
      expect(data.article).toEqual({ status: 'DRAFT', jsonLd: null, ninjs: null });
    });

    it('a scheduled story whose time has come is public in both, scheduler or not', async () => {
      const due = await story({ status: 'SCHEDULED', scheduledFor: new Date(Date.now() - 60_000) });
      const article = await formats(due.slug);
      expect(JSON.parse(article.jsonLd)).toMatchObject({ headline: due.headline });
      const http = await api.request('GET', `/ninjs/${DEMO_PUBLICATION}/${due.slug}`);
      expect(http.status).toBe(200);
      expect(ninjsErrors(JSON.parse(http.body))).toEqual([]);
    });

    it('404 for a publication or story that does not exist', async () => {
      expect((await api.request('GET', `/ninjs/no-such-paper/${DEMO_ARTICLE}`)).status).toBe(404);
      expect((await api.request('GET', `/ninjs/${DEMO_PUBLICATION}/no-such-story`)).status).toBe(404);
    });
  });

  describe('from the response cache', () => {
    let cached: TestApi;

    beforeAll(async () => {
      cached = await TestApi.start({ responseCache: true });
      await loadDemoData(cached.prisma);
    });

    afterAll(() => cached.close());

    it('drops a kept answer when the byline or the publisher it shows changes', async () => {
      const read = async () => {
        const response = await cached.request(
          'POST',
          '/graphql',
          JSON.stringify({ query: ARTICLE, variables: { publication: DEMO_PUBLICATION, slug: DEMO_ARTICLE } }),
          {
            'content-type': 'application/json',
          },
        );
        const body = JSON.parse(response.body) as { data: ArticleFormats };
        const jsonLd = JSON.parse(body.data.publication.article!.jsonLd!) as { author: { name: string }[]; publisher: { name: string } };
        return { cache: response.headers['x-cache'], author: jsonLd.author[0].name, publisher: jsonLd.publisher.name };
      };
      expect(await read()).toMatchObject({ cache: 'MISS', author: 'Md. Tareq Hasan' });
      expect(await read()).toMatchObject({ cache: 'HIT', author: 'Md. Tareq Hasan' });
      await cached.prisma.author.update({ where: { slug: 'md-tareq-hasan' }, data: { name: 'Tareq Hasan' } });
      await cached.settle();
      expect(await read()).toMatchObject({ cache: 'MISS', author: 'Tareq Hasan' });
      await cached.prisma.publication.update({ where: { slug: DEMO_PUBLICATION }, data: { name: 'The Independent (Dhaka)' } });
      await cached.settle();
      expect(await read()).toMatchObject({ cache: 'MISS', publisher: 'The Independent (Dhaka)' });
    });
  });
});
