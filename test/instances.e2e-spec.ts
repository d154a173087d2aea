import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { LOGIN_LIMITS } from '../src/auth/auth.service.js';
import { contractOperation } from '../scripts/contract-operations.js';
import { ApiProcess } from './helpers/api-process.js';
import { TestApi, type GraphQLError, type Loose, type OperationName } from './helpers/api.js';
import { awayFromWindowEnd } from './helpers/login-window.js';
import type { ContractOperations } from './generated/contract.js';
import { TEST_PASSWORD, aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';

// Many instances: two real API processes (`node dist/src/main.js`, as an operator runs them) on
// one PostgreSQL, and what must hold across them. What one instance does, the other knows at
// once: the response cache and the section trees it purges, the scheduler's publications (each
// once), the sign-in limits, a disabled account. And a fault run: one instance SIGKILLed under a
// steady write load, then started again: every write that was acknowledged is in the database,
// whole, and nothing is half-written. (test/response-cache.e2e-spec.ts has the first purge
// across processes, against an in-process API; test/job-queue.e2e-spec.ts the queue's jobs.)

/** Both run the job queue (scheduled publications), as the default SCHEDULER=true would. */
const ENV = { SCHEDULER: 'true', RESPONSE_CACHE: 'true' };
const UPDATE_USER = `mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id disabled } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer<T> {
  status: number;
  headers: Record<string, string | undefined>;
  data: Loose<T>;
  errors?: GraphQLError[];
}

/** POSTs a document to an instance; a network failure (a dead instance) rejects. */
async function post<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<Answer<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json()) as { data: Loose<T>; errors?: GraphQLError[] };
  return { status: response.status, headers: Object.fromEntries(response.headers), ...body };
}

/** One operation of the contract, as the frontend or the admin tools send it. */
const call = <N extends OperationName>(instance: ApiProcess, name: N, variables: Record<string, unknown>, token?: string) =>
  post<ContractOperations[N]['result']>(instance.url, contractOperation(name), variables, token);

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 5_000, everyMs = 20): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await check());) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(everyMs);
  }
}

describe('two API processes on one database', () => {
  let api: TestApi;
  let a: ApiProcess;
  let b: ApiProcess;
  const started: ApiProcess[] = [];
  let pub: { id: string; slug: string };
  let news: { id: string; slug: string };
  let author: { id: string };
  let editor: string;
  let admin: string;

  const startProcess = async () => {
    const child = await ApiProcess.start(api.databaseUrl, ENV);
    started.push(child);
    return child;
  };
  const name = (instance: ApiProcess) => (instance === a ? 'A' : instance === b ? 'B' : 'another');

  /** A staff operation that must succeed. */
  async function staff<N extends OperationName>(instance: ApiProcess, operation: N, variables: Record<string, unknown>, token = editor) {
    const answer = await call(instance, operation, variables, token);
    expect([name(instance), operation, answer.errors]).toEqual([name(instance), operation, undefined]);
    return answer.data;
  }

  beforeAll(async () => {
    // The database's owner: fixtures and the checks below read and write it directly.
    api = await TestApi.start();
    pub = await aPublication(api.prisma, { slug: 'both' });
    news = await aSection(api.prisma, pub.id, { slug: 'news', name: 'News' });
    author = await anAuthor(api.prisma, { slug: 'reporter', name: 'A Reporter' });
    editor = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id })).id);
    admin = await api.tokenFor((await aUser(api.prisma, { isAdmin: true })).id);
    [a, b] = await Promise.all([startProcess(), startProcess()]);
  }, 120_000);

  afterAll(async () => {
    const codes = await Promise.all(started.map((child) => child.stop()));
    await api?.close();
    // SIGKILLed ones report null; every other one shut down cleanly.
    expect(codes.filter((code) => code !== null && code !== 0)).toEqual([]);
  });

  describe('the response cache', () => {
    const frontPage = (instance: ApiProcess) => call(instance, 'FrontPage', { publication: pub.slug, first: 20 });
    const articlePage = (instance: ApiProcess, slug: string) => call(instance, 'ArticlePage', { publication: pub.slug, slug });
    const headlines = (answer: Answer<ContractOperations['FrontPage']['result']>) => answer.data.publication.articles.edges.map((edge) => edge.node.headline);

    /** Reads until the answer is kept on both instances (a second read is a HIT). */
    async function keptOnBoth(read: (instance: ApiProcess) => Promise<Answer<unknown>>) {
      for (const instance of [a, b]) {
        await read(instance);
        expect([name(instance), (await read(instance)).headers['x-cache']]).toEqual([name(instance), 'HIT']);
      }
    }

    it('is purged on both: a publish or an edit through one shows on the very next read of the other', async () => {
      const story = await anArticle(
        api.prisma,
        { publicationId: pub.id, sectionId: news.id },
        { slug: 'seen-by-both', headline: 'Seen by both', authorIds: [author.id], publishedAt: new Date(Date.now() - 60_000) },
      );
      const approved = await anArticle(
        api.prisma,
        { publicationId: pub.id, sectionId: news.id },
        { slug: 'published-through-a', headline: 'Published through A', status: 'APPROVED', publishedAt: null, authorIds: [author.id] },
      );
      // Written straight to the database: the processes hear of it a moment later.
      await until('both processes show the fixture', async () =>
        (await Promise.all([frontPage(a), frontPage(b)])).every((answer) => headlines(answer).includes('Seen by both')),
      );
      await keptOnBoth(frontPage);
      await keptOnBoth((instance) => articlePage(instance, 'published-through-a'));
      await keptOnBoth((instance) => articlePage(instance, 'seen-by-both'));
      expect((await articlePage(b, 'published-through-a')).data.publication.article).toBeNull();

      // Published through A: the very next read of B shows it, the list and the page it kept as missing.
      await staff(a, 'TransitionArticle', { input: { id: approved.id, to: 'PUBLISHED', version: approved.version } });
      const listOnB = await frontPage(b);
      expect([listOnB.headers['x-cache'], headlines(listOnB)]).toEqual(['MISS', expect.arrayContaining(['Published through A', 'Seen by both'])]);
      expect((await articlePage(b, 'published-through-a')).data.publication.article.headline).toBe('Published through A');
      expect(headlines(await frontPage(a))).toContain('Published through A');
      expect((await articlePage(a, 'published-through-a')).data.publication.article.headline).toBe('Published through A');

      // Kept again on both; edited through B: the very next read of A shows the edit.
      await keptOnBoth(frontPage);
      await keptOnBoth((instance) => articlePage(instance, 'seen-by-both'));
      await staff(b, 'UpdateArticle', { id: story.id, version: story.version, input: { headline: 'Edited through B', bodyHtml: '<p>New words from B.</p>' } });
      const listOnA = await frontPage(a);
      expect(listOnA.headers['x-cache']).toBe('MISS');
      expect(headlines(listOnA)).toContain('Edited through B');
      expect(headlines(listOnA)).not.toContain('Seen by both');
      const pageOnA = (await articlePage(a, 'seen-by-both')).data.publication.article;
      expect([pageOnA.headline, pageOnA.bodyText]).toEqual(['Edited through B', 'New words from B.']);
      expect(headlines(await frontPage(b))).toContain('Edited through B');
      expect((await articlePage(b, 'seen-by-both')).data.publication.article.bodyText).toBe('New words from B.');
    }, 180_000);

    it('is purged on both for a section renamed through one, and the other finds it by its new slug at once', async () => {
      const section = await aSection(api.prisma, pub.id, { slug: 'sport', name: 'Sport' });
      await anArticle(
        api.prisma,
        { publicationId: pub.id, sectionId: section.id },
        { headline: 'A match report', authorIds: [author.id], publishedAt: new Date(Date.now() - 60_000) },
      );
      const sectionPage = (instance: ApiProcess, slug: string) => call(instance, 'FrontPage', { publication: pub.slug, section: slug, first: 5 });
      await until('both processes show the fixture', async () =>
        (await Promise.all([sectionPage(a, 'sport'), sectionPage(b, 'sport')])).every((answer) => answer.data?.publication?.articles.edges.length === 1),
      );
      await keptOnBoth((instance) => sectionPage(instance, 'sport'));

      await staff(a, 'UpdateSection', { id: section.id, input: { name: 'Sports', slug: 'sports' } });
      // The public page on B, and B's section tree (a staff read, never from the response cache).
      const renamed = await sectionPage(b, 'sports');
      expect(renamed.errors).toBeUndefined();
      expect(renamed.data.publication.articles.edges.map((edge) => [edge.node.headline, edge.node.section.slug, edge.node.section.name])).toEqual([
        ['A match report', 'sports', 'Sports'],
      ]);
      const desk = await call(b, 'Desk', { publication: pub.slug, section: 'sports', first: 5 }, editor);
      expect(desk.errors).toBeUndefined();
      expect(desk.data.publication.desk.edges.map((edge) => edge.node.headline)).toEqual(['A match report']);
    }, 180_000);
  });

  it('publishes a scheduled story once, with both processes running the job queue', async () => {
    const stories = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        anArticle(
          api.prisma,
          { publicationId: pub.id, sectionId: news.id },
          { slug: `scheduled-${i}`, headline: `Scheduled story ${i}`, status: 'APPROVED', publishedAt: null, authorIds: [author.id] },
        ),
      ),
    );
    const publishAt = new Date(Date.now() + 3_000).toISOString();
    // Scheduled through either; both run the queue and both see each job come due.
    const scheduled = await Promise.all(
      stories.map(async (story, i) => {
        const moved = await staff(i % 2 ? b : a, 'TransitionArticle', { input: { id: story.id, to: 'SCHEDULED', publishAt, version: story.version } });
        return moved.transitionArticle;
      }),
    );
    const ids = stories.map((story) => story.id);
    await until(
      'every scheduled story is published',
      async () => (await api.prisma.article.count({ where: { id: { in: ids }, status: 'PUBLISHED' } })) === ids.length,
      30_000,
      200,
    );
    // Longer than either instance's polling of the queue: a second publication would have happened.
    await sleep(2_500);
    for (const [i, story] of stories.entries()) {
      const events = await api.prisma.articleEvent.findMany({ where: { articleId: story.id, toStatus: 'PUBLISHED' } });
      const stored = await api.prisma.article.findUniqueOrThrow({ where: { id: story.id } });
      expect([story.slug, events.length]).toEqual([story.slug, 1]);
      expect([events[0].fromStatus, events[0].actorId, events[0].version]).toEqual(['SCHEDULED', null, scheduled[i].version + 1]);
      expect([stored.status, stored.version, stored.publishedAt?.toISOString()]).toEqual(['PUBLISHED', scheduled[i].version + 1, publishAt]);
      expect(await api.prisma.articleRevision.count({ where: { articleId: story.id } })).toBe(stored.version);
    }
    const [job] = await api.prisma.$queryRaw<{ runs: bigint }[]>`
      SELECT count(*) AS runs FROM pgboss.job WHERE name = 'publish-scheduled' AND data->>'articleId' = ANY(${ids}::text[]) AND state = 'completed'`;
    expect(Number(job.runs)).toBe(ids.length);
    // Public on both.
    for (const instance of [a, b]) {
      const page = await call(instance, 'FrontPage', { publication: pub.slug, first: 50 });
      expect(page.data.publication.articles.edges.map((edge) => edge.node.headline)).toEqual(expect.arrayContaining(stories.map((story) => story.headline)));
    }
  }, 180_000);

  describe('sign-in limits', () => {
    const login = (instance: ApiProcess, email: string, password: string) => call(instance, 'Login', { email, password });
    const refusal = (answer: Answer<unknown>) => [answer.errors?.[0]?.extensions.code, answer.errors?.[0]?.message];
    const WRONG = ['UNAUTHENTICATED', 'Wrong email or password'];
    const TOO_MANY = ['UNAUTHENTICATED', expect.stringMatching(/^Too many failed sign-ins: try again in \d+ minutes?$/)];

    it('counts failures on both: after 5 alternated between them, both refuse even the right password', async () => {
      expect(LOGIN_LIMITS.perAccount).toBe(5);
      const user = await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id });
      const bystander = await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id });
      await awayFromWindowEnd();
      for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
        const instance = i % 2 ? b : a;
        expect([name(instance), i, refusal(await login(instance, user.email, `wrong password ${i}`))]).toEqual([name(instance), i, WRONG]);
      }
      // The sixth, with the right password: refused by either.
      for (const instance of [b, a]) {
        const answer = await login(instance, user.email, TEST_PASSWORD);
        expect([name(instance), refusal(answer), answer.data]).toEqual([name(instance), TOO_MANY, null]);
      }
      expect(refusal(await login(a, user.email, 'yet another wrong one'))).toEqual(TOO_MANY);
      // Per account: another account from the same address signs in on both.
      for (const instance of [a, b]) expect((await login(instance, bystander.email, TEST_PASSWORD)).errors).toBeUndefined();
    }, 180_000);

    it('lets no parallel attempt slip past the limit across both', async () => {
      const user = await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id });
      await awayFromWindowEnd();
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(i % 2 ? b : a, user.email, `guess ${i}`)));
      const refusals = answers.map(refusal);
      expect(refusals.filter(([, message]) => message === 'Wrong email or password')).toHaveLength(LOGIN_LIMITS.perAccount);
      expect(refusals.filter(([, message]) => String(message).startsWith('Too many failed sign-ins'))).toHaveLength(12 - LOGIN_LIMITS.perAccount);
      for (const instance of [a, b]) expect(refusal(await login(instance, user.email, TEST_PASSWORD))).toEqual(TOO_MANY);
    }, 180_000);
  });

  it("refuses a disabled user's token on both at once, and ends their live desk on the other", async () => {
    const leaver = await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id });
    const token = await api.tokenFor(leaver.id);
    for (const instance of [a, b]) {
      const me = await call(instance, 'Me', {}, token);
      expect([name(instance), me.errors, me.data.me.id]).toEqual([name(instance), undefined, leaver.id]);
    }
    // Watching the desk on B, signed in with the token.
    const changes: string[] = [];
    let closedWith!: (event: { code: number; reason: string }) => void;
    const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedWith = resolve));
    const client = createClient({
      url: `${b.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      on: { closed: (event) => closedWith({ code: (event as { code: number }).code, reason: String((event as { reason?: string }).reason ?? '') }) },
    });
    try {
      client.subscribe<{ deskChanged: { article: { headline: string } } }>(
        { query: contractOperation('DeskChanged'), variables: { publication: pub.slug } },
        { next: ({ data }) => void (data && changes.push(data.deskChanged.article.headline)), error: () => undefined, complete: () => undefined },
      );
      // Watching once a change made through A reaches it.
      await until(
        'the watch on B hears a change made through A',
        async () => {
          if (changes.length > 0) return true;
          await staff(a, 'CreateArticle', { input: { publicationId: pub.id, sectionId: news.id, headline: 'Heard on B', authorIds: [author.id] } });
          await sleep(300);
          return changes.length > 0;
        },
        10_000,
        0,
      );
      expect(changes[0]).toBe('Heard on B');

      const disabled = await post<{ updateUser: { disabled: boolean } }>(a.url, UPDATE_USER, { id: leaver.id, input: { disabled: true } }, admin);
      expect([disabled.errors, disabled.data.updateUser.disabled]).toEqual([undefined, true]);
      // At once: the next request on B, then on A.
      for (const instance of [b, a]) {
        const me = await call(instance, 'Me', {}, token);
        expect([name(instance), me.errors?.[0]?.extensions.code]).toEqual([name(instance), 'UNAUTHENTICATED']);
      }
      const ended = await Promise.race([closed, sleep(2_000).then(() => null)]);
      expect(ended?.code).toBe(4403);
      for (const instance of [a, b]) {
        const signIn = await call(instance, 'Login', { email: leaver.email, password: TEST_PASSWORD });
        expect([name(instance), signIn.errors?.[0]?.extensions.code]).toEqual([name(instance), 'UNAUTHENTICATED']);
      }
    } finally {
      await client.dispose();
    }
  }, 180_000);

  describe('a fault run: one instance killed under a steady write load, then started again', () => {
    type Write = { kind: 'create' | 'update' | 'submit'; articleId: string; version: number; headline: string; via: string; at: number };

    it('keeps every acknowledged write, whole, and half-writes nothing', async () => {
      const faults = await aPublication(api.prisma, { slug: 'faults' });
      const desk = await aSection(api.prisma, faults.id, { slug: 'desk' });
      const writer = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: faults.id })).id);
      // The instances writers send to, by slot: A is killed, then replaced.
      const slots: { process: ApiProcess; label: string }[] = [
        { process: a, label: 'A' },
        { process: b, label: 'B' },
      ];
      // Two drafts whose writes through A are held mid-transaction when it dies (their rows locked here).
      const held = await Promise.all(
        ['update', 'submit'].map((kind) =>
          anArticle(
            api.prisma,
            { publicationId: faults.id, sectionId: desk.id },
            { status: 'DRAFT', publishedAt: null, headline: `Held ${kind}`, authorIds: [author.id] },
          ),
        ),
      );
      const acknowledged: Write[] = [];
      const failures: { target: ApiProcess; label: string; what: string; why: string }[] = [];
      const t0 = Date.now();
      let stop = false;
      let requests = 0;

      /** One write to the next instance in turn: its data when acknowledged (200, no errors), else null. */
      async function write<N extends OperationName>(
        operation: N,
        variables: Record<string, unknown>,
      ): Promise<{ data: Loose<ContractOperations[N]['result']>; via: string } | null> {
        const slot = slots[requests++ % slots.length];
        const target = slot.process;
        try {
          const answer = await post<ContractOperations[N]['result']>(slot.process.url, contractOperation(operation), variables, writer);
          if (answer.status === 200 && answer.errors === undefined && answer.data) return { data: answer.data, via: slot.label };
          failures.push({ target, label: slot.label, what: operation, why: `${answer.status} ${JSON.stringify(answer.errors)}` });
        } catch (error) {
          failures.push({ target, label: slot.label, what: operation, why: String((error as Error).cause ?? error) });
        }
        // Not hammering a dead instance: a moment before the next write.
        await sleep(25);
        return null;
      }

      /** Drafts written, edited twice and submitted, one after another, until told to stop; a write not acknowledged drops its article. */
      async function writerLoop(w: number) {
        for (let n = 0; !stop; n++) {
          const headline = `Writer ${w} story ${n}`;
          const created = await write('CreateArticle', {
            input: { publicationId: faults.id, sectionId: desk.id, headline, bodyHtml: `<p>${headline}.</p>`, authorIds: [author.id] },
          });
          if (!created) continue;
          const { id } = created.data.createArticle;
          let version = created.data.createArticle.version;
          acknowledged.push({ kind: 'create', articleId: id, version, headline, via: created.via, at: Date.now() - t0 });
          let current = headline;
          let whole = true;
          for (const edit of [1, 2]) {
            if (stop) break;
            const edited = `${headline}, edit ${edit}`;
            const saved = await write('UpdateArticle', { id, version, input: { headline: edited, bodyHtml: `<p>${edited}.</p>` } });
            if (!saved) {
              whole = false;
              break;
            }
            version = saved.data.updateArticle.version;
            current = edited;
            acknowledged.push({ kind: 'update', articleId: id, version, headline: edited, via: saved.via, at: Date.now() - t0 });
          }
          if (!whole || stop) continue;
          const submitted = await write('TransitionArticle', { input: { id, to: 'SUBMITTED', version } });
          if (!submitted) continue;
          expect(submitted.data.transitionArticle.status).toBe('SUBMITTED');
          acknowledged.push({
            kind: 'submit',
            articleId: id,
            version: submitted.data.transitionArticle.version,
            headline: current,
            via: submitted.via,
            at: Date.now() - t0,
          });
        }
      }

      const writers = [0, 1, 2].map((w) => writerLoop(w));
      const since = (label: string, from: number) => acknowledged.filter((w) => w.via === label && w.at >= from).length;
      /** The load runs until `count` writes were acknowledged through `label` since `from` (by time, however busy the machine). */
      const acknowledgedThrough = (label: string, from: number, count = 6) =>
        until(`${count} writes acknowledged through ${label}`, () => since(label, from) >= count, 30_000, 50);

      /** When A was killed and started again, in ms from the start of the load. */
      const at = { killed: NaN, restarted: NaN, ended: NaN };
      let heldOutcomes: string[] | undefined;
      try {
        // Writes on both; A is killed in the middle of the load (requests to it in flight).
        await Promise.all([acknowledgedThrough('A', 0), acknowledgedThrough('B', 0)]);
        // Two more writes through A, held in the middle of their transactions (each waits for the
        // lock on its article, taken here) when A is killed; the locks are let go once it is dead.
        heldOutcomes = await api.prisma.$transaction(
          async (tx) => {
            const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
            await tx.$queryRaw`SELECT id FROM articles WHERE id = ANY(${held.map((article) => article.id)}::uuid[]) FOR UPDATE`;
            const outcomes = [
              post(a.url, contractOperation('UpdateArticle'), { id: held[0].id, version: 1, input: { headline: 'Never saved' } }, writer),
              post(a.url, contractOperation('TransitionArticle'), { input: { id: held[1].id, to: 'SUBMITTED', version: 1 } }, writer),
            ].map((sent) =>
              sent.then(
                (answer) => JSON.stringify(answer.errors ?? answer.data),
                (error: Error) => `failed: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`,
              ),
            );
            // Asked on another connection: a transaction sees pg_stat_activity as it was at its first look.
            const waiting = async () => {
              const [row] = await api.prisma.$queryRaw<{ count: number }[]>`
                SELECT count(*)::int FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`;
              return row.count;
            };
            await until('both held writes wait for their locks', async () => (await waiting()) === 2, 10_000);
            // What fails through A from here on was sent to it dying or dead; what fails labelled 'A' was in flight when it died.
            slots[0].label = 'A (dead)';
            at.killed = Date.now() - t0;
            expect(await a.signal('SIGKILL')).toBeNull();
            return Promise.all(outcomes);
          },
          { maxWait: 10_000, timeout: 30_000 },
        );
        // The survivor takes the load alone (the dead one refuses), and keeps taking it while A comes back.
        await acknowledgedThrough('B', at.killed);
        const restarted = await startProcess();
        slots[0] = { process: restarted, label: 'A again' };
        at.restarted = Date.now() - t0;
        await acknowledgedThrough('A again', at.restarted);
      } finally {
        stop = true;
        await Promise.all(writers);
      }
      at.ended = Date.now() - t0;

      const acknowledgedVia = (label: string, from = 0, to = Infinity) => acknowledged.filter((w) => w.via === label && w.at >= from && w.at <= to).length;
      const summary = {
        inFlightAtKill: failures.filter((f) => f.label === 'A').length,
        acknowledged: acknowledged.length,
        failed: failures.length,
        ...at,
        byA: acknowledgedVia('A'),
        byBWhileADead: acknowledgedVia('B', at.killed, at.restarted),
        byBAfter: acknowledgedVia('B', at.restarted),
        byARestarted: acknowledgedVia('A again'),
      };
      // The load crossed the fault: writes through both before, through the survivor while A was
      // dead, through A again after; the requests in flight to A when it died were not acknowledged.
      const crossed = summary.byA > 0 && summary.byBWhileADead > 0 && summary.byARestarted > 0;
      expect({ summary, crossed }).toEqual({ summary, crossed: true });
      // The held writes were never acknowledged, and left nothing: they died with A, before their commit.
      expect(heldOutcomes).toEqual([expect.stringMatching(/^failed: /), expect.stringMatching(/^failed: /)]);
      for (const article of held) {
        const stored = await api.prisma.article.findUniqueOrThrow({ where: { id: article.id } });
        expect([stored.headline, stored.status, stored.version]).toEqual([article.headline, 'DRAFT', 1]);
      }
      // Only requests to the killed process failed: those in flight when it died, and those sent to it dead.
      expect(failures.filter((f) => f.target === a).length).toBeGreaterThan(0);
      expect(failures.filter((f) => f.target !== a).map(({ label, what, why }) => ({ label, what, why }))).toEqual([]);

      // Every acknowledged write is there: the article at that version or later, the revision of
      // that version with what was written, and the event of every acknowledged move.
      const ids = [...new Set(acknowledged.map((w) => w.articleId))];
      const articles = new Map((await api.prisma.article.findMany({ where: { publicationId: faults.id } })).map((row) => [row.id, row]));
      const revisions = await api.prisma.articleRevision.findMany({ where: { article: { publicationId: faults.id } }, orderBy: { version: 'asc' } });
      const events = await api.prisma.articleEvent.findMany({ where: { article: { publicationId: faults.id } }, orderBy: [{ version: 'asc' }, { at: 'asc' }] });
      const lost: string[] = [];
      for (const w of acknowledged) {
        const article = articles.get(w.articleId);
        const revision = revisions.find((r) => r.articleId === w.articleId && r.version === w.version);
        if (!article) lost.push(`${w.kind} of ${w.articleId} (v${w.version}, via ${w.via}): no article`);
        else if (article.version < w.version) lost.push(`${w.kind} of ${w.articleId} (via ${w.via}): at v${article.version}, acknowledged v${w.version}`);
        if (!revision || revision.headline !== w.headline)
          lost.push(`${w.kind} of ${w.articleId} (via ${w.via}): revision v${w.version} is ${revision?.headline}`);
        const moved = { create: 'DRAFT', submit: 'SUBMITTED', update: null }[w.kind];
        if (moved && !events.some((e) => e.articleId === w.articleId && e.toStatus === moved && e.version === w.version)) {
          lost.push(`${w.kind} of ${w.articleId} (v${w.version}, via ${w.via}): no ${moved} event`);
        }
      }
      expect(lost).toEqual([]);
      expect(ids.length).toBeGreaterThan(0);

      // Nothing half-written, acknowledged or not: every article has the revision of each of its
      // versions and no other, and its events form the chain of moves that led to its status.
      const broken: string[] = [];
      for (const article of articles.values()) {
        const versions = revisions.filter((r) => r.articleId === article.id).map((r) => r.version);
        const expected = Array.from({ length: article.version }, (_, i) => i + 1);
        if (JSON.stringify(versions) !== JSON.stringify(expected)) broken.push(`${article.id}: revisions ${versions.join(',')} at v${article.version}`);
        const chain = events.filter((e) => e.articleId === article.id);
        const steps = chain.map((e) => `${e.fromStatus}->${e.toStatus}@${e.version}`).join(' ');
        if (chain[0]?.fromStatus !== null || chain[0]?.toStatus !== 'DRAFT' || chain[0]?.version !== 1) broken.push(`${article.id}: begins ${steps}`);
        for (let i = 1; i < chain.length; i++) {
          if (chain[i].fromStatus !== chain[i - 1].toStatus || chain[i].version <= chain[i - 1].version || chain[i].version > article.version) {
            broken.push(`${article.id}: ${steps}`);
          }
        }
        for (const event of chain) if (!versions.includes(event.version)) broken.push(`${article.id}: an event at v${event.version} without its revision`);
        if (chain.at(-1)?.toStatus !== article.status) broken.push(`${article.id}: ${article.status} after ${steps}`);
        if (article.status === 'SUBMITTED' && article.submittedAt === null) broken.push(`${article.id}: SUBMITTED without submittedAt`);
      }
      expect(broken).toEqual([]);
    }, 180_000);
  });
});
