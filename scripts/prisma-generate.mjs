// Runs `prisma generate` without the network. Prisma 7's CLI looks for a native schema
// engine before any command and tries to download one; `generate` never executes it, so
// pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file keeps the CLI offline.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}node_modules/prisma/build/index.js`;
if (!existsSync(cli)) {
  // A production install (`npm ci --omit=dev`) has no CLI: the image generates at build time.
  console.log('prisma CLI not installed; skipping client generation');
  process.exit(0);
}
const result = spawnSync(process.execPath, [cli, 'generate'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
