import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_ARTICLE, DEMO_PUBLICATION, loadDemoData } from '../prisma/demo-data.js';
import { TestApi } from './helpers/api.js';

describe('public reads of the demo newsroom', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start();
    await loadDemoData(api.prisma);
  });

  afterAll(() => api.close());

  it('serves the seed article as it appeared', async () => {
    const { data, errors } = await api.operation('ArticlePage', { publication: DEMO_PUBLICATION, slug: DEMO_ARTICLE });
    expect(errors).toBeUndefined();
    const article = data.publication.article;
    expect(article.headline).toBe('Why would Russia want to return to the Afghan peace process?');
    expect(article.standfirst).toMatch(/^Russia has friendly relations with the Afghan government\./);
    expect(article.authors).toEqual([{ slug: 'md-tareq-hasan', name: 'Md. Tareq Hasan', bio: expect.any(String) }]);
    expect(article.authorNote).toMatch(/^The writer is a student of Rajshahi University\./);
    expect(article.section).toEqual({ slug: 'opinion', name: 'Opinion' });
    expect(article.publishedAt).toBe('2021-04-05T12:55:53Z');
    expect(article.bodyHtml.match(/<p>/g)).toHaveLength(18);
    expect(article.bodyText.split('\n')).toHaveLength(18);
    expect(article.bodyText).not.toMatch(/Comments|More Opinion Stories|Copyright/);
    expect(article.wordCount).toBeGreaterThan(1200);
    expect(article.canonicalSlug).toBe(DEMO_ARTICLE);
    expect(article.status).toBe('PUBLISHED');
  });

  it('loads the demo data once however often it runs', async () => {
    const before = await api.prisma.article.count();
    await expect(loadDemoData(api.prisma)).resolves.toEqual({ articles: 0 });
    expect(await api.prisma.article.count()).toBe(before);
  });

  it('gives the publication its masthead and offices as the footer shows them', async () => {
    const { data } = await api.operation('Publication', { publication: DEMO_PUBLICATION });
    expect(data.publication.masthead).toEqual({
      editor: 'M. Shamsur Rahman',
      publisher: expect.stringContaining('Independent Publications Limited'),
      printer: 'Media Printers, 446/H, Tejgaon I/A, Dhaka-1215',
      copyright: expect.stringContaining('Copyright'),
      offices: [
        {
          label: 'Editorial, News & Commercial Offices',
          address: 'Beximco Media Complex, 149-150 Tejgaon I/A, Dhaka-1208, Bangladesh. GPO Box No. 934, Dhaka-1000.',
        },
      ],
    });
    expect(data.publication.timeZone).toBe('Asia/Dhaka');
    const opinion = data.publication.sections.find((s: { slug: string }) => s.slug === 'opinion');
    expect(opinion!.children).toEqual([{ slug: 'editorial', name: 'Editorial' }]);
  });
});
