import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { encodeCursor } from '../src/common/pagination/cursor.js';
import { ensureDatabase } from '../src/database/database-bootstrap.js';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { applyMigrations } from '../src/database/schema-engine.js';

// The front page of an archive, at page 1 and deep in it, through the API, beside the
// baseline a naive API would use for the deep page (OFFSET), measured in one run.
//   npm run bench            (ARTICLES=200000 ROUNDS=300 to change the size)
// Prints medians and ratios; it asserts nothing.

const ARTICLES = Number(process.env.ARTICLES ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 200);
const FRONT_PAGE = `query FrontPage($publication: String!, $first: Int, $after: String) {
  publication(slug: $publication) { articles(first: $first, after: $after) {
    edges { cursor node { id slug headline standfirst publishedAt section { slug name } authors { slug name } } }
    pageInfo { hasNextPage endCursor } } } }`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function timed(rounds: number, work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function seed(url: string): Promise<{ publicationId: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const {
      rows: [publication],
    } = await client.query<{ id: string }>(
      `INSERT INTO publications (id, slug, name, time_zone, updated_at) VALUES (gen_random_uuid(), 'archive', 'The Archive', 'UTC', now()) RETURNING id`,
    );
    await client.query(
      `INSERT INTO sections (id, publication_id, slug, name, position, updated_at)
       SELECT gen_random_uuid(), $1, 'section-' || n, 'Section ' || n, n, now() FROM generate_series(1, 10) n`,
      [publication.id],
    );
    await client.query(
      `INSERT INTO authors (id, slug, name, updated_at) SELECT gen_random_uuid(), 'author-' || n, 'Author ' || n, now() FROM generate_series(1, 50) n`,
    );
    await client.query(
      `INSERT INTO articles (id, publication_id, section_id, slug, headline, standfirst, body_html, body_text, word_count, tags, status, published_at, created_at, updated_at)
       SELECT gen_random_uuid(), $1, (SELECT id FROM sections WHERE slug = 'section-' || (1 + n % 10)), 'story-' || n,
         'Story number ' || n, 'What happened, part ' || n, '<p>Body ' || n || '</p>', 'Body ' || n, 2,
         ARRAY['tag-' || (n % 100)], 'PUBLISHED', now() - make_interval(mins => n), now(), now()
       FROM generate_series(1, $2::int) n`,
      [publication.id, ARTICLES],
    );
    await client.query(
      `INSERT INTO article_authors (article_id, author_id, position)
       SELECT a.id, (SELECT id FROM authors WHERE slug = 'author-' || (1 + abs(hashtext(a.slug)) % 50)), 0 FROM articles a`,
    );
    await client.query('ANALYZE');
    return { publicationId: publication.id };
  } finally {
    await client.end();
  }
}

async function main() {
  let dataDir: string | undefined;
  let server: EmbeddedPostgres | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'newsroom-bench-'));
    chmodSync(dataDir, 0o755);
    server = await EmbeddedPostgres.start({ dataDir, ephemeral: true, log: () => undefined });
    serverUrl = server.url();
  }
  const database = `newsroom_bench_${Date.now().toString(36)}`;
  await ensureDatabase(serverUrl, database);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  try {
    await applyMigrations(databaseUrl);
    console.log(`seeding ${ARTICLES.toLocaleString('en')} published articles...`);
    const { publicationId } = await seed(databaseUrl);
    const app = await createApp({
      databaseUrl,
      databasePoolSize: 10,
      production: true,
      logger: false,
      jwtSecret: 'bench-does-not-sign-tokens-000000000000',
      tokenTtlSeconds: 60,
      scheduler: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const endpoint = `${await app.getUrl()}/graphql`;
    const frontPage = async (after?: string) => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: FRONT_PAGE, variables: { publication: 'archive', first: 20, after } }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };

    // The cursor of the row at 90% depth, as the API would have issued it after paging there.
    const depth = Math.floor(ARTICLES * 0.9);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const {
      rows: [deep],
    } = await client.query<{ id: string; published_at: Date }>(
      `SELECT id, published_at FROM articles WHERE publication_id = $1 ORDER BY published_at DESC, id DESC OFFSET $2 LIMIT 1`,
      [publicationId, depth],
    );
    const deepCursor = encodeCursor(`articles:${publicationId}::`, { at: deep.published_at, id: deep.id });
    const offsetBaseline = () =>
      client.query(
        `SELECT id, slug, headline FROM articles WHERE publication_id = $1 AND status IN ('PUBLISHED','PRINTED','SCHEDULED')
         AND published_at <= now() ORDER BY published_at DESC, id DESC OFFSET $2 LIMIT 21`,
        [publicationId, depth],
      );
    const keysetSql = () =>
      client.query(
        `SELECT id, slug, headline FROM articles WHERE publication_id = $1 AND status IN ('PUBLISHED','PRINTED','SCHEDULED')
         AND published_at <= now() AND (published_at, id) < ($2, $3) ORDER BY published_at DESC, id DESC LIMIT 21`,
        [publicationId, deep.published_at, deep.id],
      );

    const page1 = await timed(ROUNDS, () => frontPage());
    const pageDeep = await timed(ROUNDS, () => frontPage(deepCursor));
    const keyset = await timed(ROUNDS, keysetSql);
    const offset = await timed(Math.max(20, Math.floor(ROUNDS / 10)), offsetBaseline);
    await client.end();
    await app.close();

    const f = (ms: number) => `${ms.toFixed(2)} ms`;
    console.log(`\nFront page, 20 articles with sections and bylines, ${ARTICLES.toLocaleString('en')} articles, medians:`);
    console.log(`  API, page 1                       ${f(page1)}`);
    console.log(`  API, page at row ${depth.toLocaleString('en').padEnd(15)} ${f(pageDeep)}   (${(pageDeep / page1).toFixed(2)}x page 1)`);
    console.log(`  SQL keyset at that depth          ${f(keyset)}`);
    console.log(`  SQL OFFSET at that depth          ${f(offset)}   (baseline: ${(offset / keyset).toFixed(0)}x the keyset query)`);
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (server) await server.stop();
    else {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
