import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RECENT_WINDOW } from '../src/articles/articles.repository.js';
import { TestApi } from './helpers/api.js';
import { aPublication, aSection, anArticle } from './factories/newsroom.factory.js';

// Related stories: public stories of the publication sharing a tag, newest first, then
// stories of the same section; each once, never the story itself. Stories sharing a tag are
// looked for among the newest stories first and through the tags' index after that: both
// ways are exercised here, with more recent stories than that first look covers.

const DAY = 24 * 3600_000;

describe('related stories', () => {
  let api: TestApi;

  const related = async (slug: string): Promise<string[]> => {
    const { data, errors } = await api.operation('ArticlePage', { publication: 'related', slug });
    expect(errors).toBeUndefined();
    return data.publication.article.related.map((story) => story.slug);
  };

  beforeAll(async () => {
    api = await TestApi.start();
    const db = api.prisma;
    const pub = await aPublication(db, { slug: 'related' });
    const news = await aSection(db, pub.id, { slug: 'news' });
    const sport = await aSection(db, pub.id, { slug: 'sport' });
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY);
    const story = (slug: string, sectionId: string, tags: string[], daysAgo: number, status: 'PUBLISHED' | 'DRAFT' = 'PUBLISHED') =>
      anArticle(db, { publicationId: pub.id, sectionId }, { slug, tags, status, publishedAt: status === 'DRAFT' ? null : at(daysAgo) });
    // Old stories on a rare tag, far behind the newest.
    await story('rare-old', sport.id, ['rare'], 2000);
    await story('rare-older', news.id, ['rare'], 2100);
    await story('rare-draft', news.id, ['rare'], 0, 'DRAFT');
    // Recent stories on a common tag, in sport.
    for (let i = 1; i <= 5; i++) await story(`common-${i}`, sport.id, ['common'], i);
    await story('common-news', news.id, ['common', 'other'], 0.5);
    // More recent stories than the first look covers, sharing nothing with the above.
    const filler = Array.from({ length: RECENT_WINDOW + 20 }, (_, i) => ({
      publicationId: pub.id,
      sectionId: news.id,
      slug: `filler-${i}`,
      headline: `Filler ${i}`,
      tags: ['filler'],
      status: 'PUBLISHED' as const,
      publishedAt: at(10 + i / 1000),
    }));
    await db.article.createMany({ data: filler });
    await story('untagged-sport', sport.id, [], 3000);
  });
  afterAll(() => api.close());

  it('lists stories sharing a tag newest first, the story itself never', async () => {
    expect(await related('common-news')).toEqual(['common-1', 'common-2', 'common-3', 'common-4']);
  });

  it('finds stories sharing a rare tag beyond the newest, then fills up from the section, each once', async () => {
    // rare-older shares the tag; then sport, newest first (common-1..3); not the draft.
    expect(await related('rare-old')).toEqual(['rare-older', 'common-1', 'common-2', 'common-3']);
    expect(await related('rare-older')).toEqual(['rare-old', 'common-news', 'filler-0', 'filler-1']);
  });

  it('counts a story sharing the tag and the section once, as sharing the tag', async () => {
    expect(await related('common-1')).toEqual(['common-news', 'common-2', 'common-3', 'common-4']);
  });

  it('falls back to the section for a story with no tags', async () => {
    expect(await related('untagged-sport')).toEqual(['common-1', 'common-2', 'common-3', 'common-4']);
  });

  it('reads related stories of a whole page in one statement', async () => {
    const query = `query { publication(slug: "related") { articles(first: 20) { edges { node { slug related(first: 4) { slug } } } } } }`;
    await api.graphql(query);
    expect(await api.countStatements(() => api.graphql(query))).toBe(2);
  });
});
