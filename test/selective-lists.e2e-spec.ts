import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RECENT_WINDOW, SEARCH_WINDOW } from '../src/articles/articles.repository.js';
import { TestApi } from './helpers/api.js';
import { aPublication, aSection, anArticle, anAuthor } from './factories/newsroom.factory.js';

// Search, tag and author lists read the newest stories first and ask the filter's own index
// only when those hold too few matches (articles.repository.ts, listPublicMatching). Here the
// archive is longer than either walk, with matches only beyond it, among it, and on both sides
// of it: every list must be the same, newest first, page after page, as if it had read all.

const HOUR = 3600_000;

describe('lists filtered by words, a tag or an author, past the newest stories', () => {
  let api: TestApi;
  const base = Date.parse('2024-01-01T00:00:00Z');
  let author: { id: string; slug: string };

  beforeAll(async () => {
    api = await TestApi.start();
    const db = api.prisma;
    const pub = await aPublication(db, { slug: 'long-archive' });
    const section = await aSection(db, pub.id);
    author = await anAuthor(db, { slug: 'rare-writer' });
    const filler = Math.max(RECENT_WINDOW, SEARCH_WINDOW) + 50;
    // Filler, written in one statement (the triggers fill the search vectors).
    await db.$executeRaw`
      INSERT INTO articles (id, publication_id, section_id, slug, headline, body_html, body_text, status, published_at, tags, updated_at)
      SELECT gen_random_uuid(), ${pub.id}::uuid, ${section.id}::uuid, 'filler-' || n, 'Filler ' || n, '<p>Harbour news.</p>', 'Harbour news.',
             'PUBLISHED', ${new Date(base)}::timestamptz + n * interval '1 hour', ARRAY['harbour'], now()
      FROM generate_series(1, ${filler}) n`;
    // Matches: three older than every filler story, two among the newest, one scheduled (not yet public).
    const match = (slug: string, at: number, status: 'PUBLISHED' | 'SCHEDULED' = 'PUBLISHED') =>
      anArticle(
        db,
        { publicationId: pub.id, sectionId: section.id },
        {
          slug,
          status,
          publishedAt: new Date(at),
          scheduledFor: status === 'SCHEDULED' ? new Date(at) : null,
          tags: ['zeppelin-sighting'],
          authorIds: [author.id],
          bodyHtml: `<p>A zeppelin over the harbour (${slug}).</p>`,
        },
      );
    await match('old-1', base - 3 * HOUR);
    await match('old-2', base - 2 * HOUR);
    await match('old-3', base - HOUR);
    await match('new-1', base + (filler - 10) * HOUR);
    await match('new-2', base + (filler + 10) * HOUR);
    await match('future', Date.now() + 24 * HOUR, 'SCHEDULED');
  });
  afterAll(() => api.close());

  const EXPECTED = ['new-2', 'new-1', 'old-3', 'old-2', 'old-1'];

  interface Page {
    edges: { node: { slug: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }
  const slugsOf = (page: Page) => page.edges.map((edge) => edge.node.slug);

  it.each([
    ['Search', { query: 'zeppelin' }, (data: unknown) => (data as { publication: { search: Page } }).publication.search],
    ['TagPage', { tag: 'zeppelin-sighting' }, (data: unknown) => (data as { publication: { articles: Page } }).publication.articles],
    ['AuthorPage', { slug: 'rare-writer' }, (data: unknown) => (data as { publication: { author: { articles: Page } } }).publication.author.articles],
  ] as const)('%s finds every match, newest first, page after page', async (operation, variables, connectionOf) => {
    const slugs: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 5; page++) {
      const { data, errors } = await api.operation(operation, { publication: 'long-archive', ...variables, first: 2, after });
      expect(errors).toBeUndefined();
      const connection = connectionOf(data);
      slugs.push(...slugsOf(connection));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor ?? undefined;
    }
    expect(slugs).toEqual(EXPECTED);
    // All at once as well.
    const { data } = await api.operation(operation, { publication: 'long-archive', ...variables, first: 20 });
    expect(slugsOf(connectionOf(data))).toEqual(EXPECTED);
  });

  it('finds nothing quickly for a word no story has, and a common word among the newest', async () => {
    const none = await api.operation('Search', { publication: 'long-archive', query: 'quokka', first: 20 });
    expect(none.data.publication.search.edges).toEqual([]);
    const common = await api.operation('Search', { publication: 'long-archive', query: 'harbour', first: 3 });
    const newest = Math.max(RECENT_WINDOW, SEARCH_WINDOW) + 50;
    expect(common.data.publication.search.edges.map((edge) => edge.node.slug)).toEqual(['new-2', `filler-${newest}`, `filler-${newest - 1}`]);
  });
});
