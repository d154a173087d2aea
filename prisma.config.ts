import 'dotenv/config';
import { defineConfig } from 'prisma/config';

// The CLI is used only for `prisma generate` (scripts/prisma-generate.mjs). Migrations are
// applied and authored through the WebAssembly schema engine (src/database/schema-engine.ts),
// which needs no download. `migrate deploy`/`status` also work where the native engine exists.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/newsroom' },
});
