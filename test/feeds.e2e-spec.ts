import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_ARTICLE, DEMO_PUBLICATION, loadDemoData } from '../prisma/demo-data.js';
import { SITEMAP_MAX_URLS } from '../src/feeds/sitemap-archive.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';
import {
  fetchFrom,
  IMAGE_NS,
  MEDIA_RSS_NS,
  NEWS_NS,
  parseAtom,
  parseRss,
  parseSitemapIndex,
  parseUrlset,
  SITEMAP_NS,
  textOfHtml,
  wellFormed,
} from './feeds-reading.js';
import { TestApi } from './helpers/api.js';

// Feeds and sitemaps over HTTP: what they list is exactly what the public may read, in the
// formats their consumers parse, kept in memory (the response cache is on) yet showing a
// publish on the very next request.

const SITE = 'https://herald.example';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A story the public may read, as the test expects to see it. */
interface Live {
  id: string;
  slug: string;
  section: string;
  publishedAt: Date;
}

const monthIn = (timeZone: string, at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(at).slice(0, 7).replace('/', '-');

describe('feeds and sitemaps', () => {
  let api: TestApi;
  let pub: { id: string; slug: string };
  let sections: Record<'news' | 'politics' | 'sport', { id: string; slug: string }>;
  let writer: { id: string; name: string };
  let editorToken: string;
  const live: Live[] = [];
  const hidden: string[] = [];
  let pictured: Live;

  const get = (path: string, headers: Record<string, string> = {}) => fetchFrom(api.url, path, headers);
  const newestFirst = (stories: Live[]) => [...stories].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());

  async function story(section: keyof typeof sections, slug: string, overrides: Parameters<typeof anArticle>[2] = {}) {
    return anArticle(api.prisma, { publicationId: pub.id, sectionId: sections[section].id }, { slug, authorIds: [writer.id], ...overrides });
  }

  async function liveStory(section: keyof typeof sections, slug: string, publishedAt: Date, overrides: Parameters<typeof anArticle>[2] = {}) {
    const row = await story(section, slug, { publishedAt, ...overrides });
    const entry = { id: row.id, slug, section, publishedAt };
    live.push(entry);
    return entry;
  }

  async function transition(input: Record<string, unknown>) {
    const response = await api.operation('TransitionArticle', { input }, editorToken);
    expect(response.errors).toBeUndefined();
  }

  beforeAll(async () => {
    api = await TestApi.start({ responseCache: true });
    const db = api.prisma;
    pub = await aPublication(db, { slug: 'herald', name: 'The Herald' });
    await db.publication.update({ where: { id: pub.id }, data: { url: `${SITE}/`, locale: 'en-GB', tagline: 'All the news' } });
    const news = await aSection(db, pub.id, { slug: 'news', name: 'News' });
    sections = {
      news,
      politics: await aSection(db, pub.id, { slug: 'politics', name: 'Politics', parentId: news.id }),
      sport: await aSection(db, pub.id, { slug: 'sport', name: 'Sport' }),
    };
    writer = await anAuthor(db, { slug: 'feed-writer', name: 'Feed Writer' });
    editorToken = await api.tokenFor((await aUser(db, { role: 'EDITOR', publicationId: pub.id })).id);
    const now = Date.now();

    // The newest public story: in a subsection, tagged, with a lead picture.
    pictured = await liveStory('politics', 'pictured', new Date(now - MINUTE), { tags: ['elections', 'r&d'] });
    await db.article.update({ where: { id: pictured.id }, data: { standfirst: 'What the vote means.' } });
    const image = await db.image.create({
      data: { publicationId: pub.id, mimeType: 'image/jpeg', width: 2400, height: 1600, bytes: 1000, contentHash: 'c'.repeat(64), caption: 'The count' },
    });
    await db.articleImage.create({ data: { articleId: pictured.id, position: 0, imageId: image.id, credit: 'Herald Photo' } });
    await liveStory('news', 'in-news', new Date(now - 2 * MINUTE));
    for (let i = 0; i < 55; i++) await liveStory('sport', `match-${i}`, new Date(now - (3 + i) * MINUTE));
    // Scheduled, and its time has come: public before the scheduler runs.
    const due = await story('news', 'due', { status: 'SCHEDULED', scheduledFor: new Date(now - 30_000) });
    live.push({ id: due.id, slug: 'due', section: 'news', publishedAt: new Date(now - 30_000) });
    // Newer than every public story, so that any of them shown would be among the 50.
    const recent = new Date(now - 10_000);
    for (const status of ['DRAFT', 'SUBMITTED', 'EDITED', 'APPROVED', 'SPIKED', 'RETRACTED'] as const) {
      await story('news', `hidden-${status.toLowerCase()}`, { status, publishedAt: recent });
      hidden.push(`hidden-${status.toLowerCase()}`);
    }
    await story('news', 'hidden-scheduled', { status: 'SCHEDULED', scheduledFor: new Date(now + HOUR) });
    hidden.push('hidden-scheduled');
    // The news sitemap's two days, either side; the archive's months, in the publication's time zone (Dhaka, UTC+6).
    await liveStory('news', 'two-days-less', new Date(now - 47 * HOUR));
    await liveStory('news', 'two-days-more', new Date(now - 49 * HOUR));
    await liveStory('news', 'april-2021', new Date('2021-04-10T06:00:00Z'));
    await liveStory('news', 'first-of-may-in-dhaka', new Date('2021-04-30T20:00:00Z'));
    await liveStory('sport', 'december-2020', new Date('2020-12-15T12:00:00Z'));
    await api.settle();
  });
  afterAll(() => api.close());

  describe('RSS and Atom', () => {
    it('carry the 50 newest public stories of the publication, newest first, with absolute links', async () => {
      const response = await get('/feeds/herald/rss.xml');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      expect(wellFormed(response.body)).toBe(true);
      const feed = await parseRss(response.body);
      expect(feed.title).toBe('The Herald');
      expect(feed.link).toBe(`${SITE}/`);
      expect(feed.feedUrl).toBe(`${api.url}/feeds/herald/rss.xml`);
      const expected = newestFirst(live).slice(0, 50);
      expect(feed.items.map((item) => item.link)).toEqual(expected.map((entry) => `${SITE}/articles/${entry.slug}`));
      expect(feed.items.map((item) => item.guid)).toEqual(expected.map((entry) => `urn:uuid:${entry.id}`));
      for (const slug of hidden) expect(response.body).not.toContain(slug);
      const dates = feed.items.map((item) => Date.parse(item.isoDate!));
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
    });

    it('give each story its authors, categories (section and tags), standfirst and lead picture', async () => {
      const response = await get('/feeds/herald/rss.xml');
      const item = (await parseRss(response.body)).items.find((each) => each.link === `${SITE}/articles/pictured`)!;
      expect(item.authors).toEqual(['Feed Writer']);
      expect(item.categories).toEqual(['Politics', 'elections', 'r&d']);
      expect(item.content).toBe('What the vote means.');
      expect(item.enclosure).toMatchObject({
        type: 'image/jpeg',
        url: expect.stringMatching(new RegExp(`^${api.url}/images/[0-9a-f-]+/[0-9a-f]{16}/original-\\d+\\.jpg$`)),
      });
      const [media] = item.mediaContent!;
      expect(media.$).toEqual({ 'xmlns:media': MEDIA_RSS_NS, url: item.enclosure!.url, type: 'image/jpeg', medium: 'image' });
      expect(media['media:credit']).toEqual(['Herald Photo']);
      expect(media['media:description']).toEqual([{ _: 'The count', $: { type: 'plain' } }]);
    });

    it('in Atom: the same stories, with ids, authors, categories, updated, published and the picture as an enclosure', async () => {
      const response = await get('/feeds/herald/atom.xml');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      expect(wellFormed(response.body)).toBe(true);
      const feed = await parseAtom(response.body);
      expect(feed.feedUrl).toBe(`${api.url}/feeds/herald/atom.xml`);
      const expected = newestFirst(live).slice(0, 50);
      expect(feed.items.map((item) => item.id)).toEqual(expected.map((entry) => `urn:uuid:${entry.id}`));
      expect(feed.items.map((item) => item.link)).toEqual(expected.map((entry) => `${SITE}/articles/${entry.slug}`));
      const item = feed.items.find((each) => each.id === `urn:uuid:${pictured.id}`)!;
      expect(textOfHtml(item.title!)).toBe('Headline pictured');
      expect(item.authors).toEqual([{ name: ['Feed Writer'] }]);
      expect(item.atomCategories!.map((category) => category.$)).toEqual([
        { label: 'Politics', term: 'politics' },
        { label: 'elections', term: 'elections' },
        { label: 'r&d', term: 'r&d' },
      ]);
      expect(Date.parse(item.pubDate!)).toBe(pictured.publishedAt.getTime());
      const row = await api.prisma.article.findUniqueOrThrow({ where: { id: pictured.id } });
      expect(Date.parse(item.updated!)).toBe(Math.max(row.updatedAt.getTime(), pictured.publishedAt.getTime()));
      expect(item.links!.find((link) => link.$.rel === 'enclosure')!.$.href).toMatch(new RegExp(`^${api.url}/images/`));
    });

    it("of a section: its stories and its subsections', not the others'", async () => {
      for (const format of ['rss', 'atom'] as const) {
        const response = await get(`/feeds/herald/news/${format}.xml`);
        expect(response.status).toBe(200);
        const feed = await (format === 'rss' ? parseRss : parseAtom)(response.body);
        const expected = newestFirst(live.filter((entry) => entry.section === 'news' || entry.section === 'politics'));
        expect(feed.items.map((item) => item.link)).toEqual(expected.map((entry) => `${SITE}/articles/${entry.slug}`));
        expect(feed.title).toBe('The Herald: News');
      }
      const politics = await parseRss((await get('/feeds/herald/politics/rss.xml')).body);
      expect(politics.items.map((item) => item.link)).toEqual([`${SITE}/articles/pictured`]);
    });

    it('link to where the request came from when the publication has no url', async () => {
      const bare = await aPublication(api.prisma, { slug: 'no-url' });
      const section = await aSection(api.prisma, bare.id, { slug: 'local' });
      await anArticle(api.prisma, { publicationId: bare.id, sectionId: section.id }, { slug: 'found-here', publishedAt: new Date(Date.now() - MINUTE) });
      await api.settle();
      const feed = await parseRss((await get('/feeds/no-url/rss.xml')).body);
      expect(feed.items.map((item) => item.link)).toEqual([`${api.url}/articles/found-here`]);
      // An Atom entry needs an author: a story with no byline is the publication's.
      const atom = await get('/feeds/no-url/atom.xml');
      expect(atom.body).toMatch(/<feed[^>]*>[\s\S]*<author>\s*<name>Publication no-url<\/name>/);
    });

    it('stay well-formed whatever the newsroom writes', async () => {
      const odd = await aPublication(api.prisma, { slug: 'oddities', name: 'Odd & <Co>' });
      const section = await aSection(api.prisma, odd.id, { slug: 'q-and-a', name: 'Q&A <live> "now"' });
      const author = await anAuthor(api.prisma, { name: "O'Brien & <Sons>" });
      const headline = 'Tom & Jerry <3 "quoted" \u0007bell';
      await anArticle(
        api.prisma,
        { publicationId: odd.id, sectionId: section.id },
        { slug: 'odd', headline, tags: ['r&d <lab>'], authorIds: [author.id], publishedAt: new Date(Date.now() - MINUTE) },
      );
      await anArticle(
        api.prisma,
        { publicationId: odd.id, sectionId: section.id },
        { slug: 'cdata', headline: 'a ]]> b ]]> c', publishedAt: new Date(Date.now() - 2 * MINUTE) },
      );
      await api.settle();
      const rss = await get('/feeds/oddities/rss.xml');
      expect(wellFormed(rss.body)).toBe(true);
      const rssItems = (await parseRss(rss.body)).items;
      expect(rssItems[0].title).toBe('Tom & Jerry <3 "quoted" bell');
      expect(rssItems[0].categories).toEqual(['Q&A <live> "now"', 'r&d <lab>']);
      expect(rssItems[0].authors).toEqual(["O'Brien & <Sons>"]);
      expect(rssItems[1].title!.replaceAll('\u200b', '')).toBe('a ]]> b ]]> c');
      const atom = await get('/feeds/oddities/q-and-a/atom.xml');
      expect(wellFormed(atom.body)).toBe(true);
      const atomItems = (await parseAtom(atom.body)).items;
      expect(textOfHtml(atomItems[0].title!)).toBe('Tom & Jerry <3 "quoted" bell');
      expect(atomItems[0].authors).toEqual([{ name: ["O'Brien & <Sons>"] }]);
      for (const path of ['/sitemaps/oddities/news.xml', '/sitemaps/oddities/index.xml']) expect(wellFormed((await get(path)).body)).toBe(true);
      const news = parseUrlset((await get('/sitemaps/oddities/news.xml')).body);
      expect(news.url[0]['news:news']!['news:title']).toBe('Tom & Jerry <3 "quoted" bell');
      expect(news.url[0]['news:news']!['news:publication']['news:name']).toBe('Odd & <Co>');
    });
  });

  describe('sitemaps', () => {
    it('news: the public stories of the last 48 hours, with the news and image extensions', async () => {
      const response = await get('/sitemaps/herald/news.xml');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(wellFormed(response.body)).toBe(true);
      const urlset = parseUrlset(response.body);
      expect(urlset['@_xmlns']).toBe(SITEMAP_NS);
      expect(urlset['@_xmlns:news']).toBe(NEWS_NS);
      expect(urlset['@_xmlns:image']).toBe(IMAGE_NS);
      const expected = newestFirst(live.filter((entry) => entry.publishedAt.getTime() > Date.now() - 48 * HOUR));
      expect(urlset.url.map((url) => url.loc)).toEqual(expected.map((entry) => `${SITE}/articles/${entry.slug}`));
      expect(urlset.url.map((url) => url.loc)).toContain(`${SITE}/articles/two-days-less`);
      expect(urlset.url.map((url) => url.loc)).not.toContain(`${SITE}/articles/two-days-more`);
      for (const slug of hidden) expect(response.body).not.toContain(slug);
      const first = urlset.url.find((url) => url.loc === `${SITE}/articles/pictured`)!;
      expect(first['news:news']).toEqual({
        'news:publication': { 'news:name': 'The Herald', 'news:language': 'en' },
        'news:publication_date': pictured.publishedAt.toISOString(),
        'news:title': 'Headline pictured',
      });
      expect(first['image:image']![0]['image:loc']).toMatch(new RegExp(`^${api.url}/images/.+\\.jpg$`));
      expect(Date.parse(first.lastmod!)).toBeGreaterThanOrEqual(pictured.publishedAt.getTime());
    });

    it('news: an empty urlset, still with its namespaces, when nothing is that recent', async () => {
      const quiet = await aPublication(api.prisma, { slug: 'quiet' });
      const section = await aSection(api.prisma, quiet.id);
      await anArticle(api.prisma, { publicationId: quiet.id, sectionId: section.id }, { publishedAt: new Date('2022-01-01T00:00:00Z') });
      await api.settle();
      const response = await get('/sitemaps/quiet/news.xml');
      expect(response.status).toBe(200);
      expect(wellFormed(response.body)).toBe(true);
      const urlset = parseUrlset(response.body);
      expect(urlset).toMatchObject({ '@_xmlns': SITEMAP_NS, '@_xmlns:news': NEWS_NS, url: [] });
    });

    it("index: a sitemap for each month with public stories, in the publication's time zone, newest first", async () => {
      const response = await get('/sitemaps/herald/index.xml');
      expect(response.status).toBe(200);
      expect(wellFormed(response.body)).toBe(true);
      const index = parseSitemapIndex(response.body);
      expect(index['@_xmlns']).toBe(SITEMAP_NS);
      const months = [...new Set(live.map((entry) => monthIn('Asia/Dhaka', entry.publishedAt)))].sort().reverse();
      expect(months).toEqual(expect.arrayContaining(['2021-05', '2021-04', '2020-12']));
      expect(index.sitemap.map((sitemap) => sitemap.loc)).toEqual(months.map((month) => `${api.url}/sitemaps/herald/${month}.xml`));
      for (const sitemap of index.sitemap) expect(Number.isNaN(Date.parse(sitemap.lastmod!))).toBe(false);
    });

    it("a month: that month's public stories with their lastmod and lead pictures", async () => {
      const april = parseUrlset((await get('/sitemaps/herald/2021-04.xml')).body);
      expect(april['@_xmlns']).toBe(SITEMAP_NS);
      expect(april['@_xmlns:image']).toBe(IMAGE_NS);
      expect(april.url.map((url) => url.loc)).toEqual([`${SITE}/articles/april-2021`]);
      expect(Date.parse(april.url[0].lastmod!)).toBeGreaterThanOrEqual(Date.parse('2021-04-10T06:00:00Z'));
      expect(parseUrlset((await get('/sitemaps/herald/2021-05.xml')).body).url.map((url) => url.loc)).toEqual([`${SITE}/articles/first-of-may-in-dhaka`]);
      const thisMonth = monthIn('Asia/Dhaka', pictured.publishedAt);
      const current = parseUrlset((await get(`/sitemaps/herald/${thisMonth}.xml`)).body);
      const expected = live.filter((entry) => monthIn('Asia/Dhaka', entry.publishedAt) === thisMonth);
      expect(current.url.map((url) => url.loc).sort()).toEqual(expected.map((entry) => `${SITE}/articles/${entry.slug}`).sort());
      expect(current.url.find((url) => url.loc === `${SITE}/articles/pictured`)!['image:image']![0]['image:loc']).toMatch(/\.jpg$/);
      for (const slug of hidden) expect(current.url.map((url) => url.loc)).not.toContain(`${SITE}/articles/${slug}`);
    });
  });

  describe('HTTP caching', () => {
    it('answers a repeated request from memory, with the headers a CDN needs', async () => {
      const first = await get('/feeds/herald/rss.xml');
      let second = first;
      const statements = await api.countStatements(async () => {
        second = await get('/feeds/herald/rss.xml');
      });
      expect(statements).toBe(0);
      expect(second.headers['x-cache']).toBe('HIT');
      expect(second.body).toBe(first.body);
      expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
      expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(second.headers.etag).toBe(first.headers.etag);
      expect(Number.isNaN(Date.parse(first.headers['last-modified']))).toBe(false);
      const keys = first.headers['surrogate-key'].split(' ');
      expect(keys).toEqual(
        expect.arrayContaining([`publication:${pub.id}`, `list:${pub.id}`, `sections:${pub.id}`, `article:${pictured.id}`, `author:${writer.id}`]),
      );
      const index = await get('/sitemaps/herald/index.xml');
      expect(index.headers['surrogate-key'].split(' ')).toEqual(expect.arrayContaining([`publication:${pub.id}`, `list:${pub.id}`]));
    });

    it('answers 304 to a matching If-None-Match or If-Modified-Since, and the document to any other', async () => {
      for (const path of [
        '/feeds/herald/rss.xml',
        '/feeds/herald/news/atom.xml',
        '/sitemaps/herald/news.xml',
        '/sitemaps/herald/index.xml',
        '/sitemaps/herald/2021-04.xml',
      ]) {
        const { headers } = await get(path);
        const { etag } = headers;
        const lastModified = headers['last-modified'];
        const same = await get(path, { 'if-none-match': etag });
        expect(same.status).toBe(304);
        expect(same.body).toBe('');
        expect(same.headers.etag).toBe(etag);
        expect(same.headers['cache-control']).toMatch(/^public, /);
        expect((await get(path, { 'if-none-match': `"elsewhere", W/${etag}` })).status).toBe(304);
        expect((await get(path, { 'if-modified-since': lastModified })).status).toBe(304);
        expect((await get(path, { 'if-none-match': '"elsewhere"' })).status).toBe(200);
        // If-None-Match decides when both are sent.
        expect((await get(path, { 'if-none-match': '"elsewhere"', 'if-modified-since': lastModified })).status).toBe(200);
        expect((await get(path, { 'if-modified-since': new Date(Date.parse(lastModified) - HOUR).toUTCString() })).status).toBe(200);
      }
    });

    it('shows a publish on the very next request, and a retraction, with the cache on', async () => {
      const approved = await story('news', 'breaking', { status: 'APPROVED', publishedAt: null, headline: 'Breaking news' });
      await api.settle();
      const links = async (path: string) => (await parseRss((await get(path)).body)).items.map((item) => item.link);
      const before = await get('/feeds/herald/rss.xml');
      expect(before.body).not.toContain('breaking');
      expect((await get('/feeds/herald/rss.xml', { 'if-none-match': before.headers.etag })).status).toBe(304);
      expect((await get('/sitemaps/herald/news.xml')).body).not.toContain('breaking');

      await transition({ id: approved.id, to: 'PUBLISHED', version: approved.version });
      const after = await get('/feeds/herald/rss.xml');
      expect(after.headers['x-cache']).toBe('MISS');
      expect((await parseRss(after.body)).items[0].link).toBe(`${SITE}/articles/breaking`);
      expect((await get('/feeds/herald/rss.xml', { 'if-none-match': before.headers.etag })).status).toBe(200);
      expect((await links('/feeds/herald/news/rss.xml'))[0]).toBe(`${SITE}/articles/breaking`);
      expect(parseUrlset((await get('/sitemaps/herald/news.xml')).body).url[0].loc).toBe(`${SITE}/articles/breaking`);

      await transition({ id: approved.id, to: 'RETRACTED', version: approved.version + 1, comment: 'It was wrong.' });
      expect(await links('/feeds/herald/rss.xml')).not.toContain(`${SITE}/articles/breaking`);
      expect((await get('/sitemaps/herald/news.xml')).body).not.toContain('breaking');
    });

    it('shows a scheduled story when its time comes, with no change announced', async () => {
      const publishAt = new Date(Date.now() + 2_000);
      await story('news', 'on-time', { status: 'SCHEDULED', scheduledFor: publishAt });
      await api.settle();
      const before = await get('/feeds/herald/news/rss.xml');
      expect(before.body).not.toContain('on-time');
      // Fresh for a CDN only until then.
      expect(Number(/max-age=(\d+)/.exec(before.headers['cache-control'])![1])).toBeLessThanOrEqual(2);
      expect((await get('/feeds/herald/news/rss.xml')).headers['x-cache']).toBe('HIT');
      await new Promise((resolve) => setTimeout(resolve, publishAt.getTime() - Date.now() + 100));
      expect((await parseRss((await get('/feeds/herald/news/rss.xml')).body)).items[0].link).toBe(`${SITE}/articles/on-time`);
      expect((await get('/sitemaps/herald/news.xml')).body).toContain('on-time');
    });

    it('answers HEAD as GET, without the body', async () => {
      const get = await fetch(`${api.url}/feeds/herald/atom.xml`);
      const head = await fetch(`${api.url}/feeds/herald/atom.xml`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
      expect(head.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      expect(await head.text()).toBe('');
    });

    it('shows an edit of a story in a feed on the very next request', async () => {
      await get('/feeds/herald/atom.xml');
      const row = await api.prisma.article.findUniqueOrThrow({ where: { id: pictured.id } });
      const response = await api.operation('UpdateArticle', { id: row.id, version: row.version, input: { headline: 'The vote, counted' } }, editorToken);
      expect(response.errors).toBeUndefined();
      const feed = await parseAtom((await get('/feeds/herald/atom.xml')).body);
      expect(feed.items.find((item) => item.id === `urn:uuid:${pictured.id}`)!.title).toBe('The vote, counted');
    });
  });

  describe('404', () => {
    it.each([
      '/feeds/nowhere/rss.xml',
      '/feeds/nowhere/atom.xml',
      '/feeds/herald/nowhere/rss.xml',
      '/feeds/herald/nowhere/atom.xml',
      '/feeds/nowhere/news/rss.xml',
      '/sitemaps/nowhere/news.xml',
      '/sitemaps/nowhere/index.xml',
      '/sitemaps/nowhere/2021-04.xml',
      '/sitemaps/herald/1999-01.xml',
      '/sitemaps/herald/2021-04-2.xml',
      '/sitemaps/herald/2021-13.xml',
      '/sitemaps/herald/sitemap.xml',
    ])('%s', async (path) => {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.headers['cache-control']).toBe('no-store');
    });
  });

  describe('a month of more stories than a file lists', () => {
    it(`is split into files of ${SITEMAP_MAX_URLS} at most, each in the index`, async () => {
      const bulk = await aPublication(api.prisma, { slug: 'bulk', timeZone: 'UTC' });
      const section = await aSection(api.prisma, bulk.id);
      await api.prisma.$executeRaw`
        INSERT INTO articles (id, publication_id, section_id, slug, headline, status, published_at)
        SELECT gen_random_uuid(), ${bulk.id}::uuid, ${section.id}::uuid, 'bulk-' || g, 'Bulk ' || g, 'PUBLISHED', timestamptz '2019-01-01 00:00:00Z' + g * interval '1 second'
        FROM generate_series(1, ${SITEMAP_MAX_URLS + 1}) g`;
      await api.settle();
      const index = parseSitemapIndex((await get('/sitemaps/bulk/index.xml')).body);
      expect(index.sitemap.map((sitemap) => sitemap.loc)).toEqual([`${api.url}/sitemaps/bulk/2019-01.xml`, `${api.url}/sitemaps/bulk/2019-01-2.xml`]);
      const first = parseUrlset((await get('/sitemaps/bulk/2019-01.xml')).body);
      expect(first.url).toHaveLength(SITEMAP_MAX_URLS);
      expect(first.url[0].loc).toBe(`${api.url}/articles/bulk-1`);
      const second = parseUrlset((await get('/sitemaps/bulk/2019-01-2.xml')).body);
      expect(second.url.map((url) => url.loc)).toEqual([`${api.url}/articles/bulk-${SITEMAP_MAX_URLS + 1}`]);
      expect((await get('/sitemaps/bulk/2019-01-3.xml')).status).toBe(404);
    });
  });

  describe('the demo newsroom', () => {
    it('lists the demo article in its feeds and its month', async () => {
      await loadDemoData(api.prisma);
      await api.settle();
      const link = `https://www.theindependentbd.com/articles/${DEMO_ARTICLE}`;
      expect((await parseRss((await get(`/feeds/${DEMO_PUBLICATION}/rss.xml`)).body)).items.map((item) => item.link)).toContain(link);
      expect((await parseAtom((await get(`/feeds/${DEMO_PUBLICATION}/opinion/atom.xml`)).body)).items.map((item) => item.link)).toContain(link);
      const index = parseSitemapIndex((await get(`/sitemaps/${DEMO_PUBLICATION}/index.xml`)).body);
      expect(index.sitemap.map((sitemap) => sitemap.loc)).toContain(`${api.url}/sitemaps/${DEMO_PUBLICATION}/2021-04.xml`);
      const april = parseUrlset((await get(`/sitemaps/${DEMO_PUBLICATION}/2021-04.xml`)).body);
      expect(april.url.map((url) => url.loc)).toContain(link);
    });
  });
});
