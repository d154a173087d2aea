import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/database/project-paths.js';
import { withAdmin } from './test-databases.js';

/** Drops this run's databases (on a shared server) or the whole throwaway server. */
export async function deprovision(): Promise<void> {
  // This run's compile, which some tests start processes from (test/helpers/built-project.ts).
  if (process.env.TEST_TEMPLATE_DB) rmSync(join(projectRoot, '.test-build', process.env.TEST_TEMPLATE_DB), { recursive: true, force: true });
  const embedded = globalThis.__EMBEDDED_TEST_SERVER__;
  if (embedded) {
    await embedded.server.stop();
    rmSync(embedded.dataDir, { recursive: true, force: true });
    return;
  }
  const server = process.env.TEST_SERVER_URL;
  const template = process.env.TEST_TEMPLATE_DB;
  if (!server || !template) return;
  await withAdmin(server, async (client) => {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${template}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
