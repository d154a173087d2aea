import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/database/project-paths.js';

// Tests that start the API as a real process (or run the benchmark's scripts) need it
// compiled: Nest's dependency injection reads the types tsc emits as decorator metadata,
// which loaders such as tsx (esbuild) do not emit. One compile per test run, shared by
// every test file that asks, whichever jest worker asks first; the others wait for it.

// A folder per run: two test runs at once (two terminals) must not compile over each other.
const TEST_BUILDS = join(projectRoot, '.test-build');
const STALE_LOCK_MS = 5 * 60_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function currentRun(): string {
  const run = process.env.TEST_TEMPLATE_DB;
  if (!run) throw new Error('TEST_TEMPLATE_DB is not set: run the tests with `npm test`');
  return run;
}

/** The project compiled for this test run (src, scripts, bench, prisma); returns its folder. */
export async function builtProject(): Promise<string> {
  const run = currentRun();
  const TEST_BUILD = join(TEST_BUILDS, run);
  const LOCK = `${TEST_BUILD}.lock`;
  const STAMP = join(TEST_BUILD, '.built-for-run');
  const builtForThisRun = (run: string) => existsSync(STAMP) && readFileSync(STAMP, 'utf8') === run;
  const deadline = Date.now() + STALE_LOCK_MS;
  while (!builtForThisRun(run)) {
    try {
      mkdirSync(TEST_BUILDS, { recursive: true });
      mkdirSync(LOCK); // atomic: one worker compiles, the others wait
    } catch {
      if (Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true });
      await pause(250);
      continue;
    }
    try {
      if (builtForThisRun(run)) break;
      rmSync(TEST_BUILD, { recursive: true, force: true });
      const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', TEST_BUILD], {
        cwd: projectRoot,
        encoding: 'utf8',
        timeout: 180_000,
      });
      if (result.status !== 0) throw new Error(`tsc exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
      writeFileSync(STAMP, run);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
  return TEST_BUILD;
}
