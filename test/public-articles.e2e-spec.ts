import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestApi } from './helpers/api.js';
import { aPublication, aSection, anArticle, anAuthor } from './factories/newsroom.factory.js';

// What the public may see, through every public door: published, printed and due stories,
// a retraction only as a tombstone, and nothing else.

const HOUR = 3600_000;

describe('public article reads', () => {
  let api: TestApi;
  let pub: { id: string; slug: string };
  let other: { id: string; slug: string };
  let news: { id: string; slug: string };
  let local: { id: string; slug: string };
  let sport: { id: string; slug: string };
  let author: { id: string; slug: string };
  const visible: string[] = [];
  const hidden: Record<string, string> = {};

  beforeAll(async () => {
    api = await TestApi.start();
    const db = api.prisma;
    pub = await aPublication(db, { slug: 'daily' });
    other = await aPublication(db, { slug: 'weekly' });
    news = await aSection(db, pub.id, { slug: 'news' });
    local = await aSection(db, pub.id, { slug: 'local', parentId: news.id });
    sport = await aSection(db, pub.id, { slug: 'sport' });
    author = await anAuthor(db, { slug: 'writer' });
    const base = Date.parse('2024-01-01T00:00:00Z');
    // 30 public articles; every third shares a timestamp with the one before (ties break by id).
    for (let i = 0; i < 30; i++) {
      const at = new Date(base + Math.floor(i / 2) * HOUR);
      const section = i % 3 === 0 ? local : i % 3 === 1 ? news : sport;
      const status = i % 5 === 0 ? 'PRINTED' : 'PUBLISHED';
      const a = await anArticle(
        db,
        { publicationId: pub.id, sectionId: section.id },
        {
          slug: `story-${i}`,
          status,
          publishedAt: at,
          tags: i % 2 ? ['elections'] : ['weather'],
          authorIds: [author.id],
          headline: `Story ${i} about the harbour`,
          bodyHtml: `<p>Story ${i} body mentions the harbour.</p>`,
        },
      );
      visible.push(a.id);
    }
    // A scheduled story whose time has come is public even before the scheduler runs.
    const due = await anArticle(
      db,
      { publicationId: pub.id, sectionId: news.id },
      {
        slug: 'due',
        status: 'SCHEDULED',
        scheduledFor: new Date(Date.now() - 60_000),
        tags: ['elections'],
        authorIds: [author.id],
        headline: 'Due story about the harbour',
        bodyHtml: '<p>harbour</p>',
      },
    );
    visible.push(due.id);
    for (const status of ['DRAFT', 'SUBMITTED', 'EDITED', 'APPROVED', 'SPIKED'] as const) {
      const a = await anArticle(
        db,
        { publicationId: pub.id, sectionId: news.id },
        {
          slug: `hidden-${status.toLowerCase()}`,
          status,
          tags: ['elections'],
          authorIds: [author.id],
          headline: `Secret ${status} about the harbour`,
          bodyHtml: '<p>harbour</p>',
          publishedAt: null,
        },
      );
      hidden[status] = a.id;
    }
    const notDue = await anArticle(
      db,
      { publicationId: pub.id, sectionId: news.id },
      {
        slug: 'hidden-scheduled',
        status: 'SCHEDULED',
        scheduledFor: new Date(Date.now() + 24 * HOUR),
        tags: ['elections'],
        authorIds: [author.id],
        headline: 'Embargoed story about the harbour',
        bodyHtml: '<p>harbour</p>',
      },
    );
    hidden.SCHEDULED = notDue.id;
    const retracted = await anArticle(
      db,
      { publicationId: pub.id, sectionId: news.id },
      {
        slug: 'withdrawn',
        status: 'RETRACTED',
        publishedAt: new Date(base),
        tags: ['elections'],
        authorIds: [author.id],
        headline: 'Withdrawn story about the harbour',
        bodyHtml: '<p>harbour secret body</p>',
        retractionReason: 'It was wrong.',
      },
    );
    hidden.RETRACTED = retracted.id;
    // The same author in another publication: never on this publication's pages.
    const elsewhere = await aSection(db, other.id, { slug: 'news' });
    hidden.OTHER = (
      await anArticle(
        db,
        { publicationId: other.id, sectionId: elsewhere.id },
        {
          slug: 'story-0',
          tags: ['elections'],
          authorIds: [author.id],
          headline: 'Elsewhere about the harbour',
        },
      )
    ).id;
  });

  afterAll(() => api.close());

  type Listing = 'FrontPage' | 'TagPage' | 'AuthorPage' | 'Search';
  type Connection = { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };

  /** The connection of a listing operation's answer, wherever it sits. */
  function connectionOf(publication: { articles?: Connection; author?: { articles: Connection }; search?: Connection }): Connection {
    return publication.articles ?? publication.author?.articles ?? publication.search!;
  }

  async function pageThrough(operation: Listing, variables: Record<string, unknown>, first: number) {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const { data, errors } = await api.operation(operation, { ...variables, first, after });
      expect(errors).toBeUndefined();
      const connection = connectionOf(data.publication);
      ids.push(...connection.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!connection.pageInfo.hasNextPage) return ids;
      after = connection.pageInfo.endCursor;
    }
    throw new Error('paging did not end');
  }

  const expectedOrder = async (ids: string[]) => {
    const rows = await api.prisma.article.findMany({ where: { id: { in: ids } }, select: { id: true, publishedAt: true } });
    return rows.sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.id);
  };

  it('pages the front page newest first, with no story skipped or repeated', async () => {
    const ids = await pageThrough('FrontPage', { publication: 'daily' }, 7);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(await expectedOrder(visible));
  });

  it('lists a section with its subsections', async () => {
    const ids = await pageThrough('FrontPage', { publication: 'daily', section: 'news' }, 4);
    const rows = await api.prisma.article.findMany({ where: { id: { in: visible }, sectionId: { in: [news.id, local.id] } }, select: { id: true } });
    expect(ids).toEqual(await expectedOrder(rows.map((r) => r.id)));
    const localOnly = await pageThrough('FrontPage', { publication: 'daily', section: 'local' }, 100);
    expect(localOnly).toHaveLength(10);
  });

  it('lists a tag, an author and a search with the same rule', async () => {
    const tagged = await pageThrough('TagPage', { publication: 'daily', tag: 'Elections' }, 5);
    expect(tagged).toHaveLength(16);
    const byAuthor = await pageThrough('AuthorPage', { publication: 'daily', slug: 'writer' }, 9);
    expect(byAuthor).toEqual(await expectedOrder(visible));
    const found = await pageThrough('Search', { publication: 'daily', query: 'harbour' }, 8);
    expect(found).toEqual(await expectedOrder(visible));
  });

  it('never shows a draft, an edit in progress, a spiked, an embargoed or a retracted story in a list', async () => {
    const lists = [
      await pageThrough('FrontPage', { publication: 'daily' }, 100),
      await pageThrough('FrontPage', { publication: 'daily', section: 'news' }, 100),
      await pageThrough('TagPage', { publication: 'daily', tag: 'elections' }, 100),
      await pageThrough('AuthorPage', { publication: 'daily', slug: 'writer' }, 100),
      await pageThrough('Search', { publication: 'daily', query: 'harbour' }, 100),
      await pageThrough('Search', { publication: 'daily', query: 'secret OR embargoed OR withdrawn' }, 100),
    ];
    for (const ids of lists) for (const id of Object.values(hidden)) expect(ids).not.toContain(id);
    const { data } = await api.operation('ArticlePage', { publication: 'daily', slug: 'story-1' });
    const related = data.publication.article.related.map((r: { id: string }) => r.id);
    expect(related).toHaveLength(4);
    for (const id of Object.values(hidden)) expect(related).not.toContain(id);
  });

  it.each(['hidden-draft', 'hidden-submitted', 'hidden-edited', 'hidden-approved', 'hidden-spiked', 'hidden-scheduled', 'no-such-story'])(
    'answers %s by slug exactly as a slug that does not exist',
    async (slug) => {
      const response = await api.operation('ArticlePage', { publication: 'daily', slug });
      expect(response).toEqual({ status: 200, data: { publication: { article: null } } });
    },
  );

  it('shows a retracted story by slug only as a tombstone: headline, reason and time', async () => {
    const { data } = await api.operation('ArticlePage', { publication: 'daily', slug: 'withdrawn' });
    const article = data.publication.article;
    expect(article.headline).toBe('Withdrawn story about the harbour');
    expect(article.status).toBe('RETRACTED');
    expect(article.retraction).toEqual({ reason: 'It was wrong.', retractedAt: expect.any(String) });
    expect(article.bodyHtml).toBeNull();
    expect(article.bodyText).toBeNull();
    expect(article.standfirst).toBeNull();
    expect(article.related).toEqual([]);
    expect(JSON.stringify(data)).not.toContain('secret body');
  });

  it('keeps an old slug resolving to the article, with the current one as canonicalSlug', async () => {
    const article = await api.prisma.article.findFirstOrThrow({ where: { slug: 'story-3' } });
    await api.prisma.articleSlug.create({ data: { publicationId: pub.id, slug: 'story-3-old-headline', articleId: article.id } });
    const { data } = await api.operation('ArticlePage', { publication: 'daily', slug: 'story-3-old-headline' });
    expect(data.publication.article).toMatchObject({ id: article.id, slug: 'story-3-old-headline', canonicalSlug: 'story-3' });
  });

  it.each([
    [101, 'first'],
    [0, 'first'],
    [-1, 'first'],
    [99999999, 'first'],
  ])('refuses first: %d with BAD_USER_INPUT naming the field', async (first, field) => {
    const { data, errors } = await api.operation('FrontPage', { publication: 'daily', first });
    expect(data?.publication?.articles ?? null).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field })] });
  });

  it.each([
    ['random base64', Buffer.from('hello world, not a cursor').toString('base64url')],
    ['not base64 at all', "' OR 1=1--"],
    ['a 10 kB string', 'x'.repeat(10_000)],
  ])('refuses a cursor that the API did not issue (%s)', async (_name, after) => {
    const { errors } = await api.operation('FrontPage', { publication: 'daily', after });
    expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it("refuses another list's cursor", async () => {
    const { data } = await api.operation('TagPage', { publication: 'daily', tag: 'weather', first: 1 });
    const after = data.publication.articles.pageInfo.endCursor;
    const { errors } = await api.operation('FrontPage', { publication: 'daily', after });
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after', message: expect.any(String) }] });
  });

  it.each([
    ['a quote', "' OR 1=1--"],
    ['a statement', '1; SELECT pg_sleep(5)'],
    ['a LIKE wildcard', '%'],
    ['a backslash', '\\'],
    ['a long word', 'a'.repeat(10_000)],
  ])('treats %s in a search or tag as text to match, not SQL', async (_name, text) => {
    const started = Date.now();
    const search = await api.operation('Search', { publication: 'daily', query: text.slice(0, 200) });
    const tag = await api.operation('TagPage', { publication: 'daily', tag: text.slice(0, 100) });
    expect(search.errors).toBeUndefined();
    expect(tag.errors).toBeUndefined();
    expect(tag.data.publication.articles.edges).toEqual([]);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('refuses NUL bytes and over-long text with BAD_USER_INPUT', async () => {
    const nul = await api.operation('ArticlePage', { publication: 'daily', slug: 'story\u00001' });
    expect(nul.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'slug', message: expect.any(String) }] });
    const long = await api.operation('Search', { publication: 'daily', query: 'x'.repeat(10_000) });
    expect(long.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'query' })] });
  });

  it('answers an unknown publication with null', async () => {
    const { data, errors } = await api.operation('FrontPage', { publication: 'no-such-paper' });
    expect(errors).toBeUndefined();
    expect(data).toEqual({ publication: null });
  });
});
