import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestApi } from './helpers/api.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';

// How many SQL statements each public operation of the contract sends, pinned: a change that
// adds a round trip per story, per field or per request fails here before a benchmark sees
// it. Counted with the response cache off (every request reaches the database) and the
// publication and section trees kept in memory, as they are between changes.

const HOUR = 3600_000;

describe('SQL statements per public operation', () => {
  let api: TestApi;
  let articleSlug: string;
  let adminToken: string;

  beforeAll(async () => {
    api = await TestApi.start();
    const db = api.prisma;
    const pub = await aPublication(db, { slug: 'counted' });
    const news = await aSection(db, pub.id, { slug: 'news' });
    const local = await aSection(db, pub.id, { slug: 'local', parentId: news.id });
    const sport = await aSection(db, pub.id, { slug: 'sport' });
    const authors = await Promise.all([0, 1, 2].map((i) => anAuthor(db, { slug: `writer-${i}` })));
    const base = Date.parse('2025-03-01T00:00:00Z');
    for (let i = 0; i < 45; i++) {
      const article = await anArticle(
        db,
        { publicationId: pub.id, sectionId: [news, local, sport][i % 3].id },
        {
          slug: `story-${i}`,
          publishedAt: new Date(base + i * HOUR),
          tags: ['harbour', i % 2 ? 'elections' : 'weather'],
          authorIds: authors.slice(0, 1 + (i % 3)).map((a) => a.id),
          bodyHtml: `<p>Story ${i} about the harbour and the ferry.</p>`,
        },
      );
      if (i === 44) articleSlug = article.slug;
      // Every story has a lead picture; the last one a picture in its body too.
      const image = await db.image.create({
        data: {
          publicationId: pub.id,
          mimeType: 'image/jpeg',
          width: 1600,
          height: 900,
          bytes: 1000,
          contentHash: `${i}`.padStart(64, '0'),
          caption: `Picture ${i}`,
        },
      });
      await db.articleImage.create({ data: { articleId: article.id, position: 0, imageId: image.id } });
      if (i === 44) {
        await db.article.update({ where: { id: article.id }, data: { bodyHtml: `<p>Story ${i}.</p><figure data-image-id="${image.id}"></figure>` } });
        await db.articleImage.create({ data: { articleId: article.id, position: 1, imageId: image.id } });
      }
      if (i % 4 === 0) await db.correction.create({ data: { articleId: article.id, text: `Correction to ${i}` } });
    }
    const edition = await db.printEdition.create({ data: { publicationId: pub.id, date: new Date('2025-03-02T00:00:00Z'), status: 'PRINTED' } });
    const placed = await db.article.findMany({ where: { publicationId: pub.id }, take: 6, orderBy: { slug: 'asc' } });
    for (const [i, article] of placed.entries()) await db.placement.create({ data: { editionId: edition.id, articleId: article.id, page: 1 + (i % 3) } });
    await db.article.updateMany({ where: { id: { in: placed.map((a) => a.id) } }, data: { status: 'PRINTED' } });
    const admin = await aUser(db, { isAdmin: true });
    adminToken = await api.tokenFor(admin.id);
    // The publication and its sections are read once and kept.
    await api.operation('Publication', { publication: 'counted' });
  });
  afterAll(() => api.close());

  const pageAfter = async (variables: Record<string, unknown>, pages: number): Promise<string> => {
    let after: string | undefined;
    for (let i = 0; i < pages; i++) {
      const { data } = await api.operation('FrontPage', { ...variables, first: 10, after });
      after = data.publication.articles.pageInfo.endCursor ?? undefined;
    }
    return after!;
  };

  it.each([
    ['FrontPage, 1 story', 1, 'FrontPage', { first: 1 }],
    ['FrontPage, 20 stories', 1, 'FrontPage', { first: 20 }],
    ['FrontPage, 100 stories', 1, 'FrontPage', { first: 100 }],
    ['FrontPage of a section and its subsections', 1, 'FrontPage', { section: 'news', first: 20 }],
    ['TagPage', 1, 'TagPage', { tag: 'harbour', first: 20 }],
    ['Search', 1, 'Search', { query: 'ferry', first: 20 }],
    // the author, the page
    ['AuthorPage', 2, 'AuthorPage', { slug: 'writer-0', first: 20 }],
    // the edition, its placements, their stories
    ['TodaysPaper', 3, 'TodaysPaper', { date: '2025-03-02' }],
    ['Publication', 0, 'Publication', {}],
    // the stories with their lead pictures
    ['PictureFrontPage, 20 stories with their pictures', 1, 'PictureFrontPage', { first: 20 }],
    // the story with all its pictures (the body's drawn into bodyHtml too)
    ['ArticlePictures', 1, 'ArticlePictures', { slug: 'story-44' }],
  ] as const)('%s: %i', async (_name, expected, operation, variables) => {
    const statements = await api.statementsOf(() => api.operation(operation, { publication: 'counted', ...variables }));
    expect(statements).toHaveLength(expected);
  });

  it('ArticlePage: the story with its byline, corrections, print appearance and related stories in at most 4', async () => {
    const statements = await api.statementsOf(() => api.operation('ArticlePage', { publication: 'counted', slug: articleSlug }));
    expect(statements.length).toBeLessThanOrEqual(4);
  });

  it('a page deep in the archive costs what the first does', async () => {
    const after = await pageAfter({ publication: 'counted' }, 3);
    const statements = await api.statementsOf(() => api.operation('FrontPage', { publication: 'counted', first: 10, after }));
    expect(statements).toHaveLength(1);
  });

  it('after a change to the publication, the next read fetches it once more, then keeps it', async () => {
    const { data } = await api.operation('Publication', { publication: 'counted' });
    const { errors } = await api.graphql(`mutation { updatePublication(id: "${data.publication.id}", input: { tagline: "Counted" }) { id } }`, {}, adminToken);
    expect(errors).toBeUndefined();
    const cold = await api.statementsOf(() => api.operation('FrontPage', { publication: 'counted', first: 20 }));
    // the publication, the page
    expect(cold).toHaveLength(2);
    expect(cold[0]).toContain('"publications"');
    expect(await api.countStatements(() => api.operation('FrontPage', { publication: 'counted', first: 20 }))).toBe(1);
  });

  it('after a change to a section, the next read fetches the tree once more, then keeps it', async () => {
    const { data } = await api.operation('Publication', { publication: 'counted' });
    const sport = data.publication.sections.find((section) => section.slug === 'sport')!;
    const { errors } = await api.graphql(`mutation { updateSection(id: "${sport.id}", input: { name: "Sports" }) { id } }`, {}, adminToken);
    expect(errors).toBeUndefined();
    const cold = await api.statementsOf(() => api.operation('FrontPage', { publication: 'counted', first: 20 }));
    // the page, its sections
    expect(cold).toHaveLength(2);
    expect(cold[1]).toContain('"sections"');
    const { data: page } = await api.operation('FrontPage', { publication: 'counted', first: 20 });
    expect(page.publication.articles.edges.map((edge) => edge.node.section.name)).toContain('Sports');
    expect(await api.countStatements(() => api.operation('FrontPage', { publication: 'counted', first: 20 }))).toBe(1);
  });

  it('a byline read with a list loads the bio only when asked, once for the whole page', async () => {
    const query = `query { publication(slug: "counted") { articles(first: 30) { edges { node { authors { name bio } } } } } }`;
    const statements = await api.statementsOf(() => api.graphql(query));
    expect(statements).toHaveLength(2);
  });
});
