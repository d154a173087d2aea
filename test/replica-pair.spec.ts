import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ReplicaPair } from './helpers/replica-pair.js';

// The helper for tests of reads from a replica (test/helpers/replica-pair.ts): a real
// primary and a hot standby streaming from it, independent of DATABASE_URL.

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function headlines(url: string): Promise<string[]> {
  return withClient(url, async (client) => (await client.query<{ title: string }>('SELECT title FROM headline ORDER BY id')).rows.map((row) => row.title));
}

async function write(url: string, title: string): Promise<void> {
  await withClient(url, (client) => client.query('INSERT INTO headline (title) VALUES ($1)', [title]));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a primary with a streaming hot standby', () => {
  let pair: ReplicaPair | undefined;
  let primary: string;
  let replica: string;

  beforeAll(async () => {
    pair = await ReplicaPair.start();
    ({ primaryUrl: primary, replicaUrl: replica } = await pair.createDatabase('newsroom_replica'));
  });
  afterAll(() => pair?.stop());

  it('replays on the replica a table written on the primary', async () => {
    await withClient(primary, (client) => client.query('CREATE TABLE headline (id serial PRIMARY KEY, title text NOT NULL)'));
    await write(primary, 'Budget passes');
    await pair!.waitForReplay();
    expect(await headlines(replica)).toEqual(['Budget passes']);
    // It is a standby, streaming from the primary's slot.
    expect(
      await withClient(replica, async (client) => (await client.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering')).rows[0]),
    ).toEqual({
      recovering: true,
    });
    const senders = await withClient(primary, async (client) => (await client.query<{ state: string }>('SELECT state FROM pg_stat_replication')).rows);
    expect(senders).toEqual([{ state: 'streaming' }]);
  });

  it('refuses writes on the replica (read-only transaction, SQLSTATE 25006)', async () => {
    await expect(write(replica, 'Written on the replica')).rejects.toMatchObject({ code: '25006', message: expect.stringMatching(/read-only transaction/) });
    await expect(withClient(replica, (client) => client.query('CREATE TABLE other (id int)'))).rejects.toMatchObject({ code: '25006' });
  });

  it('holds new writes back while replay is paused, with a growing lag, and catches up once resumed', async () => {
    await pair!.pauseReplay();
    try {
      await write(primary, 'Storm warning');
      const firstLag = await pair!.replayLagSeconds();
      await delay(1_200);
      const laterLag = await pair!.replayLagSeconds();
      expect(firstLag).not.toBeNull();
      expect(laterLag! - firstLag!).toBeGreaterThanOrEqual(1);
      expect(await headlines(replica)).toEqual(['Budget passes']);
      // Waiting for replay says why it does not come.
      await expect(pair!.waitForReplay(300)).rejects.toThrow(/within 300 ms .*replay is paused/);
    } finally {
      await pair!.resumeReplay();
    }
    await pair!.waitForReplay();
    expect(await headlines(replica)).toEqual(['Budget passes', 'Storm warning']);
    expect(await pair!.replayLagSeconds()).toBeLessThan(5);
  });

  it('refuses connections while stopped, and once restarted streams again and catches up with what it missed', async () => {
    await pair!.stopReplica();
    expect(pair!.replicaRunning).toBe(false);
    await expect(headlines(replica)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(pair!.waitForReplay()).rejects.toThrow(/the replica is stopped/);

    await write(primary, 'Written while the replica was down');
    await withClient(primary, (client) => client.query('CREATE TABLE byline (name text)'));
    // A checkpoint on the primary in between: the slot keeps the WAL the replica has not had.
    await withClient(primary, (client) => client.query('CHECKPOINT'));

    await pair!.startReplica();
    await pair!.waitForReplay();
    expect(await headlines(replica)).toEqual(['Budget passes', 'Storm warning', 'Written while the replica was down']);
    expect(await withClient(replica, async (client) => (await client.query<{ name: string }>('SELECT name FROM byline')).rows)).toEqual([]);
    expect(await withClient(replica, async (client) => (await client.query<{ status: string }>('SELECT status FROM pg_stat_wal_receiver')).rows)).toEqual([
      { status: 'streaming' },
    ]);

    // And it keeps streaming what comes after.
    await write(primary, 'After the restart');
    await pair!.waitForReplay();
    expect((await headlines(replica)).at(-1)).toBe('After the restart');
  });

  it('stops both servers and removes its folder', async () => {
    const stopping = pair!;
    await stopping.stop();
    await expect(headlines(replica)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(headlines(primary)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(existsSync(stopping.dir)).toBe(false);
    await stopping.stop(); // idempotent
    pair = undefined;
  });
});
