import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/app.factory.js';
import { projectRoot } from '../src/database/project-paths.js';
import { printAppSchema } from '../src/graphql/print-schema.js';

// Writes src/schema.gql from the code-first types. Builds the app without touching a
// database (Prisma connects on first query, and none is made).
const app = await createApp({
  databaseUrl: 'postgresql://schema-emit.invalid/none',
  databasePoolSize: 1,
  production: false,
  jwtSecret: 'schema-emit-does-not-sign-anything-0000',
  tokenTtlSeconds: 60,
  scheduler: false,
  logger: false,
});
await app.init();
const file = join(projectRoot, 'src', 'schema.gql');
writeFileSync(file, printAppSchema(app));
await app.close();
console.log(`wrote ${file}`);
