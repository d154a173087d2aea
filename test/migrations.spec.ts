import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { migrationsDir } from '../src/database/project-paths.js';
import { applyMigrations, diffMigrationsToSchema, migrationChecksum } from '../src/database/schema-engine.js';
import { databaseUrl, serverUrl, withAdmin } from './setup/test-databases.js';

describe('migrations', () => {
  const scratch: string[] = [];
  afterAll(async () => {
    await withAdmin(serverUrl(), async (client) => {
      for (const name of scratch) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  });

  async function emptyDatabase(): Promise<string> {
    const name = `${process.env.TEST_TEMPLATE_DB}_mig_${randomBytes(3).toString('hex')}`;
    scratch.push(name);
    await withAdmin(serverUrl(), (client) => client.query(`CREATE DATABASE "${name}"`));
    return databaseUrl(serverUrl(), name);
  }

  it('agree with prisma/schema.prisma (author the next one with `npm run migrate:new -- <name>`)', async () => {
    expect(await diffMigrationsToSchema(serverUrl())).toBe('');
  });

  it('would be reported as drifting if the schema changed without a migration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-migrations-'));
    try {
      cpSync(migrationsDir, dir, { recursive: true });
      // Drop the last migration that changes a table (not only triggers, which the schema
      // does not describe), and those after it, which may build on it: the schema then
      // describes what only they build.
      const all = readdirSync(dir)
        .filter((name) => /^\d/.test(name))
        .sort();
      const last = all.filter((name) => /(CREATE|ALTER) TABLE/.test(readFileSync(join(dir, name, 'migration.sql'), 'utf8'))).at(-1)!;
      for (const name of all.slice(all.indexOf(last))) rmSync(join(dir, name), { recursive: true });
      const diff = await diffMigrationsToSchema(serverUrl(), dir);
      expect(diff).toMatch(/^(CREATE|ALTER|DROP)|\n(CREATE|ALTER|DROP)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("are recorded in Prisma's own _prisma_migrations table, with the CLI's checksum", async () => {
    const url = await emptyDatabase();
    const applied = await applyMigrations(url);
    const names = readdirSync(migrationsDir)
      .filter((name) => /^\d/.test(name))
      .sort();
    expect(applied).toEqual(names);
    const rows = await withAdmin(url, (client) =>
      client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
      ),
    );
    expect(rows.rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows.rows) {
      expect(row.checksum).toBe(migrationChecksum(readFileSync(join(migrationsDir, row.migration_name, 'migration.sql'), 'utf8')));
      expect(row.finished_at).not.toBeNull();
    }
    expect(await applyMigrations(url)).toEqual([]);
  });

  it('apply a failing migration not at all, and say which', async () => {
    const url = await emptyDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-migrations-'));
    try {
      cpSync(migrationsDir, dir, { recursive: true });
      const broken = join(dir, '99990101000000_broken');
      cpSync(
        join(
          migrationsDir,
          readdirSync(migrationsDir).find((n) => /^\d/.test(n))!,
        ),
        broken,
        { recursive: true },
      );
      writeFileSync(join(broken, 'migration.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
      await expect(applyMigrations(url, dir)).rejects.toThrow(/99990101000000_broken/);
      const tables = await withAdmin(url, (client) => client.query("SELECT 1 FROM pg_tables WHERE tablename = 'half_done'"));
      expect(tables.rowCount).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
