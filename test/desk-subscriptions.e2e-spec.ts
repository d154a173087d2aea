import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { DeskFeed } from '../src/desk/desk-feed.js';
import { aUser } from './factories/newsroom.factory.js';
import { TestApi } from './helpers/api.js';
import { editorialNewsroom, sleep, type EditorialNewsroom } from './helpers/editorial-newsroom.js';

// The live desk: `deskChanged` over WebSocket (graphql-ws), with the token in the connection's
// init payload, across instances of the API on one database (PostgreSQL LISTEN/NOTIFY).

const DESK_CHANGED = `subscription DeskChanged($publication: String!) {
  deskChanged(publication: $publication) { kind at article { id headline status version } }
}`;

const UPDATE_USER = `mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) { id disabled }
}`;
const SET_MEMBERSHIP = `mutation ($userId: ID!, $publicationId: ID!, $role: StaffRole) {
  setMembership(userId: $userId, publicationId: $publicationId, role: $role) { id }
}`;

interface Change {
  kind: string;
  at: string;
  article: { id: string; headline: string; status: string; version: number };
}

interface SubscriptionError {
  message: string;
  extensions?: { code?: string };
}

/** One client's subscription to a desk, as the test watches it. */
interface Watch {
  changes: Change[];
  /** Waits for the changes after the first `seen` until there are `count` in all, and returns them all. */
  upTo(count: number): Promise<Change[]>;
  /** Settles when the subscription ends: its errors, a close event, or null when it completed. */
  ended: Promise<readonly SubscriptionError[] | { code: number; reason: string } | null>;
  /** Settles when the connection closes, with its close code. */
  closed: Promise<{ code: number; reason: string }>;
  /** Whether the server ever accepted the connection. */
  acknowledged(): boolean;
  client: Client;
}

const within = async <T>(ms: number, what: string, promise: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

async function until(what: string, condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

describe('the live desk: deskChanged over WebSocket', () => {
  const { newsroom } = editorialNewsroom();
  let api: EditorialNewsroom['api'];
  let pub: EditorialNewsroom['pub'];
  let news: EditorialNewsroom['news'];
  let tokens: EditorialNewsroom['tokens'];
  let contributorAuthor: EditorialNewsroom['contributorAuthor'];
  let contributor2Author: EditorialNewsroom['contributor2Author'];
  let adminToken: string;
  const open: Client[] = [];
  const instances = new Set<TestApi>();
  beforeAll(async () => {
    ({ api, pub, news, tokens, contributorAuthor, contributor2Author } = newsroom);
    adminToken = await api.tokenFor((await aUser(api.prisma, { isAdmin: true })).id);
  });

  // Each test starts with no subscription left on the server: watch() waits for the count to grow.
  afterEach(async () => {
    for (const client of open.splice(0)) void client.dispose();
    await until('the server has let go of every subscription', () => [...instances].every((instance) => instance.app.get(DeskFeed).watching(pub.id) === 0));
  });

  /** Subscribes to the desk of `publication` through `instance`; once the server watches for it (unless refused), returns. */
  async function watch(
    token: string | null,
    options: { instance?: TestApi; publication?: string; connectionParams?: Record<string, unknown> } = {},
  ): Promise<Watch> {
    const instance = options.instance ?? api;
    const feed = instance.app.get(DeskFeed);
    instances.add(instance);
    const watchingBefore = feed.watching(pub.id);
    const changes: Change[] = [];
    const waiters = new Set<() => void>();
    let acknowledged = false;
    let closedWith!: (event: { code: number; reason: string }) => void;
    const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedWith = resolve));
    const client = createClient({
      url: `${instance.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: options.connectionParams ?? (token === null ? undefined : { authorization: `Bearer ${token}` }),
      retryAttempts: 0,
      on: {
        connected: () => (acknowledged = true),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason?: string };
          closedWith({ code, reason: reason ?? '' });
        },
      },
    });
    open.push(client);
    const ended = new Promise<Awaited<Watch['ended']>>((resolve) => {
      client.subscribe<{ deskChanged: Change }>(
        { query: DESK_CHANGED, variables: { publication: options.publication ?? pub.slug } },
        {
          next: ({ data, errors }) => {
            if (errors) return resolve(errors);
            changes.push(data!.deskChanged);
            for (const wake of waiters) wake();
          },
          error: (error) => resolve(Array.isArray(error) ? (error as SubscriptionError[]) : (error as { code: number; reason: string })),
          complete: () => resolve(null),
        },
      );
    });
    let settled = false;
    void ended.then(() => (settled = true));
    await until('the server watches the desk for the new subscription (or refuses it)', () => settled || feed.watching(pub.id) > watchingBefore);
    return {
      changes,
      ended,
      closed,
      client,
      acknowledged: () => acknowledged,
      upTo: (count) =>
        within(
          5_000,
          `${count} changes (have ${changes.length}: ${JSON.stringify(changes.map((c) => [c.kind, c.article.headline]))})`,
          new Promise<Change[]>((resolve) => {
            const check = () => {
              if (changes.length < count) return;
              waiters.delete(check);
              resolve(changes.slice());
            };
            waiters.add(check);
            check();
          }),
        ),
    };
  }

  const create = async (token: string, headline: string, authorIds: string[]) => {
    const response = await api.operation(
      'CreateArticle',
      { input: { publicationId: pub.id, sectionId: news.id, headline, bodyHtml: '<p>Words.</p>', authorIds } },
      token,
    );
    expect(response.errors).toBeUndefined();
    return response.data.createArticle;
  };
  const save = async (token: string, id: string, version: number, input: Record<string, unknown>, on = api) => {
    const response = await on.operation('UpdateArticle', { id, version, input }, token);
    expect(response.errors).toBeUndefined();
    return response.data.updateArticle;
  };
  const move = async (token: string, input: Record<string, unknown>) => {
    const response = await api.operation('TransitionArticle', { input }, token);
    expect(response.errors).toBeUndefined();
    return response.data.transitionArticle;
  };

  describe('who may watch', () => {
    it('refuses a connection without a token, or with one that is not valid, before any subscription', async () => {
      for (const [token, params] of [
        [null, undefined],
        ['not-a-token', undefined],
        [null, { authorization: 'Basic dXNlcjpwYXNz' }],
        [null, { authorization: 42 }],
      ] as const) {
        const refused = await watch(token, { connectionParams: params });
        await within(5_000, 'the refusal', refused.ended);
        expect(refused.acknowledged()).toBe(false);
        expect(refused.changes).toEqual([]);
        await within(5_000, 'the connection to close', refused.closed);
      }
    });

    it('refuses a member of staff of another publication with FORBIDDEN, and an unknown publication with NOT_FOUND', async () => {
      const outsider = await watch(tokens.editorB);
      expect(await within(5_000, 'the refusal', outsider.ended)).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
      const nowhere = await watch(tokens.editor, { publication: 'no-such-paper' });
      expect(await within(5_000, 'the refusal', nowhere.ended)).toEqual([expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })]);
      const bad = await watch(tokens.editor, { publication: 'x'.repeat(201) });
      expect(await within(5_000, 'the refusal', bad.ended)).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      ]);
    });

    it('refuses a subscription sent over HTTP with BAD_USER_INPUT, whoever sends it', async () => {
      const document = `subscription ($p: String!) { deskChanged(publication: $p) { kind at article { id } } }`;
      for (const token of [undefined, tokens.editor]) {
        const response = await api.graphql(document, { p: pub.slug }, token);
        expect(response.status).toBe(400);
        expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
        expect(response.errors?.[0]?.message).toMatch(/WebSocket/);
      }
    });

    it('holds a subscription document to the limits of queries (unknown fields, aliases) with BAD_USER_INPUT', async () => {
      const client = createClient({
        url: `${api.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${tokens.editor}` },
        retryAttempts: 0,
      });
      open.push(client);
      const run = (query: string) =>
        new Promise<unknown>((resolve) =>
          client.subscribe({ query, variables: { p: pub.slug } }, { next: resolve, error: resolve, complete: () => resolve(null) }),
        );
      const unknownField = await within(5_000, 'the refusal', run('subscription ($p: String!) { deskChanged(publication: $p) { kind secrets } }'));
      expect(unknownField).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
      const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: kind`).join(' ');
      const tooMany = await within(5_000, 'the refusal', run(`subscription ($p: String!) { deskChanged(publication: $p) { ${aliases} } }`));
      expect(tooMany).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    });
  });

  describe('what each watcher sees', () => {
    it("shows a contributor their own draft's creation, save and submission in order, and an editor everyone's, but not another contributor's to them", async () => {
      const mine = await watch(tokens.contributor);
      const editor = await watch(tokens.editor);

      const draft = await create(tokens.contributor, 'Floods reach the delta', [contributorAuthor.id]);
      const created = (await mine.upTo(1))[0];
      expect(created).toEqual({
        kind: 'CREATED',
        at: expect.any(String),
        article: { id: draft.id, headline: 'Floods reach the delta', status: 'DRAFT', version: 1 },
      });
      // Someone else's draft, and its save: the editor sees them, the contributor does not.
      const theirs = await create(tokens.contributor2, 'A rival story', [contributor2Author.id]);
      await save(tokens.contributor2, theirs.id, theirs.version, { headline: 'A rival story, rewritten' });

      const saved = await save(tokens.contributor, draft.id, 1, { headline: 'Floods reach the delta, and the capital' });
      expect((await mine.upTo(2))[1]).toMatchObject({
        kind: 'SAVED',
        article: { id: draft.id, headline: 'Floods reach the delta, and the capital', status: 'DRAFT', version: 2 },
      });
      await move(tokens.contributor, { id: draft.id, to: 'SUBMITTED', version: saved.version });
      const changes = await mine.upTo(3);
      expect(changes.map((c) => [c.kind, c.article.id, c.article.status, c.article.version])).toEqual([
        ['CREATED', draft.id, 'DRAFT', 1],
        ['SAVED', draft.id, 'DRAFT', 2],
        ['MOVED', draft.id, 'SUBMITTED', 3],
      ]);
      expect(new Date(changes[2].at).getTime()).toBeGreaterThanOrEqual(new Date(changes[0].at).getTime());

      const seenByEditor = await editor.upTo(5);
      expect(seenByEditor.map((c) => [c.kind, c.article.id])).toEqual([
        ['CREATED', draft.id],
        ['CREATED', theirs.id],
        ['SAVED', theirs.id],
        ['SAVED', draft.id],
        ['MOVED', draft.id],
      ]);
      // Nothing more came to the contributor meanwhile.
      await sleep(100);
      expect(mine.changes).toHaveLength(3);
    });

    it('sends nothing for a write that was refused or rolled back', async () => {
      const editor = await watch(tokens.editor);
      const draft = await create(tokens.editor, 'A story two people edit', [contributorAuthor.id]);
      await editor.upTo(1);
      // A stale version: refused with CONFLICT.
      const stale = await api.operation('UpdateArticle', { id: draft.id, version: 0, input: { headline: 'Overwritten' } }, tokens.editor);
      expect(stale.errors![0].extensions.code).toBe('CONFLICT');

      // Printing an edition moves each placed story in one transaction: the first story's move
      // (announced in it) is rolled back with the whole when the second cannot be printed.
      const first = await create(tokens.editor, 'Goes to press', [contributorAuthor.id]);
      const second = await create(tokens.editor, 'Will be spiked', [contributorAuthor.id]);
      await editor.upTo(3);
      const [printable, doomed] = [first, second].sort((a, b) => (a.id < b.id ? -1 : 1));
      for (const story of [printable, doomed]) await api.prisma.article.update({ where: { id: story.id }, data: { status: 'APPROVED' } });
      const edition = await api.operation('CreatePrintEdition', { input: { publicationId: pub.id, date: '2026-09-01' } }, tokens.production);
      expect(edition.errors).toBeUndefined();
      const editionId = edition.data.createPrintEdition.id;
      for (const [story, page] of [
        [printable, 1],
        [doomed, 2],
      ] as const) {
        expect((await api.operation('PlaceArticle', { input: { editionId, articleId: story.id, page } }, tokens.production)).errors).toBeUndefined();
      }
      await api.prisma.article.update({ where: { id: doomed.id }, data: { status: 'SPIKED' } });
      const print = await api.operation('MarkEditionPrinted', { editionId }, tokens.production);
      expect(print.errors![0].extensions.code).toBe('INVALID_TRANSITION');
      expect(await api.prisma.article.findUniqueOrThrow({ where: { id: printable.id } })).toMatchObject({ status: 'APPROVED' });

      // The next change heard is the next one committed.
      await save(tokens.editor, draft.id, draft.version, { headline: 'Edited, at last' });
      const changes = await editor.upTo(4);
      expect(changes.map((c) => [c.kind, c.article.id])).toEqual([
        ['CREATED', draft.id],
        ['CREATED', first.id],
        ['CREATED', second.id],
        ['SAVED', draft.id],
      ]);
    });

    it('checks the watcher as they are at each change: a membership taken away ends the subscription with FORBIDDEN', async () => {
      const leaving = await aUser(api.prisma, { role: 'COPY_EDITOR', publicationId: pub.id });
      const watcher = await watch(await api.tokenFor(leaving.id));
      await create(tokens.editor, 'Seen while a member', [contributorAuthor.id]);
      await watcher.upTo(1);
      expect((await api.graphql(SET_MEMBERSHIP, { userId: leaving.id, publicationId: pub.id, role: null }, adminToken)).errors).toBeUndefined();
      await create(tokens.editor, 'Not seen once gone', [contributorAuthor.id]);
      expect(await within(5_000, 'the end of the subscription', watcher.ended)).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
      expect(watcher.changes.map((c) => c.article.headline)).toEqual(['Seen while a member']);
    });
  });

  describe('when the instance stops hearing changes', () => {
    it('ends every subscription (which may have missed some), then watches again once it hears them', async () => {
      const editor = await watch(tokens.editor);
      await api.prisma
        .$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'newsroom-change-bus' AND datname = current_database()`;
      expect(await within(5_000, 'the end of the subscription', editor.ended)).toEqual([
        expect.objectContaining({ message: expect.stringContaining('subscribe again'), extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
      ]);
      await until('the instance hears changes again', () => api.app.get(DeskFeed).live);
      const again = await watch(tokens.editor);
      await create(tokens.editor, 'Heard after the gap', [contributorAuthor.id]);
      expect((await again.upTo(1))[0].article.headline).toBe('Heard after the gap');
    });
  });

  describe('across instances of the API on one database', () => {
    let other: TestApi;
    beforeAll(async () => {
      other = await TestApi.start({ databaseUrl: api.databaseUrl });
    });
    afterAll(async () => {
      instances.delete(other);
      await other?.close();
    });

    it('delivers a change made through one instance to a watcher connected to another', async () => {
      const elsewhere = await watch(tokens.editor, { instance: other });
      const draft = await create(tokens.contributor, 'Written on instance A', [contributorAuthor.id]);
      const saved = await save(tokens.editor, draft.id, draft.version, { headline: 'Edited on instance B' }, other);
      const changes = await elsewhere.upTo(2);
      expect(changes.map((c) => [c.kind, c.article.id, c.article.headline, c.article.version])).toEqual([
        ['CREATED', draft.id, expect.any(String), expect.any(Number)],
        ['SAVED', draft.id, 'Edited on instance B', saved.version],
      ]);
    });

    it("closes a user's connections on every instance at once when the account is disabled or the password reset", async () => {
      const leaver = await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id });
      const resetter = await aUser(api.prisma, { role: 'CONTRIBUTOR', publicationId: pub.id });
      const leaverToken = await api.tokenFor(leaver.id);
      const resetterToken = await api.tokenFor(resetter.id);
      const watches = {
        leaverHere: await watch(leaverToken),
        leaverThere: await watch(leaverToken, { instance: other }),
        resetterThere: await watch(resetterToken, { instance: other }),
        editor: await watch(tokens.editor),
      };

      const disabled = await api.graphql(UPDATE_USER, { id: leaver.id, input: { disabled: true } }, adminToken);
      expect(disabled.errors).toBeUndefined();
      const [here, there] = await within(2_000, "the leaver's connections to close", Promise.all([watches.leaverHere.closed, watches.leaverThere.closed]));
      expect([here.code, there.code]).toEqual([4403, 4403]);

      const reset = await api.graphql(UPDATE_USER, { id: resetter.id, input: { password: 'a brand new long password' } }, adminToken);
      expect(reset.errors).toBeUndefined();
      expect((await within(2_000, "the resetter's connection to close", watches.resetterThere.closed)).code).toBe(4403);

      // Everyone else watches on; the closed token is refused a new connection.
      await create(tokens.editor, 'After the leaver left', [contributorAuthor.id]);
      expect((await watches.editor.upTo(1))[0].article.headline).toBe('After the leaver left');
      const again = await watch(leaverToken);
      await within(5_000, 'the refusal', again.ended);
      expect(again.acknowledged()).toBe(false);
    });
  });
});
