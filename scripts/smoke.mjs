// Starts the built API the way a newcomer does (no DATABASE_URL: embedded PostgreSQL with
// demo data), reads the demo article through the contract's ArticlePage, restarts it on
// the same data folder and checks that nothing was added twice. Used by .ci/run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-smoke-'));
const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const base = `http://127.0.0.1:${port}`;
const contract = readFileSync(join(root, 'test', 'contract', 'frontend.graphql'), 'utf8');
const fragment = contract.slice(contract.indexOf('fragment ArticleCard'), contract.indexOf('query Publication'));
const pick = (name) => {
  const start = contract.indexOf(`query ${name}(`);
  const end = contract.indexOf('\nquery ', start + 1);
  return contract.slice(start, end === -1 ? undefined : end) + '\n' + fragment;
};

function fail(message) {
  console.error(`smoke: FAILED: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

async function startApi() {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: root,
    env: { ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`the API exited with ${child.exitCode}`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  fail('the API did not become healthy within 120 s');
}

async function stopApi(child) {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.exitCode !== 0) fail(`the API stopped with ${child.exitCode}`);
}

async function gql(query, variables) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) fail(JSON.stringify(body.errors));
  return body.data;
}

async function countFrontPage() {
  let after = null;
  let count = 0;
  for (;;) {
    const data = await gql(pick('FrontPage'), { publication: 'the-independent', first: 100, after });
    count += data.publication.articles.edges.length;
    if (!data.publication.articles.pageInfo.hasNextPage) return count;
    after = data.publication.articles.pageInfo.endCursor;
  }
}

try {
  let api = await startApi();
  const { publication } = await gql(pick('ArticlePage'), {
    publication: 'the-independent',
    slug: 'why-would-russia-want-to-return-to-the-afghan-peace-process',
  });
  const a = publication.article;
  const checks = {
    headline: a.headline === 'Why would Russia want to return to the Afghan peace process?',
    standfirst: a.standfirst.startsWith('Russia has friendly relations with the Afghan government.'),
    byline: a.authors.map((x) => x.name).join() === 'Md. Tareq Hasan',
    authorNote: a.authorNote.startsWith('The writer is a student of Rajshahi University.'),
    paragraphs: (a.bodyHtml.match(/<p>/g) ?? []).length === 18,
    publishedAt: a.publishedAt === '2021-04-05T12:55:53Z',
  };
  const failed = Object.entries(checks)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  if (failed.length) fail(`the demo article is wrong in: ${failed.join(', ')}`);
  // The demo stories have lead pictures, served at their rendition URLs.
  const media = readFileSync(join(root, 'test', 'contract', 'media.graphql'), 'utf8');
  const pictureFrontPage =
    media.slice(media.indexOf('query PictureFrontPage'), media.indexOf('\n# An article page')) +
    '\n' +
    media.slice(media.indexOf('fragment Picture'), media.indexOf('\n# The front page'));
  const pictured = await gql(pictureFrontPage, { publication: 'the-independent', first: 5 });
  const lead = pictured.publication.articles.edges[0]?.node.leadImage;
  if (!lead?.image?.url) fail('the demo front page has no lead picture');
  const rendition = await fetch(`${base}${lead.image.url}`);
  const bytes = (await rendition.arrayBuffer()).byteLength;
  if (rendition.status !== 200 || rendition.headers.get('content-type') !== 'image/webp' || bytes < 1000) {
    fail(`the lead picture's rendition answered ${rendition.status} ${rendition.headers.get('content-type')} (${bytes} bytes)`);
  }
  const before = await countFrontPage();
  await stopApi(api);

  api = await startApi();
  const after = await countFrontPage();
  await stopApi(api);
  if (after !== before) fail(`a restart changed the front page from ${before} to ${after} articles`);
  console.log(`smoke: ok: the demo article as it appeared; ${before} articles on the front page with their pictures, the same after a restart`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
