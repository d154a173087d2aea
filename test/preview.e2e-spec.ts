import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { TEST_JWT_SECRET, TestApi, type GraphQLError } from './helpers/api.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';

// Preview links (createPreviewLink, then `article(slug, preview)`): a short-lived signed
// token that shows one article, in any status, to whoever holds it, as the public page
// would render it, and nothing else; never kept by the response cache.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CREATE_PREVIEW_LINK = `mutation CreatePreviewLink($articleId: ID!) { createPreviewLink(articleId: $articleId) { token expiresAt } }`;

const PREVIEW_FIELDS = `id slug canonicalSlug headline standfirst status bodyHtml publishedAt authors { name email } retraction { reason }`;
const previewQuery = (fields = PREVIEW_FIELDS, extra = '') => `
  query PreviewArticle($publication: String!, $slug: String!, $preview: String) {
    publication(slug: $publication) { article(slug: $slug, preview: $preview) { ${fields} } ${extra} }
  }`;

interface PreviewedArticle {
  id: string;
  slug: string;
  canonicalSlug: string;
  headline: string;
  standfirst: string | null;
  status: string;
  bodyHtml: string | null;
  publishedAt: string | null;
  authors: { name: string; email: string | null }[];
  retraction: { reason: string } | null;
  [field: string]: unknown;
}

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  data: { publication: { article: PreviewedArticle | null; [field: string]: unknown } | null } | null;
  errors?: GraphQLError[];
}

/** A small newsroom: publication `daily` with its staff, and a rival publication's editor. */
async function newsroom(api: TestApi) {
  const db = api.prisma;
  const pub = await aPublication(db, { slug: 'daily' });
  const rival = await aPublication(db, { slug: 'rival' });
  const news = await aSection(db, pub.id, { slug: 'news' });
  const users = {
    contributor: await aUser(db, { role: 'CONTRIBUTOR', publicationId: pub.id }),
    contributor2: await aUser(db, { role: 'CONTRIBUTOR', publicationId: pub.id }),
    editor: await aUser(db, { role: 'EDITOR', publicationId: pub.id }),
    rivalEditor: await aUser(db, { role: 'EDITOR', publicationId: rival.id }),
  };
  const tokens = {
    contributor: await api.tokenFor(users.contributor.id),
    contributor2: await api.tokenFor(users.contributor2.id),
    editor: await api.tokenFor(users.editor.id),
    rivalEditor: await api.tokenFor(users.rivalEditor.id),
  };
  const writer = await anAuthor(db, { userId: users.contributor.id, name: 'Rina Writer', email: 'rina@example.com' });
  const writer2 = await anAuthor(db, { userId: users.contributor2.id, name: 'Omar Writer' });
  const article = (slug: string, status: 'DRAFT' | 'SUBMITTED' | 'PUBLISHED' = 'DRAFT', by: 'contributor' | 'contributor2' = 'contributor') =>
    anArticle(
      db,
      { publicationId: pub.id, sectionId: news.id },
      {
        slug,
        headline: `The story of ${slug}`,
        bodyHtml: `<p>The words of ${slug}.</p>`,
        status,
        createdById: users[by].id,
        authorIds: [by === 'contributor' ? writer.id : writer2.id],
        ...(status === 'PUBLISHED' ? { publishedAt: new Date(Date.now() - 60_000) } : { publishedAt: null }),
      },
    );
  return { pub, users, tokens, article };
}

function expectRefused(answer: { errors?: GraphQLError[] }, code: string, field?: string): GraphQLError {
  expect(answer.errors).toHaveLength(1);
  const [error] = answer.errors!;
  expect(error.extensions.code).toBe(code);
  if (field) expect(error.extensions.fields?.map((problem) => problem.field)).toEqual([field]);
  return error;
}

describe('article previews', () => {
  let api: TestApi;
  let n: Awaited<ReturnType<typeof newsroom>>;

  async function read(api_: TestApi, slug: string, preview: string | undefined, options: { fields?: string; extra?: string; bearer?: string } = {}) {
    const response = await api_.request(
      'POST',
      '/graphql',
      JSON.stringify({ query: previewQuery(options.fields, options.extra), variables: { publication: 'daily', slug, preview } }),
      { 'content-type': 'application/json', ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}) },
    );
    const answer: Answer = { status: response.status, headers: response.headers, ...(JSON.parse(response.body) as Pick<Answer, 'data' | 'errors'>) };
    return answer;
  }
  const preview = (slug: string, token: string | undefined, options: { fields?: string; extra?: string; bearer?: string } = {}) =>
    read(api, slug, token, options);

  async function link(articleId: string, token?: string) {
    return api.graphql<{ createPreviewLink: { token: string; expiresAt: string } }>(CREATE_PREVIEW_LINK, { articleId }, token);
  }
  async function linkFor(articleId: string, token = n.tokens.contributor): Promise<string> {
    const response = await link(articleId, token);
    expect(response.errors).toBeUndefined();
    return response.data.createPreviewLink.token;
  }
  async function transition(input: Record<string, unknown>) {
    const response = await api.graphql(
      `mutation ($input: TransitionArticleInput!) { transitionArticle(input: $input) { status } }`,
      { input },
      n.tokens.editor,
    );
    expect(response.errors).toBeUndefined();
  }

  beforeAll(async () => {
    api = await TestApi.start({ responseCache: true });
    n = await newsroom(api);
    await api.settle();
  });
  afterAll(() => api.close());

  describe('createPreviewLink', () => {
    it('gives a contributor a link to their own draft, expiring after PREVIEW_TTL_SECONDS', async () => {
      const draft = await n.article('link-me');
      const before = Date.now();
      const response = await link(draft.id, n.tokens.contributor);
      expect(response.errors).toBeUndefined();
      const { token, expiresAt } = response.data.createPreviewLink;
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      // the default: an hour, in whole seconds
      expect(new Date(expiresAt).getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000);
      expect(new Date(expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
    });

    it("refuses a contributor a link to someone else's draft with FORBIDDEN", async () => {
      const othersDraft = await n.article('not-yours', 'DRAFT', 'contributor2');
      const response = await link(othersDraft.id, n.tokens.contributor);
      expectRefused(response, 'FORBIDDEN');
      expect(response.data).toBeNull();
    });

    it('refuses another publication’s editor with FORBIDDEN', async () => {
      const draft = await n.article('rivals-keep-out');
      expectRefused(await link(draft.id, n.tokens.rivalEditor), 'FORBIDDEN');
    });

    it('refuses the anonymous with UNAUTHENTICATED', async () => {
      const draft = await n.article('anonymous-link');
      const response = await link(draft.id);
      expectRefused(response, 'UNAUTHENTICATED');
      expect(response.data).toBeNull();
    });

    it('answers NOT_FOUND for no article, BAD_USER_INPUT for no id', async () => {
      expectRefused(await link('00000000-0000-4000-8000-000000000000', n.tokens.editor), 'NOT_FOUND');
      expectRefused(await link('draft-a', n.tokens.editor), 'BAD_USER_INPUT', 'articleId');
    });

    it('lets an editor make one for any article of the publication', async () => {
      const draft = await n.article('editors-see-all', 'SUBMITTED', 'contributor2');
      await linkFor(draft.id, n.tokens.editor);
    });
  });

  describe('reading with a preview link', () => {
    it('shows an anonymous reader the draft as the public page would, never cached, edits included', async () => {
      const draft = await n.article('draft-a');
      const token = await linkFor(draft.id);
      await api.settle();

      // The public read of the slug comes first and is kept: it must not answer the preview.
      const publicRead = await preview('draft-a', undefined);
      expect(publicRead.errors).toBeUndefined();
      expect(publicRead.data!.publication!.article).toBeNull();
      expect(publicRead.headers['cache-control']).toMatch(/^public/);
      expect((await preview('draft-a', undefined)).headers['x-cache']).toBe('HIT');

      const first = await preview('draft-a', token);
      expect(first.errors).toBeUndefined();
      expect(first.data!.publication!.article).toMatchObject({
        id: draft.id,
        slug: 'draft-a',
        canonicalSlug: 'draft-a',
        headline: 'The story of draft-a',
        status: 'DRAFT',
        bodyHtml: '<p>The words of draft-a.</p>',
        publishedAt: null,
        // the byline as the public reads it: no email
        authors: [{ name: 'Rina Writer', email: null }],
        retraction: null,
      });
      expect(first.headers['cache-control']).toBe('private, no-store');
      expect(first.headers['surrogate-key']).toBeUndefined();

      // Asked again, it is computed again: nothing was kept.
      const statements = await api.countStatements(async () => {
        const second = await preview('draft-a', token);
        expect(second.data!.publication!.article!.headline).toBe('The story of draft-a');
        expect(second.headers['cache-control']).toBe('private, no-store');
        expect(second.headers['x-cache']).toBe('MISS');
        expect(second.headers['surrogate-key']).toBeUndefined();
      });
      expect(statements).toBeGreaterThan(0);

      const edit = await api.graphql(
        `mutation ($id: ID!, $version: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, version: $version, input: $input) { version } }`,
        { id: draft.id, version: draft.version, input: { headline: 'An edited headline', standfirst: 'Now with a standfirst' } },
        n.tokens.contributor,
      );
      expect(edit.errors).toBeUndefined();
      const edited = await preview('draft-a', token);
      expect(edited.data!.publication!.article).toMatchObject({ headline: 'An edited headline', standfirst: 'Now with a standfirst', status: 'DRAFT' });

      // The public still sees nothing of it.
      expect((await preview('draft-a', undefined)).data!.publication!.article).toBeNull();
    });

    it('shows the article in whatever status it has moved to', async () => {
      const draft = await n.article('moves-on');
      const token = await linkFor(draft.id);
      await transition({ id: draft.id, to: 'SUBMITTED', version: draft.version });
      const answer = await preview('moves-on', token);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.publication!.article).toMatchObject({ id: draft.id, status: 'SUBMITTED' });
    });

    it('opens the article by a former slug too', async () => {
      const draft = await n.article('first-slug');
      const token = await linkFor(draft.id);
      const renamed = await api.graphql(
        `mutation ($id: ID!, $version: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, version: $version, input: $input) { slug } }`,
        { id: draft.id, version: draft.version, input: { slug: 'second-slug' } },
        n.tokens.contributor,
      );
      expect(renamed.errors).toBeUndefined();
      for (const slug of ['first-slug', 'second-slug']) {
        const answer = await preview(slug, token);
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.publication!.article).toMatchObject({ id: draft.id, slug, canonicalSlug: 'second-slug' });
      }
    });

    it("refuses one draft's link with another draft's slug, or a slug of nothing, and shows neither", async () => {
      const draftA = await n.article('mine-a');
      await n.article('mine-b');
      const token = await linkFor(draftA.id);
      const withB = await preview('mine-b', token);
      const error = expectRefused(withB, 'BAD_USER_INPUT', 'preview');
      expect(withB.data!.publication!.article).toBeNull();
      expect(withB.headers['cache-control']).toBe('private, no-store');
      // the same words whether the slug exists or not: the link tells nothing of other drafts
      const withNothing = await preview('no-such-story', token);
      expect(expectRefused(withNothing, 'BAD_USER_INPUT', 'preview').message).toBe(error.message);
      expect(JSON.stringify(withB)).not.toContain('mine-b.');
    });

    it("returns null for a draft's slug without a link", async () => {
      await n.article('no-link');
      const answer = await preview('no-link', undefined);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.publication!.article).toBeNull();
    });

    it('keeps staff-only fields and the desk closed to the link holder', async () => {
      const draft = await n.article('staff-fields');
      const token = await linkFor(draft.id);
      for (const field of ['scheduledFor', 'history { to comment }', 'revisions { version bodyHtml }']) {
        const answer = await preview('staff-fields', token, { fields: `headline ${field}` });
        expect(answer.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
        // a nullable field is null; a list's null takes the article with it
        const article = answer.data!.publication!.article;
        expect(article?.scheduledFor ?? article?.history ?? article?.revisions ?? null).toBeNull();
      }
      const transitions = await preview('staff-fields', token, { fields: 'headline availableTransitions' });
      expect(transitions.errors).toBeUndefined();
      expect(transitions.data!.publication!.article!.availableTransitions).toEqual([]);

      const desk = await preview('staff-fields', token, { fields: 'id', extra: 'desk(first: 5) { edges { node { id } } }' });
      expect(desk.errors?.map((e) => [e.path?.join('.'), e.extensions.code])).toEqual([['publication.desk', 'UNAUTHENTICATED']]);
      expect(JSON.stringify(desk.data)).not.toContain('edges');

      const byId = await api.graphql(`query ($id: ID!) { article(id: $id) { headline } }`, { id: draft.id });
      expectRefused(byId, 'UNAUTHENTICATED');
    });

    it('refuses a spiked article, even with a link made before the spike', async () => {
      const draft = await n.article('to-spike');
      const token = await linkFor(draft.id);
      await transition({ id: draft.id, to: 'SPIKED', comment: 'Not running it', version: draft.version });
      const answer = await preview('to-spike', token);
      expect(expectRefused(answer, 'BAD_USER_INPUT', 'preview').message).toMatch(/spiked/);
      expect(answer.data!.publication!.article).toBeNull();
      expectRefused(await link(draft.id, n.tokens.editor), 'BAD_USER_INPUT', 'articleId');
    });

    it('shows a retracted article as its public tombstone: no body', async () => {
      const story = await n.article('to-retract', 'PUBLISHED');
      const token = await linkFor(story.id, n.tokens.editor);
      await transition({ id: story.id, to: 'RETRACTED', comment: 'The source recanted', version: story.version });
      const answer = await preview('to-retract', token);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.publication!.article).toMatchObject({
        id: story.id,
        status: 'RETRACTED',
        bodyHtml: null,
        standfirst: null,
        retraction: { reason: 'The source recanted' },
      });
      expect(answer.headers['cache-control']).toBe('private, no-store');
    });

    it('answers a published story’s preview fresh even when its public page is kept', async () => {
      const story = await n.article('already-out', 'PUBLISHED');
      await api.settle();
      await preview('already-out', undefined);
      expect((await preview('already-out', undefined)).headers['x-cache']).toBe('HIT');
      const answer = await preview('already-out', await linkFor(story.id, n.tokens.editor));
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.publication!.article).toMatchObject({ id: story.id, status: 'PUBLISHED' });
      expect(answer.headers['cache-control']).toBe('private, no-store');
      expect(answer.headers['x-cache']).toBe('MISS');
    });
  });

  describe('tokens that are not a live preview link', () => {
    let draft: { id: string };
    beforeAll(async () => {
      draft = await n.article('guarded');
    });

    it('refuses garbage, a forged signature, an unsigned token and one that never expires', async () => {
      const forged = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(draft.id)
        .setIssuer('newsroom-cms')
        .setAudience('newsroom-preview')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('not-the-secret-of-this-api-but-long-enough'));
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: draft.id, aud: 'newsroom-preview' })).toString('base64url')}.`;
      // Signed with this API's secret, for its audience, but never expiring: not one of ours.
      const endless = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(draft.id)
        .setIssuer('newsroom-cms')
        .setAudience('newsroom-preview')
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));
      for (const token of ['garbage', '', forged, unsigned, endless]) {
        const answer = await preview('guarded', token);
        expect(expectRefused(answer, 'BAD_USER_INPUT', 'preview').message).toMatch(/not a valid preview link/);
        expect(answer.data!.publication!.article).toBeNull();
        expect(answer.headers['cache-control']).toBe('private, no-store');
      }
    });

    it('refuses a token too long to be one before reading it', async () => {
      const answer = await preview('guarded', 'x'.repeat(2049));
      expectRefused(answer, 'BAD_USER_INPUT', 'preview');
      expect(answer.data?.publication?.article ?? null).toBeNull();
    });

    it('does not take a staff bearer token as a preview link', async () => {
      const answer = await preview('guarded', n.tokens.contributor);
      expect(expectRefused(answer, 'BAD_USER_INPUT', 'preview').message).toMatch(/not a valid preview link/);
      expect(answer.data!.publication!.article).toBeNull();
    });

    it('does not take a preview link as a bearer token', async () => {
      const token = await linkFor(draft.id);
      expectRefused(await api.graphql(`{ me { id } }`, {}, token), 'UNAUTHENTICATED');
      const desk = await read(api, 'guarded', undefined, { bearer: token, fields: 'id', extra: 'desk(first: 5) { edges { node { id } } }' });
      expect(desk.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(desk.data ?? null)).not.toContain(draft.id);
    });
  });

  describe('with a short link life and no response cache', () => {
    let shortApi: TestApi;
    let m: Awaited<ReturnType<typeof newsroom>>;

    beforeAll(async () => {
      // Long enough for the first read on a loaded machine (expiry counts whole seconds from issue).
      shortApi = await TestApi.start({ integration: { previewTtlSeconds: 3 } });
      m = await newsroom(shortApi);
    });
    afterAll(() => shortApi.close());

    it('shows the draft, private, until the link expires, then says it expired', async () => {
      const draft = await m.article('fleeting');
      const response = await shortApi.graphql<{ createPreviewLink: { token: string; expiresAt: string } }>(
        CREATE_PREVIEW_LINK,
        { articleId: draft.id },
        m.tokens.contributor,
      );
      expect(response.errors).toBeUndefined();
      const { token, expiresAt } = response.data.createPreviewLink;
      expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(3000);

      const fresh = await read(shortApi, 'fleeting', token);
      expect(fresh.errors).toBeUndefined();
      expect(fresh.data!.publication!.article).toMatchObject({ id: draft.id, status: 'DRAFT' });
      // answered by the route, with no cache in front: private all the same
      expect(fresh.headers['cache-control']).toBe('private, no-store');
      expect(fresh.headers['surrogate-key']).toBeUndefined();

      await sleep(Math.max(0, new Date(expiresAt).getTime() - Date.now()) + 1100);
      const expired = await read(shortApi, 'fleeting', token);
      expect(expectRefused(expired, 'BAD_USER_INPUT', 'preview').message).toMatch(/expired/);
      expect(expired.data!.publication!.article).toBeNull();
      expect(expired.headers['cache-control']).toBe('private, no-store');
    });
  });
});
