import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PersistedQueries } from '../src/response-cache/persisted-queries.js';
import { contractOperation } from '../scripts/contract-operations.js';
import { ApiProcess } from './helpers/api-process.js';
import { TestApi, type GraphQLResponse, type OperationName } from './helpers/api.js';
import type { ContractOperations } from './generated/contract.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';

// The public response cache, from outside: anonymous reads answered from memory, and every
// change to what they show visible on the very next read, on this instance and on another.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer<N extends OperationName> {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
  json: Omit<GraphQLResponse<ContractOperations[N]['result']>, 'status'>;
}

describe('the public response cache', () => {
  let api: TestApi;
  let pub: { id: string; slug: string };
  let news: { id: string };
  let author: { id: string };
  let editorToken: string;
  let adminToken: string;
  let production: { id: string };

  async function ask<N extends OperationName>(
    url: string,
    operation: N,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<Answer<N>> {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: contractOperation(operation), variables }),
    });
    const body = await response.text();
    return { status: response.status, headers: Object.fromEntries(response.headers), body, json: JSON.parse(body) as Answer<N>['json'] };
  }

  const frontPage = (url = api.url) => ask(url, 'FrontPage', { publication: pub.slug, first: 20 });
  const articlePage = (slug: string, url = api.url) => ask(url, 'ArticlePage', { publication: pub.slug, slug });
  const headlines = (answer: Answer<'FrontPage'>) => answer.json.data.publication.articles.edges.map((edge) => edge.node.headline);

  async function staff<N extends OperationName>(operation: N, variables: Record<string, unknown>, token = editorToken) {
    const answer = await ask(api.url, operation, variables, { authorization: `Bearer ${token}` });
    expect(answer.json.errors).toBeUndefined();
    return answer.json.data;
  }

  const live = (slug: string, headline: string) =>
    anArticle(
      api.prisma,
      { publicationId: pub.id, sectionId: news.id },
      { slug, headline, authorIds: [author.id], publishedAt: new Date(Date.now() - 60_000) },
    );

  beforeAll(async () => {
    api = await TestApi.start({ responseCache: true });
    const db = api.prisma;
    pub = await aPublication(db, { slug: 'cached' });
    news = await aSection(db, pub.id, { slug: 'news' });
    author = await anAuthor(db, { slug: 'cache-writer', name: 'Cache Writer' });
    const editor = await aUser(db, { role: 'EDITOR', publicationId: pub.id });
    production = await aUser(db, { role: 'PRODUCTION', publicationId: pub.id });
    editorToken = await api.tokenFor(editor.id);
    adminToken = await api.tokenFor((await aUser(db, { isAdmin: true })).id);
    await live('first-story', 'The first story');
    await api.settle();
  });
  afterAll(() => api.close());

  it('answers a repeated anonymous read from memory, with the headers a CDN needs', async () => {
    const first = await frontPage();
    const statements = await api.countStatements(async () => {
      const second = await frontPage();
      expect(second.body).toBe(first.body);
      expect(second.headers['x-cache']).toBe('HIT');
    });
    expect(statements).toBe(0);
    const story = await api.prisma.article.findFirstOrThrow({ where: { slug: 'first-story' } });
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
    const keys = String(first.headers['surrogate-key']).split(' ');
    expect(keys).toEqual(
      expect.arrayContaining([`publication:${pub.id}`, `list:${pub.id}`, `sections:${pub.id}`, `article:${story.id}`, `author:${author.id}`]),
    );
  });

  it('computes concurrent misses for one read once', async () => {
    await live('crowd-story', 'A crowd gathers');
    await api.settle();
    const statements = await api.countStatements(async () => {
      const answers = await Promise.all(Array.from({ length: 8 }, () => frontPage()));
      expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
      expect(headlines(answers[0])).toContain('A crowd gathers');
    });
    // the page and when the next scheduled story is due; once, not eight times
    expect(statements).toBeLessThanOrEqual(2);
  });

  it('shows a publish on the very next read', async () => {
    const approved = await anArticle(
      api.prisma,
      { publicationId: pub.id, sectionId: news.id },
      { slug: 'to-publish', headline: 'Freshly published', status: 'APPROVED', publishedAt: null, authorIds: [author.id] },
    );
    await api.settle();
    expect(headlines(await frontPage())).not.toContain('Freshly published');
    expect((await articlePage('to-publish')).json.data.publication.article).toBeNull();
    await staff('TransitionArticle', { input: { id: approved.id, to: 'PUBLISHED', version: approved.version } });
    expect(headlines(await frontPage())).toContain('Freshly published');
    expect((await articlePage('to-publish')).json.data.publication.article.headline).toBe('Freshly published');
  });

  it('shows an edit of a live story on the very next read: its page, and the lists that show what changed', async () => {
    const story = await live('to-edit', 'Before the edit');
    await api.settle();
    expect(headlines(await frontPage())).toContain('Before the edit');
    expect((await articlePage('to-edit')).json.data.publication.article.bodyText).toContain('Body of to-edit');
    await staff('UpdateArticle', { id: story.id, version: story.version, input: { headline: 'After the edit', bodyHtml: '<p>A new body.</p>' } });
    const page = await frontPage();
    expect(headlines(page)).toContain('After the edit');
    expect(headlines(page)).not.toContain('Before the edit');
    const article = (await articlePage('to-edit')).json.data.publication.article;
    expect(article.headline).toBe('After the edit');
    expect(article.bodyText).toBe('A new body.');
  });

  it('shows a retraction on the very next read: gone from the lists, a tombstone on its page', async () => {
    const story = await live('to-retract', 'Soon retracted');
    await api.settle();
    expect(headlines(await frontPage())).toContain('Soon retracted');
    expect((await articlePage('to-retract')).json.data.publication.article.status).toBe('PUBLISHED');
    await staff('TransitionArticle', { input: { id: story.id, to: 'RETRACTED', version: story.version, comment: 'It was wrong.' } });
    expect(headlines(await frontPage())).not.toContain('Soon retracted');
    const page = (await articlePage('to-retract')).json.data.publication.article;
    expect(page.status).toBe('RETRACTED');
    expect(page.retraction.reason).toBe('It was wrong.');
    expect(page.bodyHtml).toBeNull();
  });

  it('shows a correction on the very next read', async () => {
    const story = await live('to-correct', 'Needs a correction');
    await api.settle();
    expect((await articlePage('to-correct')).json.data.publication.article.corrections).toEqual([]);
    await staff('AddCorrection', { articleId: story.id, text: 'The mayor was misnamed.' });
    const corrections = (await articlePage('to-correct')).json.data.publication.article.corrections;
    expect(corrections.map((correction) => correction.text)).toEqual(['The mayor was misnamed.']);
  });

  it('shows a slug change on the very next read: the new slug answers, the old one names it canonical', async () => {
    const story = await live('old-slug', 'Renamed story');
    await api.settle();
    expect((await articlePage('old-slug')).json.data.publication.article.canonicalSlug).toBe('old-slug');
    expect((await articlePage('new-slug')).json.data.publication.article).toBeNull();
    await staff('UpdateArticle', { id: story.id, version: story.version, input: { slug: 'new-slug' } });
    expect((await articlePage('old-slug')).json.data.publication.article.canonicalSlug).toBe('new-slug');
    expect((await articlePage('new-slug')).json.data.publication.article.id).toBe(story.id);
  });

  it('shows a change to an author, a section or the publication on the very next read', async () => {
    await frontPage();
    await staff('UpdateAuthor', { id: author.id, input: { name: 'Renamed Writer' } });
    await staff('UpdateSection', { id: news.id, input: { name: 'Renamed News' } });
    const page = await frontPage();
    const node = page.json.data.publication.articles.edges[0].node;
    expect(node.authors[0].name).toBe('Renamed Writer');
    expect(node.section.name).toBe('Renamed News');
    const before = await ask(api.url, 'Publication', { publication: pub.slug });
    const updated = await ask(api.url, 'UpdatePublication', { id: pub.id, input: { tagline: 'Freshly renamed' } }, { authorization: `Bearer ${adminToken}` });
    expect(updated.json.errors).toBeUndefined();
    const after = await ask(api.url, 'Publication', { publication: pub.slug });
    expect(before.json.data.publication.tagline).not.toBe('Freshly renamed');
    expect(after.json.data.publication.tagline).toBe('Freshly renamed');
  });

  it("shows a change to a story's picture on the very next read: its caption, its focal point, the picture itself", async () => {
    const story = await live('pictured', 'A story with a picture');
    const image = await api.prisma.image.create({
      data: { publicationId: pub.id, mimeType: 'image/jpeg', width: 1600, height: 900, bytes: 1000, contentHash: 'a'.repeat(64), caption: 'First caption' },
    });
    const replacement = await api.prisma.image.create({
      data: { publicationId: pub.id, mimeType: 'image/jpeg', width: 1200, height: 800, bytes: 1000, contentHash: 'b'.repeat(64), caption: 'Another picture' },
    });
    await api.prisma.articleImage.create({ data: { articleId: story.id, position: 0, imageId: image.id } });
    await api.settle();
    const pictures = () => ask(api.url, 'PictureFrontPage', { publication: pub.slug, first: 20 });
    const leadOf = (answer: Answer<'PictureFrontPage'>) =>
      answer.json.data.publication.articles.edges.find((edge) => edge.node.slug === 'pictured')!.node.leadImage;
    expect(leadOf(await pictures()).caption).toBe('First caption');
    expect((await pictures()).headers['x-cache']).toBe('HIT');
    const url = leadOf(await pictures()).image.url;
    await staff('UpdateImage', { id: image.id, input: { caption: 'Second caption', focalPoint: { x: 0.2, y: 0.3 } } });
    const changed = leadOf(await pictures());
    expect(changed.caption).toBe('Second caption');
    expect(changed.image.url).not.toBe(url);
    const current = await api.prisma.article.findUniqueOrThrow({ where: { id: story.id } });
    await staff('SetLeadImage', { id: story.id, version: current.version, leadImage: { imageId: replacement.id } });
    expect(leadOf(await pictures()).caption).toBe('Another picture');
  });

  it('shows a printed edition on the very next read', async () => {
    const story = await live('to-print', 'Front page of the paper');
    const productionToken = await api.tokenFor(production.id);
    const { createPrintEdition } = await staff('CreatePrintEdition', { input: { publicationId: pub.id, date: '2026-03-02' } }, productionToken);
    await staff('PlaceArticle', { input: { editionId: createPrintEdition.id, articleId: story.id, page: 1 } }, productionToken);
    await api.settle();
    expect((await ask(api.url, 'TodaysPaper', { publication: pub.slug, date: '2026-03-02' })).json.data.publication.printEdition).toBeNull();
    await staff('MarkEditionPrinted', { editionId: createPrintEdition.id }, productionToken);
    const paper = (await ask(api.url, 'TodaysPaper', { publication: pub.slug, date: '2026-03-02' })).json.data.publication.printEdition;
    expect(paper.pages[0].articles[0].headline).toBe('Front page of the paper');
    expect((await articlePage('to-print')).json.data.publication.article.printAppearance).toHaveLength(1);
  });

  it('shows a scheduled story at its time, with no write in between', async () => {
    const approved = await anArticle(
      api.prisma,
      { publicationId: pub.id, sectionId: news.id },
      { slug: 'scheduled', headline: 'Due any second', status: 'APPROVED', publishedAt: null, authorIds: [author.id] },
    );
    const publishAt = new Date(Date.now() + 2_500);
    await staff('TransitionArticle', { input: { id: approved.id, to: 'SCHEDULED', version: approved.version, publishAt: publishAt.toISOString() } });
    const before = await frontPage();
    expect(headlines(before)).not.toContain('Due any second');
    // Shared caches are told no longer than until then, either.
    expect(Number(/max-age=(\d+)/.exec(String(before.headers['cache-control']))![1])).toBeLessThanOrEqual(3);
    expect((await frontPage()).headers['x-cache']).toBe('HIT');
    await sleep(publishAt.getTime() - Date.now() + 150);
    expect(headlines(await frontPage())).toContain('Due any second');
    expect((await articlePage('scheduled')).json.data.publication.article.headline).toBe('Due any second');
  });

  it('never answers a staff request from the cache, nor keeps its answer', async () => {
    await live('staff-check', 'Seen by staff');
    await api.settle();
    // Staff first: nothing kept for the anonymous read that follows.
    const staffAnswer = await ask(api.url, 'FrontPage', { publication: pub.slug, first: 20 }, { authorization: `Bearer ${editorToken}` });
    expect(staffAnswer.headers['cache-control']).toBe('private, no-store');
    expect(staffAnswer.headers['x-cache']).toBeUndefined();
    expect(staffAnswer.headers['surrogate-key']).toBeUndefined();
    expect((await frontPage()).headers['x-cache']).toBe('MISS');
    // Anonymous kept: staff still reach the database.
    expect((await frontPage()).headers['x-cache']).toBe('HIT');
    const statements = await api.countStatements(() =>
      ask(api.url, 'FrontPage', { publication: pub.slug, first: 20 }, { authorization: `Bearer ${editorToken}` }),
    );
    expect(statements).toBeGreaterThan(0);
  });

  it('keeps no answer with errors', async () => {
    for (let i = 0; i < 2; i++) {
      const refused = await ask(api.url, 'FrontPage', { publication: pub.slug, first: 101 });
      expect(refused.json.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(refused.headers['cache-control']).toBe('no-store');
      expect(refused.headers['surrogate-key']).toBeUndefined();
      expect(refused.headers['x-cache']).not.toBe('HIT');
    }
  });

  it('answers automatic persisted queries over GET, cacheably', async () => {
    const query = contractOperation('FrontPage');
    const hash = PersistedQueries.hashOf(query);
    const variables = JSON.stringify({ publication: pub.slug, first: 5 });
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } });
    const get = () =>
      fetch(`${api.url}/graphql?operationName=FrontPage&variables=${encodeURIComponent(variables)}&extensions=${encodeURIComponent(extensions)}`, {
        headers: { 'x-apollo-operation-name': 'FrontPage' },
      });
    const unknown = await get();
    expect(((await unknown.json()) as Answer<'FrontPage'>['json']).errors?.[0].message).toBe('PersistedQueryNotFound');
    const registered = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables: JSON.parse(variables) as unknown, extensions: JSON.parse(extensions) as unknown }),
    });
    expect(((await registered.json()) as Answer<'FrontPage'>['json']).errors).toBeUndefined();
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=/);
    expect(((await first.json()) as Answer<'FrontPage'>['json']).data.publication.articles.edges).toHaveLength(5);
    expect((await get()).headers.get('x-cache')).toBe('HIT');
    // A GET without a preflight-forcing header is refused: a browser could send it cross-site.
    const bare = await fetch(`${api.url}/graphql?variables=${encodeURIComponent(variables)}&extensions=${encodeURIComponent(extensions)}`);
    expect(bare.status).toBe(400);
  });

  it('is purged in another API process on the same database by a change made through this one', async () => {
    const other = await ApiProcess.start(api.databaseUrl, { RESPONSE_CACHE: 'true' });
    try {
      // The other process hears of changes from PostgreSQL, a moment after they commit: it is
      // asked until it shows them, for at most a few seconds (an entry it kept would live 30 s).
      const eventually = async (check: () => Promise<boolean>) => {
        for (const deadline = Date.now() + 5_000; !(await check());) {
          if (Date.now() > deadline) throw new Error('the other process never showed the change');
          await sleep(20);
        }
      };
      const story = await live('two-processes', 'Seen by both');
      await eventually(async () => headlines(await frontPage(other.url)).includes('Seen by both'));
      expect((await frontPage(other.url)).headers['x-cache']).toBe('HIT');
      // Written through this process; the other one drops what it kept.
      await staff('UpdateArticle', { id: story.id, version: story.version, input: { headline: 'Changed through one' } });
      await eventually(async () => headlines(await frontPage(other.url)).includes('Changed through one'));
      expect(headlines(await frontPage(other.url))).not.toContain('Seen by both');
      // And the other way round: a change through the other process purges this one.
      expect(headlines(await frontPage())).toContain('Changed through one');
      expect((await frontPage()).headers['x-cache']).toBe('HIT');
      const current = await api.prisma.article.findUniqueOrThrow({ where: { id: story.id } });
      const answer = await ask(
        other.url,
        'UpdateArticle',
        { id: story.id, version: current.version, input: { headline: 'Changed through the other' } },
        { authorization: `Bearer ${editorToken}` },
      );
      expect(answer.json.errors).toBeUndefined();
      await api.settle();
      const after = await frontPage();
      expect(after.headers['x-cache']).toBe('MISS');
      expect(headlines(after)).toContain('Changed through the other');
    } finally {
      expect(await other.stop()).toBe(0);
    }
  }, 180_000);
});
