import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { applyMigrations } from '../../src/database/schema-engine.js';
import { installJobQueue } from '../../src/jobs/job-queue.js';
import { databaseUrl, newRunId, withAdmin } from './test-databases.js';

declare global {
  var __EMBEDDED_TEST_SERVER__: { server: EmbeddedPostgres; dataDir: string } | undefined;
}

/**
 * With DATABASE_URL, tests use that server; without it, a throwaway embedded PostgreSQL
 * (fsync off). Either way one template database is migrated here, once per run.
 */
export async function provision(): Promise<void> {
  let server = process.env.DATABASE_URL;
  if (!server) {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-test-'));
    chmodSync(dataDir, 0o755);
    const embedded = await EmbeddedPostgres.start({ dataDir, ephemeral: true, log: () => undefined });
    globalThis.__EMBEDDED_TEST_SERVER__ = { server: embedded, dataDir };
    server = embedded.url();
  }
  const template = newRunId();
  await withAdmin(server, (client) => client.query(`CREATE DATABASE "${template}"`));
  await applyMigrations(databaseUrl(server, template));
  await installJobQueue(databaseUrl(server, template));
  // A template must have no open sessions when it is copied.
  await withAdmin(server, (client) =>
    client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [template]),
  );
  process.env.TEST_SERVER_URL = server;
  process.env.TEST_TEMPLATE_DB = template;
}
