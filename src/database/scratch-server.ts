import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from './embedded-postgres.js';

/**
 * Runs `work` with the URL of a PostgreSQL server on which databases may be created and
 * dropped: DATABASE_URL's server when it is set, otherwise a throwaway embedded one.
 */
export async function withScratchDatabaseServer<T>(work: (url: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return work(process.env.DATABASE_URL);
  const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-scratch-'));
  const server = await EmbeddedPostgres.start({ dataDir, ephemeral: true, log: () => undefined });
  try {
    return await work(server.url());
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
