import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Each test file gets a database of its own, copied from a template that global-setup
// migrated once: CREATE DATABASE ... TEMPLATE takes tens of milliseconds.

export const TEST_DB_PREFIX = 'newsroom_test_';

export function serverUrl(): string {
  const url = process.env.TEST_SERVER_URL;
  if (!url) throw new Error('TEST_SERVER_URL is not set: run the tests with `npm test`');
  return url;
}

export function databaseUrl(server: string, database: string): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(server: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file; returns its URL and how to drop it. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const server = serverUrl();
  const template = process.env.TEST_TEMPLATE_DB!;
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  await withAdmin(server, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    url: databaseUrl(server, name),
    name,
    drop: () => withAdmin(server, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export function newRunId(): string {
  return `${TEST_DB_PREFIX}${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
