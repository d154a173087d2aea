import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { ensureDatabase } from '../src/database/database-bootstrap.js';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { PrismaService } from '../src/database/prisma.service.js';
import { applyMigrations } from '../src/database/schema-engine.js';
import { TEST_JWT_SECRET } from './helpers/api.js';
import { contractOperation } from '../scripts/contract-operations.js';
import { aPublication, aSection, anAuthor, aUser } from './factories/newsroom.factory.js';

// PostgreSQL restarted during a write load. Every acknowledged write is there
// with its event; /health says 503 during the outage; the API recovers by itself.

/** The production app on a database of the test's own, listening on a free port. */
async function listeningApp(databaseUrl: string, poolSize: number): Promise<{ app: NestFastifyApplication; url: string }> {
  const app = await createApp({
    databaseUrl,
    databasePoolSize: poolSize,
    production: true,
    logger: false,
    jwtSecret: TEST_JWT_SECRET,
    tokenTtlSeconds: 600,
    scheduler: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: await app.getUrl() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a PostgreSQL restart under a write load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-faults-'));
  chmodSync(dataDir, 0o755);
  let server: EmbeddedPostgres;
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    server = await EmbeddedPostgres.start({ dataDir, ephemeral: true, log: () => undefined });
    await ensureDatabase(server.url(), 'newsroom');
    await applyMigrations(server.url('newsroom'));
    ({ app, url } = await listeningApp(server.url('newsroom'), 5));
  });

  afterAll(async () => {
    await app?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const health = () =>
    fetch(`${url}/health`).then(
      (r) => r.status,
      () => 0,
    );

  it('keeps every acknowledged write with its event, says 503 meanwhile, and recovers without a restart', async () => {
    const prisma = app.get(PrismaService);
    const pub = await aPublication(prisma);
    const section = await aSection(prisma, pub.id);
    const author = await anAuthor(prisma);
    const editor = await aUser(prisma, { role: 'EDITOR', publicationId: pub.id });
    const token = (await app.get(TokensService).issue(editor.id, editor.sessionEpoch)).token;
    const query = contractOperation('CreateArticle');

    const acknowledged: string[] = [];
    const refusedCodes = new Set<string>();
    let writing = true;
    let n = 0;
    const writer = async () => {
      while (writing) {
        const input = { publicationId: pub.id, sectionId: section.id, headline: `Under load ${n++}`, authorIds: [author.id], bodyHtml: '<p>x</p>' };
        try {
          const response = await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables: { input } }),
            signal: AbortSignal.timeout(20_000),
          });
          const body = (await response.json()) as { data?: { createArticle?: { id: string } }; errors?: { extensions: { code: string } }[] };
          if (body.data?.createArticle) acknowledged.push(body.data.createArticle.id);
          else refusedCodes.add(body.errors?.[0]?.extensions.code ?? 'none');
        } catch {
          refusedCodes.add('no answer');
        }
        await sleep(10);
      }
    };
    const writers = Promise.all([writer(), writer(), writer()]);

    const until = async (done: () => boolean, what: string) => {
      for (let waited = 0; !done(); waited += 50) {
        if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
        await sleep(50);
      }
    };
    await until(() => acknowledged.length >= 10, 'writes before the outage');
    const beforeOutage = acknowledged.length;
    const port = server.port;
    await server.stop();
    expect(await health()).toBe(503);
    await sleep(700);
    server = await EmbeddedPostgres.start({ dataDir, ephemeral: true, port, log: () => undefined });
    let recoveredIn = 0;
    while ((await health()) !== 200) {
      await sleep(100);
      recoveredIn += 100;
      if (recoveredIn > 20_000) throw new Error('the API did not recover within 20 s');
    }
    const atRecovery = acknowledged.length;
    await until(() => acknowledged.length >= atRecovery + 10, 'writes after the recovery');
    writing = false;
    await writers;

    expect(beforeOutage).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(atRecovery);
    // Whatever failed during the outage failed as a masked internal error, not a hang.
    for (const code of refusedCodes) expect(['INTERNAL_SERVER_ERROR']).toContain(code);
    const rows = await prisma.article.findMany({
      where: { id: { in: acknowledged } },
      select: { id: true, _count: { select: { events: true, revisions: true } } },
    });
    expect(rows).toHaveLength(acknowledged.length);
    for (const row of rows) expect(row._count).toEqual({ events: 1, revisions: 1 });
  });
});

// The pool exhausted by slow queries. Requests that cannot get a connection
// fail clearly within the pool's timeout; once the queries finish, the API answers again.
describe('an exhausted connection pool', () => {
  it('fails clearly within a timeout while every connection is held, and recovers after', async () => {
    const { createTestDatabase } = await import('./setup/test-databases.js');
    const database = await createTestDatabase();
    const { app, url } = await listeningApp(database.url, 2);
    const prisma = app.get(PrismaService);
    for (const slug of ['busy-1', 'busy-2', 'busy-3']) await aPublication(prisma, { slug });
    // Three different reads: the same one asked twice would be read once (the caches
    // coalesce concurrent misses) and hold one connection, not two.
    let asked = 0;
    const frontPage = () =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: contractOperation('Publication'), variables: { publication: `busy-${(asked++ % 3) + 1}` } }),
      }).then((r) => r.json() as Promise<{ data: unknown; errors?: { message: string; extensions: { code: string } }[] }>);

    // Another client locks the table every read needs: the pool's two connections wait on it.
    const { default: pg } = await import('pg');
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE publications IN ACCESS EXCLUSIVE MODE');
      const stuck = [frontPage(), frontPage()];
      await sleep(300);
      const started = Date.now();
      const waiting = await frontPage();
      const waited = Date.now() - started;
      expect(waiting.errors?.[0]).toMatchObject({
        message: 'The database is unavailable or busy: try again shortly',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(waited).toBeLessThan(10_000);
      await locker.query('ROLLBACK');
      // The held queries finish once the lock goes; so does everything after.
      for (const response of await Promise.all(stuck)) expect(response.errors).toBeUndefined();
      expect((await frontPage()).errors).toBeUndefined();
    } finally {
      await locker.end();
      await app.close();
      await database.drop();
    }
  });
});
