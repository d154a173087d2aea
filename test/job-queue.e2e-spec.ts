import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';
import { TestApi } from './helpers/api.js';
import { ApiProcess } from './helpers/api-process.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// The job queue across real API processes on one database, as operators run them: events
// survive a killed instance, two instances deliver each event once and publish each
// scheduled story once, a job that fell due while no instance ran runs at the next start,
// and unscheduling cancels.

const TRANSITION = `mutation TransitionArticle($input: TransitionArticleInput!) { transitionArticle(input: $input) { id status version } }`;
const CREATE = `mutation CreateWebhook($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id } } }`;
const WORKERS = { SCHEDULER: 'true', WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_SECONDS: '1' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function graphql(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

describe('the job queue across API processes', () => {
  let api: TestApi;
  let pub: { id: string };
  let news: { id: string };
  let editor: string;
  let admin: string;
  let receiver: WebhookReceiver;
  const running: ApiProcess[] = [];

  beforeAll(async () => {
    api = await TestApi.start({ integration: { webhooksAllowPrivate: true } });
    pub = await aPublication(api.prisma, { slug: 'daily' });
    news = await aSection(api.prisma, pub.id, { slug: 'news' });
    editor = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id })).id);
    admin = await api.tokenFor((await aUser(api.prisma, { isAdmin: true })).id);
    receiver = await WebhookReceiver.start();
    // Registered through the in-process API, which lets a local receiver through too.
    const made = await graphql(api.url, CREATE, { input: { publicationId: pub.id, url: receiver.url, events: ['ARTICLE_PUBLISHED'] } }, admin);
    expect(made.errors).toBeUndefined();
  }, 60_000);

  afterEach(async () => {
    await Promise.all(running.splice(0).map((child) => child.stop()));
  });

  afterAll(async () => {
    await receiver.close();
    await api.close();
  });

  async function start(env: Record<string, string> = WORKERS): Promise<ApiProcess> {
    const child = await ApiProcess.start(api.databaseUrl, env);
    running.push(child);
    return child;
  }

  async function approved() {
    const author = await anAuthor(api.prisma);
    return anArticle(api.prisma, { publicationId: pub.id, sectionId: news.id }, { status: 'APPROVED', publishedAt: null, authorIds: [author.id] });
  }

  /** The ids of the deliveries received so far that report `articleId`. */
  const deliveriesOf = (articleId: string) =>
    receiver.received
      .filter((r) => (JSON.parse(r.body) as { data: { article?: { id: string } } }).data.article?.id === articleId)
      .map((r) => r.headers['webhook-id']);

  const publishEvents = (articleId: string) => api.prisma.articleEvent.count({ where: { articleId, toStatus: 'PUBLISHED' } });

  async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
      await sleep(200);
    }
  }

  it('loses no event when the instance that made the change is killed before delivering it', async () => {
    // An instance that takes changes but runs no workers: the delivery can only happen elsewhere, later.
    const web = await start({ SCHEDULER: 'false' });
    const article = await approved();
    const published = await graphql(web.url, TRANSITION, { input: { id: article.id, to: 'PUBLISHED' } }, editor);
    expect(published.errors).toBeUndefined();
    await web.signal('SIGKILL');
    running.splice(running.indexOf(web), 1);
    expect(deliveriesOf(article.id)).toEqual([]);

    await start();
    await until(() => deliveriesOf(article.id).length > 0, 30_000);
    await sleep(1500);
    expect(deliveriesOf(article.id)).toHaveLength(1);
  }, 180_000);

  it('delivers each event once with two instances running the queue', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const articles = await Promise.all([1, 2, 3, 4, 5, 6].map(() => approved()));
    await Promise.all(
      articles.map(async (article, i) => {
        const response = await graphql((i % 2 ? a : b).url, TRANSITION, { input: { id: article.id, to: 'PUBLISHED' } }, editor);
        expect(response.errors).toBeUndefined();
      }),
    );
    await until(() => articles.every((article) => deliveriesOf(article.id).length > 0), 30_000);
    await sleep(2000);
    for (const article of articles) expect(deliveriesOf(article.id)).toHaveLength(1);
  }, 180_000);

  it('publishes a scheduled story once with two instances, and not one that was unscheduled', async () => {
    const [a] = await Promise.all([start(), start()]);
    const publishAt = new Date(Date.now() + 4_000).toISOString();
    const kept = await approved();
    const dropped = await approved();
    for (const article of [kept, dropped]) {
      const scheduled = await graphql(a.url, TRANSITION, { input: { id: article.id, to: 'SCHEDULED', publishAt } }, editor);
      expect(scheduled.errors).toBeUndefined();
    }
    const unscheduled = await graphql(a.url, TRANSITION, { input: { id: dropped.id, to: 'APPROVED', comment: 'Not yet' } }, editor);
    expect(unscheduled.errors).toBeUndefined();

    await until(async () => (await api.prisma.article.findUniqueOrThrow({ where: { id: kept.id } })).status === 'PUBLISHED', 30_000);
    await until(() => deliveriesOf(kept.id).length > 0, 15_000);
    await sleep(2000);
    expect(await publishEvents(kept.id)).toBe(1);
    expect(deliveriesOf(kept.id)).toHaveLength(1);
    const stored = await api.prisma.article.findUniqueOrThrow({ where: { id: kept.id } });
    expect(stored.publishedAt?.toISOString()).toBe(publishAt);
    expect(stored.publishJobId).toBeNull();
    // The unscheduled story stays where the desk put it, its job cancelled.
    expect((await api.prisma.article.findUniqueOrThrow({ where: { id: dropped.id } })).status).toBe('APPROVED');
    expect(await publishEvents(dropped.id)).toBe(0);
    const [job] = await api.prisma.$queryRaw<{ state: string }[]>`
      SELECT state::text FROM pgboss.job WHERE name = 'publish-scheduled' AND data->>'articleId' = ${dropped.id}`;
    expect(job?.state).toBe('cancelled');
  }, 180_000);

  it('runs at the next start a publication that fell due while no instance ran', async () => {
    const article = await approved();
    // Scheduled through an instance without workers, which then goes away: nothing runs the queue.
    const web = await start({ SCHEDULER: 'false' });
    const scheduled = await graphql(
      web.url,
      TRANSITION,
      { input: { id: article.id, to: 'SCHEDULED', publishAt: new Date(Date.now() + 1_500).toISOString() } },
      editor,
    );
    expect(scheduled.errors).toBeUndefined();
    await web.signal('SIGKILL');
    running.splice(running.indexOf(web), 1);
    await sleep(2_500);
    expect((await api.prisma.article.findUniqueOrThrow({ where: { id: article.id } })).status).toBe('SCHEDULED');

    await start();
    await until(async () => (await api.prisma.article.findUniqueOrThrow({ where: { id: article.id } })).status === 'PUBLISHED', 30_000);
    expect(await publishEvents(article.id)).toBe(1);
  }, 180_000);

  it('queues at start the stories scheduled before the queue existed', async () => {
    // As a database upgraded from before the queue holds them: SCHEDULED, with no job.
    const due = await anArticle(
      api.prisma,
      { publicationId: pub.id, sectionId: news.id },
      { status: 'SCHEDULED', scheduledFor: new Date(Date.now() - 60_000) },
    );
    const later = await anArticle(
      api.prisma,
      { publicationId: pub.id, sectionId: news.id },
      { status: 'SCHEDULED', scheduledFor: new Date(Date.now() + 3_000) },
    );
    await start();
    await until(async () => (await api.prisma.article.findUniqueOrThrow({ where: { id: due.id } })).status === 'PUBLISHED', 30_000);
    await until(async () => (await api.prisma.article.findUniqueOrThrow({ where: { id: later.id } })).status === 'PUBLISHED', 30_000);
    expect(await publishEvents(due.id)).toBe(1);
    expect(await publishEvents(later.id)).toBe(1);
  }, 180_000);
});
