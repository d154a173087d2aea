import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectRoot } from '../src/database/project-paths.js';
import { builtProject } from './helpers/built-project.js';
import { createTestDatabase } from './setup/test-databases.js';

// The benchmark kept working: `bench:seed` fills a database with a small archive and `bench`
// runs one scenario against the built API beside its baseline (it fails itself when their
// answers differ), writing the report the README describes. Small and short: a smoke test,
// not a measurement.

interface Report {
  articles: number;
  scenarios: { name: string; connections: number; rps: number; p50Ms: number; p99Ms: number; sqlPerRequest: number }[];
  baseline: { rps: number };
  frontPageRatio: number;
}

function run(args: string[], env: Record<string, string>, timeout: number) {
  const result = spawnSync(process.execPath, args, { cwd: projectRoot, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('the benchmark', () => {
  let database: { url: string; drop: () => Promise<void> };
  const out = mkdtempSync(join(tmpdir(), 'newsroom-bench-'));
  let build: string;

  beforeAll(async () => {
    build = await builtProject();
    database = await createTestDatabase();
  }, 200_000);
  afterAll(async () => {
    await database?.drop();
    rmSync(out, { recursive: true, force: true });
  });

  it('seeds an archive and measures the front page beside the baseline', () => {
    const seeded = run([join(build, 'bench', 'seed.js'), '--articles', '400'], { DATABASE_URL: database.url }, 120_000);
    expect(seeded).toMatch(/seeded 400 articles/);
    const reportFile = join(out, 'report.json');
    run(
      [join(build, 'bench', 'run.js'), '--only', 'FrontPage', '--duration', '1', '--connections', '2', '--quiet', '--report', reportFile],
      { DATABASE_URL: database.url },
      240_000,
    );
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    expect(report.baseline.rps).toBeGreaterThan(0);
    expect(report.frontPageRatio).toBeGreaterThan(0);
    const names = report.scenarios.map((scenario) => scenario.name);
    expect(names).toEqual(expect.arrayContaining(['FrontPage', 'FrontPage (section)', 'FrontPage (90% deep)', 'FrontPage (cached)']));
    for (const scenario of report.scenarios) {
      expect(scenario).toMatchObject({ connections: 2, rps: expect.any(Number), p50Ms: expect.any(Number), p99Ms: expect.any(Number) });
      expect(scenario.rps).toBeGreaterThan(0);
      // Uncached lists send one statement; cached answers none.
      expect(scenario.sqlPerRequest).toBe(scenario.name.endsWith('(cached)') ? 0 : 1);
    }
  }, 300_000);
});
