import pg from 'pg';
import { applyMigrations } from '../src/database/schema-engine.js';
import { installJobQueue } from '../src/jobs/job-queue.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';
import { TestApi } from './helpers/api.js';
import { ReplicaPair } from './helpers/replica-pair.js';

// Reads from a real streaming replica: a PostgreSQL primary and a hot standby fed by it
// (test/helpers/replica-pair.ts), the API pointed at both. Anonymous public reads go to the
// replica, staff reads and writes to the primary; a replica behind a change this instance has
// heard, lagging past REPLICA_MAX_LAG_SECONDS, stopped or restarted is skipped until it is
// back, and reads fall back to the primary meanwhile.

const FRONT_PAGE = `query FrontPage($publication: String!, $first: Int) {
  publication(slug: $publication) { articles(first: $first) { edges { node { id headline } } } } }`;
const ARTICLE = `query ArticlePage($publication: String!, $slug: String!) { publication(slug: $publication) { article(slug: $slug) { id headline } } }`;

interface Health {
  status: string;
  database: string;
  replicas: { name: string; state: string; lagSeconds: number | null }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('read replicas', () => {
  let pair: ReplicaPair;
  let api: TestApi;
  let replicaUrl: string;
  let editor: string;
  let story: { id: string; slug: string; version: number };
  let draft: { id: string };
  let variant = 0;

  beforeAll(async () => {
    pair = await ReplicaPair.start();
    const urls = await pair.createDatabase('newsroom');
    replicaUrl = urls.replicaUrl;
    await applyMigrations(urls.primaryUrl);
    await installJobQueue(urls.primaryUrl);
    api = await TestApi.start({ databaseUrl: urls.primaryUrl, replicaUrls: [urls.replicaUrl], replicaMaxLagSeconds: 2, responseCache: true });
    const pub = await aPublication(api.prisma, { slug: 'daily' });
    const news = await aSection(api.prisma, pub.id, { slug: 'news' });
    const author = await anAuthor(api.prisma);
    story = await anArticle(api.prisma, { publicationId: pub.id, sectionId: news.id }, { headline: 'Harbour reopens', authorIds: [author.id] });
    draft = await anArticle(api.prisma, { publicationId: pub.id, sectionId: news.id }, { status: 'DRAFT', publishedAt: null });
    editor = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id })).id);
    await pair.waitForReplay();
    await api.settle();
    await until(async () => (await health()).replicas[0].state === 'up', 10_000);
    // Up, and past every change this instance heard of (the fixtures): it is read from.
    await until(async () => (await onPrimary(anonymousFrontPage)).statements.length === 0, 10_000);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await pair?.stop();
  });

  async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms; replica log:\n${pair.logs()}`);
      await sleep(100);
    }
  }

  async function health(): Promise<Health> {
    return JSON.parse((await api.request('GET', '/health/ready')).body) as Health;
  }

  /** The statements the API sent to the primary while `work` ran, the replicas' probes aside. */
  async function onPrimary<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const before = api.prisma.statementCount;
    const result = await work();
    const count = api.prisma.statementCount - before;
    const statements = count === 0 ? [] : api.prisma.statements.slice(-count).filter((sql) => !/pg_current_wal_(insert|flush)_lsn/.test(sql));
    return { result, statements };
  }

  /** An anonymous front page the response cache has not seen (a `first` of its own). */
  async function anonymousFrontPage(): Promise<string[]> {
    const response = await api.graphql<{ publication: { articles: { edges: { node: { headline: string } }[] } } }>(FRONT_PAGE, {
      publication: 'daily',
      first: 20 + (variant++ % 70),
    });
    expect(response.errors).toBeUndefined();
    return response.data.publication.articles.edges.map((edge) => edge.node.headline);
  }

  async function anonymousHeadline(): Promise<string> {
    const response = await api.graphql<{ publication: { article: { headline: string } } }>(ARTICLE, { publication: 'daily', slug: story.slug });
    expect(response.errors).toBeUndefined();
    return response.data.publication.article.headline;
  }

  async function onReplica<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: replicaUrl });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it('reads public pages from the replica and staff reads from the primary', async () => {
    const anonymous = await onPrimary(anonymousFrontPage);
    expect(anonymous.result).toContain('Harbour reopens');
    expect(anonymous.statements).toEqual([]);
    const staff = await onPrimary(() =>
      api.graphql(`query($id: ID!) { article(id: $id) { headline status } }`, { id: draft.id }, editor).then((r) => {
        expect(r.errors).toBeUndefined();
        return r.data;
      }),
    );
    expect(staff.statements.length).toBeGreaterThan(0);
    const report = await health();
    expect(report).toMatchObject({ status: 'ok', database: 'up', replicas: [{ state: 'up', lagSeconds: 0 }] });
  });

  it('shows a save at once to its editor and to the public, while the replica has not replayed it', async () => {
    await pair.pauseReplay();
    try {
      const version = (await api.prisma.article.findUniqueOrThrow({ where: { id: story.id } })).version;
      const saved = await api.graphql(
        `mutation($id: ID!, $version: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, version: $version, input: $input) { headline } }`,
        { id: story.id, version, input: { headline: 'Harbour reopens to ferries' } },
        editor,
      );
      expect(saved.errors).toBeUndefined();
      const mine = await api.graphql<{ article: { headline: string } }>(`query($id: ID!) { article(id: $id) { headline } }`, { id: story.id }, editor);
      expect(mine.data.article.headline).toBe('Harbour reopens to ferries');
      // The replica still has the old headline; the public is answered from the primary.
      expect(await onReplica<{ headline: string }>('SELECT headline FROM articles WHERE id = $1', [story.id])).toEqual([{ headline: 'Harbour reopens' }]);
      const read = await onPrimary(anonymousHeadline);
      expect(read.result).toBe('Harbour reopens to ferries');
      expect(read.statements.length).toBeGreaterThan(0);
      // Twice: the cached answer is the new one, never the replica's old one.
      expect(await anonymousHeadline()).toBe('Harbour reopens to ferries');
    } finally {
      await pair.resumeReplay();
    }
    await pair.waitForReplay();
    // Replayed: public reads go back to the replica.
    await until(async () => (await onPrimary(anonymousFrontPage)).statements.length === 0, 10_000);
    expect(await anonymousHeadline()).toBe('Harbour reopens to ferries');
  });

  it('skips a replica that lags more than REPLICA_MAX_LAG_SECONDS, and reports it', async () => {
    await pair.pauseReplay();
    try {
      // A write nobody announces (a draft): only the lag keeps the replica out.
      await api.prisma.article.update({ where: { id: draft.id }, data: { headline: 'Still a draft' } });
      await until(async () => (await health()).replicas[0].state === 'lagging', 10_000);
      const report = await health();
      expect(report.status).toBe('ok');
      expect(report.replicas[0].lagSeconds).toBeGreaterThan(2);
      const read = await onPrimary(anonymousFrontPage);
      expect(read.statements.length).toBeGreaterThan(0);
    } finally {
      await pair.resumeReplay();
    }
    await until(async () => (await health()).replicas[0].state === 'up', 10_000);
    await until(async () => (await onPrimary(anonymousFrontPage)).statements.length === 0, 10_000);
  });

  it('falls back to the primary while the replica is stopped, and reads from it again once it is back', async () => {
    await pair.stopReplica();
    // At once, before any probe noticed: the read that meets the stopped replica is made again on the primary.
    expect(await anonymousFrontPage()).toContain('Harbour reopens to ferries');
    for (let i = 0; i < 5; i++) expect(await anonymousFrontPage()).toContain('Harbour reopens to ferries');
    await until(async () => (await health()).replicas[0].state === 'down', 5_000);
    const report = await health();
    expect([report.status, report.database]).toEqual(['ok', 'up']);
    expect((await api.request('GET', '/health/ready')).status).toBe(200);

    // Written while it was away: it catches up when it streams again.
    const version = (await api.prisma.article.findUniqueOrThrow({ where: { id: story.id } })).version;
    const saved = await api.graphql(
      `mutation($id: ID!, $version: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, version: $version, input: $input) { headline } }`,
      { id: story.id, version, input: { headline: 'Harbour reopens for good' } },
      editor,
    );
    expect(saved.errors).toBeUndefined();
    await pair.startReplica();
    await pair.waitForReplay();
    await until(async () => (await health()).replicas[0].state === 'up', 10_000);
    await until(async () => (await onPrimary(anonymousFrontPage)).statements.length === 0, 10_000);
    expect(await anonymousHeadline()).toBe('Harbour reopens for good');
  });
});
