import pg from 'pg';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { installJobQueue } from '../jobs/job-queue.js';
import { applyMigrations } from './schema-engine.js';

export const EMBEDDED_DATABASE = 'newsroom';

/** Creates `database` on the server of `serverUrl` unless it exists. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export interface Database {
  url: string;
  embedded?: EmbeddedPostgres;
  appliedMigrations: string[];
}

/**
 * The database the API runs on: DATABASE_URL's, or an embedded PostgreSQL under DATA_DIR.
 * Pending migrations are applied either way.
 */
export async function prepareDatabase(options: { databaseUrl?: string; dataDir: string; log: (message: string) => void }): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = options.databaseUrl;
  if (!url) {
    embedded = await EmbeddedPostgres.start({ dataDir: options.dataDir, log: options.log });
    await ensureDatabase(embedded.url(), EMBEDDED_DATABASE);
    url = embedded.url(EMBEDDED_DATABASE);
  }
  try {
    const appliedMigrations = await applyMigrations(url);
    // The job queue's own schema (pg-boss's migrations), beside ours.
    await installJobQueue(url);
    return { url, embedded, appliedMigrations };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
