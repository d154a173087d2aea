import { join } from 'node:path';
import { ensureDatabase } from '../src/database/database-bootstrap.js';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { projectRoot } from '../src/database/project-paths.js';
import { applyMigrations } from '../src/database/schema-engine.js';

/** The database the benchmark seeds and reads: DATABASE_URL's, or its own embedded PostgreSQL under bench/.data. */
export interface BenchDatabase {
  url: string;
  stop(): Promise<void>;
}

export const BENCH_DATABASE = 'newsroom_bench';

export async function benchDatabase(log: (message: string) => void = () => undefined): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    await applyMigrations(url);
    return { url, stop: async () => undefined };
  }
  // Kept between `bench:seed` and `bench` (a million articles take minutes to write), apart
  // from the API's own data folder.
  const server = await EmbeddedPostgres.start({ dataDir: join(projectRoot, 'bench', '.data'), log });
  await ensureDatabase(server.url(), BENCH_DATABASE);
  const url = server.url(BENCH_DATABASE);
  await applyMigrations(url);
  return { url, stop: () => server.stop() };
}
