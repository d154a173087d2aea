import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { contractOperation } from '../scripts/contract-operations.js';
import { encodeCursor } from '../src/common/pagination/cursor.js';
import { ARCHIVE } from './archive.js';
import { benchDatabase } from './database.js';
import { cameraPhoto, libraryPicture, median, removePicture, resizeTimes } from './pictures.js';
import { ReplicaPair } from './replica-pair.js';
import { startSqlCounter, type SqlCounter } from './sql-counter.js';

// The public reads of the built API in production mode, with autocannon at 1, 10 and 50
// connections, beside a baseline (bench/baseline-server.ts: node:http + pg, one statement)
// answering the front page with the same bytes, in one run, on the archive of bench:seed:
//   npm run bench [-- --duration 10 --connections 1,10,50 --only FrontPage --report FILE]
// Statements per request are counted on the wire (bench/sql-counter.ts). It asserts nothing
// but that the API and the baseline answer alike.

// The built API and baseline beside this file (dist/, or wherever the smoke test builds).
const API_ENTRY = fileURLToPath(new URL('../src/main.js', import.meta.url));
const BASELINE_ENTRY = fileURLToPath(new URL('./baseline-server.js', import.meta.url));
const SEED_ENTRY = fileURLToPath(new URL('./seed.js', import.meta.url));
/** The archive of the scale-out scenario's own primary and replica. */
const SCALE_OUT_ARTICLES = 20_000;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '1,10,50' },
    only: { type: 'string' },
    report: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});
const duration = Number(values.duration);
const levels = values.connections.split(',').map(Number);
const log = (message: string) => values.quiet || console.log(message);

// The contract's operations, as the frontend sends them.
const FRONT_PAGE = contractOperation('FrontPage');
const ARTICLE_PAGE = contractOperation('ArticlePage');
const AUTHOR_PAGE = contractOperation('AuthorPage');
const SEARCH = contractOperation('Search');

interface Scenario {
  name: string;
  /** A GraphQL read (POST), or `get`: a plain GET of that path. */
  query?: string;
  variables?: Record<string, unknown>;
  get?: string;
  /** Measured against the API with its response cache on as well. */
  cached?: boolean;
}

interface Measurement {
  name: string;
  connections: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  sqlPerRequest: number;
}

function start(command: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${output.slice(-2000)}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.text();
}

/** One request of the scenario; its status and body. */
async function ask(url: string, scenario: Scenario): Promise<{ status: number; body: string }> {
  if (scenario.get) {
    const response = await fetch(`${url}${scenario.get}`);
    return { status: response.status, body: `${(await response.arrayBuffer()).byteLength} bytes` };
  }
  return { status: 200, body: await post(url, scenario.query!, scenario.variables!) };
}

/** Statements a request of the scenario sends, counted on the wire over 50 requests after 10 to warm up. */
async function statementsPerRequest(url: string, scenario: Scenario, counter: SqlCounter): Promise<number> {
  for (let i = 0; i < 10; i++) await ask(url, scenario);
  const before = counter.statements();
  for (let i = 0; i < 50; i++) await ask(url, scenario);
  return Math.round(((counter.statements() - before) / 50) * 100) / 100;
}

async function load(url: string, scenario: Scenario, connections: number, sqlPerRequest: number): Promise<Measurement> {
  const options = scenario.get
    ? { url: `${url}${scenario.get}`, method: 'GET' as const, connections }
    : {
        url: `${url}/graphql`,
        method: 'POST' as const,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: scenario.query, variables: scenario.variables }),
        connections,
      };
  await autocannon({ ...options, duration: 2 }); // warm up: compiled queries, pools, caches
  const result = await autocannon({ ...options, duration });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${scenario.name}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return {
    name: scenario.name,
    connections,
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    sqlPerRequest,
  };
}

let pair: ReplicaPair | undefined;

interface ScaleOutRow {
  name: string;
  connections: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs a command to its end; throws with its output if it fails. */
function runToEnd(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited (${code}):\n${output.slice(-2000)}`))));
  });
}

/** Until the instance's readiness shows its replica up (reads go to it). */
async function replicaReady(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const health = (await (await fetch(`${url}/health/ready`)).json()) as { replicas?: { state: string }[] };
    if (health.replicas?.every((replica) => replica.state === 'up')) return;
    if (Date.now() > deadline) throw new Error(`the replica is not up for ${url}: ${JSON.stringify(health)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Beyond one machine, on this one: one API instance on a primary, then two instances beside a
 * streaming replica (anonymous reads on the replica), uncached, at the highest connection
 * count split between the instances. On a primary and standby of its own
 * (bench/replica-pair.ts) holding an archive of SCALE_OUT_ARTICLES stories: the standby is
 * made from a copy of its primary's data folder, which the other scenarios' database may not
 * give.
 */
async function scaleOut(): Promise<ScaleOutRow[]> {
  log(`scale-out: a primary and a streaming replica with ${SCALE_OUT_ARTICLES} articles`);
  pair = await ReplicaPair.start({ timeoutMs: 120_000 });
  const { primaryUrl, replicaUrl } = await pair.createDatabase('bench');
  await runToEnd(process.execPath, [SEED_ENTRY, '--articles', String(SCALE_OUT_ARTICLES)], { DATABASE_URL: primaryUrl });
  await pair.waitForReplay(120_000);
  const client = new pg.Client({ connectionString: primaryUrl });
  await client.connect();
  const { rows: stories } = await client.query<{ publication: string; slug: string }>(`
    SELECT p.slug AS publication, a.slug FROM articles a JOIN publications p ON p.id = a.publication_id
    WHERE a.status = 'PUBLISHED' ORDER BY a.published_at DESC LIMIT 1`);
  await client.end();
  const [{ publication, slug }] = stories;
  const list: Scenario[] = [
    { name: 'FrontPage', query: FRONT_PAGE, variables: { publication, first: 20 } },
    { name: 'ArticlePage', query: ARTICLE_PAGE, variables: { publication, slug } },
  ];
  const connections = Math.max(...levels);
  const instance = (port: number, replicas: boolean) =>
    start(
      process.execPath,
      [API_ENTRY],
      {
        NODE_ENV: 'production',
        DATABASE_URL: primaryUrl,
        ...(replicas ? { DATABASE_REPLICA_URLS: replicaUrl } : {}),
        JWT_SECRET: 'a-benchmark-secret-that-is-long-enough-for-hs256',
        PORT: String(port),
        HOST: '127.0.0.1',
        DEMO_DATA: 'false',
        SCHEDULER: 'false',
        RESPONSE_CACHE: 'false',
        DATA_DIR: dataDir,
      },
      /GraphQL API on/,
    );
  const rows: ScaleOutRow[] = [];
  const one = await instance(ports.api, false);
  children.push(one);
  for (const scenario of list) {
    const { rps, p50Ms, p99Ms } = await load(`http://127.0.0.1:${ports.api}`, scenario, connections, 0);
    rows.push({ name: `${scenario.name}: 1 instance, primary`, connections, rps, p50Ms, p99Ms });
    log(JSON.stringify(rows.at(-1)));
  }
  await stop(one);
  const both = [await instance(ports.api, true), await instance(ports.cachedApi, true)];
  children.push(...both);
  const urls = [ports.api, ports.cachedApi].map((port) => `http://127.0.0.1:${port}`);
  for (const url of urls) await replicaReady(url);
  for (const scenario of list) {
    const halves = await Promise.all(urls.map((url) => load(url, scenario, Math.ceil(connections / 2), 0)));
    rows.push({
      name: `${scenario.name}: 2 instances + replica`,
      connections,
      rps: halves.reduce((sum, half) => sum + half.rps, 0),
      p50Ms: Math.max(...halves.map((half) => half.p50Ms)),
      p99Ms: Math.max(...halves.map((half) => half.p99Ms)),
    });
    log(JSON.stringify(rows.at(-1)));
  }
  for (const child of both) await stop(child);
  const pad = (text: string, width: number) => text.padEnd(width);
  console.log(`\nscale-out (uncached, ${SCALE_OUT_ARTICLES} articles)\n${pad('scenario', 40)}${pad('conns', 7)}${pad('req/s', 9)}${pad('p50 ms', 9)}p99 ms`);
  for (const row of rows)
    console.log(`${pad(row.name, 40)}${pad(String(row.connections), 7)}${pad(String(row.rps), 9)}${pad(String(row.p50Ms), 9)}${row.p99Ms}`);
  return rows;
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const ports = { baseline: await freePort(), api: await freePort(), cachedApi: await freePort() };
const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-bench-'));
let pictureId: string | undefined;
const database = await benchDatabase(log);
const counter = await startSqlCounter(database.url);
const children: ChildProcess[] = [];
try {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const publication = ARCHIVE.publications[0].slug;
  const { rows: archive } = await client.query<{ id: string; articles: string }>(
    `SELECT p.id, (SELECT count(*) FROM articles a WHERE a.publication_id = p.id AND a.status IN ('PUBLISHED','PRINTED','SCHEDULED') AND a.published_at <= now()) AS articles
     FROM publications p WHERE p.slug = $1`,
    [publication],
  );
  if (!archive[0] || Number(archive[0].articles) === 0)
    throw new Error('The benchmark database is empty: run `npm run bench:seed -- --articles 100000` first.');
  const publicationId = archive[0].id;
  const listed = Number(archive[0].articles);
  const [{ rows: story }, { rows: author }, { rows: deep }] = await Promise.all([
    client.query<{ slug: string }>(
      `SELECT slug FROM articles WHERE publication_id = $1 AND status = 'PUBLISHED' ORDER BY published_at DESC OFFSET $2 LIMIT 1`,
      [publicationId, Math.floor(listed / 2)],
    ),
    client.query<{ slug: string }>(
      `SELECT au.slug FROM authors au JOIN article_authors aa ON aa.author_id = au.id GROUP BY au.slug ORDER BY count(*) DESC, au.slug LIMIT 1`,
    ),
    client.query<{ id: string; published_at: Date }>(
      `SELECT id, published_at FROM articles WHERE publication_id = $1 AND status IN ('PUBLISHED','PRINTED','SCHEDULED') AND published_at <= now()
       ORDER BY published_at DESC, id DESC OFFSET $2 LIMIT 1`,
      [publicationId, Math.floor(listed * 0.9)],
    ),
  ]);
  await client.end();
  const first = 20;
  const scenarios: Scenario[] = [
    { name: 'FrontPage', query: FRONT_PAGE, variables: { publication, first }, cached: true },
    { name: 'FrontPage (section)', query: FRONT_PAGE, variables: { publication, section: 'news', first }, cached: true },
    {
      name: 'FrontPage (90% deep)',
      query: FRONT_PAGE,
      variables: { publication, first, after: encodeCursor(`articles:${publicationId}::`, { at: deep[0].published_at, id: deep[0].id }) },
    },
    { name: 'ArticlePage', query: ARTICLE_PAGE, variables: { publication, slug: story[0].slug }, cached: true },
    { name: 'AuthorPage', query: AUTHOR_PAGE, variables: { publication, slug: author[0].slug, first } },
    { name: 'Search (common word)', query: SEARCH, variables: { publication, query: ARCHIVE.commonWord, first } },
    { name: 'Search (rare word)', query: SEARCH, variables: { publication, query: ARCHIVE.rareWord, first } },
    { name: 'Rendition 640 WebP (kept)', get: 'picture' },
  ].filter((s) => !values.only || s.name.startsWith(values.only));
  // The pictures: a camera's 24-megapixel photograph, resized here, then kept in the API's
  // media store for the rendition scenario.
  let resize: { medianMs: number; runsMs: number[] } | null = null;
  const picture = scenarios.find((s) => s.get === 'picture');
  if (picture) {
    const photo = await cameraPhoto();
    const runsMs = await resizeTimes(photo);
    resize = { medianMs: median(runsMs), runsMs };
    log(`24-megapixel JPEG → 1280-wide WebP: ${runsMs.join(', ')} ms (median ${resize.medianMs} ms)`);
    pictureId = (picture.get = await libraryPicture(database.url, dataDir, publicationId, photo)).split('/')[2];
  }
  log(`${listed} public articles in ${publication}; ${duration} s a run at ${levels.join(', ')} connections`);

  const measurements: Measurement[] = [];
  // Each server runs twice: once through the statement counter to count, once straight on
  // PostgreSQL to measure (the counter is a Node process on the same two cores).
  const api = (port: number, cache: boolean, databaseUrl: string) =>
    start(
      process.execPath,
      [API_ENTRY],
      {
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        JWT_SECRET: 'a-benchmark-secret-that-is-long-enough-for-hs256',
        PORT: String(port),
        HOST: '127.0.0.1',
        DEMO_DATA: 'false',
        SCHEDULER: 'false',
        RESPONSE_CACHE: String(cache),
        // Its pictures (the file media store) in a folder of this run.
        DATA_DIR: dataDir,
      },
      /GraphQL API on/,
    );
  const baseline = (databaseUrl: string) => start(process.execPath, [BASELINE_ENTRY, String(ports.baseline), databaseUrl], {}, /baseline on/);
  const baselineScenario: Scenario = { name: 'baseline FrontPage', query: FRONT_PAGE, variables: { publication, first } };

  async function counted(run: (url: string) => Promise<ChildProcess>, url: string, list: Scenario[]): Promise<Map<string, number>> {
    const child = await run(counter.url);
    children.push(child);
    const counts = new Map<string, number>();
    for (const scenario of list) counts.set(scenario.name, await statementsPerRequest(url, scenario, counter));
    await stop(child);
    return counts;
  }

  // The API's answer checked against the baseline's, and every scenario answering.
  {
    const [b, a] = [await baseline(database.url), await api(ports.api, false, database.url)];
    children.push(b, a);
    const [fromBaseline, fromApi] = await Promise.all([
      post(`http://127.0.0.1:${ports.baseline}`, FRONT_PAGE, { publication, first }),
      post(`http://127.0.0.1:${ports.api}`, FRONT_PAGE, { publication, first }),
    ]);
    if (fromBaseline !== fromApi)
      throw new Error(`The API and the baseline answer FrontPage differently:\nAPI:      ${fromApi.slice(0, 400)}\nbaseline: ${fromBaseline.slice(0, 400)}`);
    for (const scenario of scenarios) {
      const { status, body } = await ask(`http://127.0.0.1:${ports.api}`, scenario);
      if (status !== 200) throw new Error(`${scenario.name} answers ${status}: ${body.slice(0, 400)}`);
      if (!scenario.get && (JSON.parse(body) as { errors?: unknown[] }).errors) throw new Error(`${scenario.name} answers with errors: ${body.slice(0, 400)}`);
    }
    await stop(a);
    await stop(b);
  }

  const baselineCounts = await counted(baseline, `http://127.0.0.1:${ports.baseline}`, [baselineScenario]);
  const baselineRuns: Measurement[] = [];
  {
    const child = await baseline(database.url);
    children.push(child);
    for (const connections of levels) {
      baselineRuns.push(await load(`http://127.0.0.1:${ports.baseline}`, baselineScenario, connections, baselineCounts.get(baselineScenario.name)!));
      log(JSON.stringify(baselineRuns.at(-1)));
    }
    await stop(child);
  }
  for (const cache of [false, true]) {
    const list = scenarios.filter((s) => !cache || s.cached);
    if (list.length === 0) continue;
    const port = cache ? ports.cachedApi : ports.api;
    const counts = await counted((url) => api(port, cache, url), `http://127.0.0.1:${port}`, list);
    const child = await api(port, cache, database.url);
    children.push(child);
    for (const scenario of list) {
      for (const connections of levels) {
        const measured = await load(`http://127.0.0.1:${port}`, scenario, connections, counts.get(scenario.name)!);
        measurements.push({ ...measured, name: cache ? `${scenario.name} (cached)` : scenario.name });
        log(JSON.stringify(measurements.at(-1)));
      }
    }
    await stop(child);
  }

  // The table: each scenario beside the baseline at the same connections.
  const baselineAt = (connections: number) => baselineRuns.find((m) => m.connections === connections)!.rps;
  const rows = [...baselineRuns.map((m) => ({ ...m, name: 'baseline FrontPage' })), ...measurements];
  const pad = (text: string, width: number) => text.padEnd(width);
  console.log(`\n${pad('scenario', 30)}${pad('conns', 7)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('SQL/req', 9)}vs baseline`);
  for (const m of rows) {
    console.log(
      `${pad(m.name, 30)}${pad(String(m.connections), 7)}${pad(String(m.rps), 9)}${pad(String(m.p50Ms), 9)}${pad(String(m.p99Ms), 9)}${pad(String(m.sqlPerRequest), 9)}${(m.rps / baselineAt(m.connections)).toFixed(2)}×`,
    );
  }
  const top = Math.max(...levels);
  const frontPage = measurements.find((m) => m.name === 'FrontPage' && m.connections === top);
  const report = {
    articles: listed,
    scenarios: measurements.map(({ name, connections, rps, p50Ms, p99Ms, sqlPerRequest }) => ({ name, connections, rps, p50Ms, p99Ms, sqlPerRequest })),
    baseline: { rps: baselineAt(top), runs: baselineRuns },
    frontPageRatio: frontPage ? Math.round((frontPage.rps / baselineAt(top)) * 100) / 100 : null,
    resize1280Webp: resize,
  };
  if (resize) console.log(`\n24-megapixel JPEG → 1280-wide WebP: median ${resize.medianMs} ms (${resize.runsMs.join(', ')})`);
  const scaleOutRows = !values.only || 'Scale-out'.startsWith(values.only) ? await scaleOut() : [];
  if (values.report) writeFileSync(values.report, JSON.stringify({ ...report, scaleOut: scaleOutRows }, null, 2) + '\n');
} finally {
  for (const child of children) await stop(child).catch(() => undefined);
  await pair?.stop().catch(() => undefined);
  if (pictureId) await removePicture(database.url, pictureId);
  rmSync(dataDir, { recursive: true, force: true });
  await counter.close();
  await database.stop();
}
