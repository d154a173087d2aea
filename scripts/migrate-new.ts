import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withScratchDatabaseServer } from '../src/database/scratch-server.js';
import { diffMigrationsToSchema } from '../src/database/schema-engine.js';
import { migrationsDir } from '../src/database/project-paths.js';

// Authors the next migration from a change to prisma/schema.prisma, offline:
//   npm run migrate:new -- add_bylines
// The SQL is what the migrations folder lacks to reach the schema; review it, add what
// Prisma cannot express (triggers, functions), commit it.
const name = (process.argv[2] ?? '').trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run migrate:new -- <name in snake_case>');
  process.exit(2);
}

const sql = await withScratchDatabaseServer((url) => diffMigrationsToSchema(url));
if (!sql) {
  console.log('schema.prisma and prisma/migrations already agree: no migration written.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), sql + '\n');
console.log(`wrote ${join(dir, 'migration.sql')}`);
process.exit(0);
