import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { benchDatabase } from './database.js';
import { ARCHIVE, articlePlan, mulberry32, type ArticlePlan } from './archive.js';

// Fills the benchmark's database with a deterministic, realistic archive through COPY:
//   npm run bench:seed -- --articles 100000 [--reset]
// Publications with a section tree, thousands of authors, bodies of real length, one to
// three authors a story, tags from a skewed vocabulary, and a share of drafts, scheduled,
// spiked and retracted stories. The same --articles always makes the same archive.

const { values } = parseArgs({ options: { articles: { type: 'string', default: '100000' }, reset: { type: 'boolean', default: false } } });
const total = Number(values.articles);
/** The tables loaded in bulk, whose triggers are off meanwhile. */
const QUIET_TABLES = ['articles', 'article_authors', 'article_slugs'];
if (!Number.isInteger(total) || total < 1 || total > 5_000_000) {
  console.error('usage: npm run bench:seed -- --articles N (1 to 5,000,000) [--reset]');
  process.exit(2);
}

/** A value as COPY's text format writes it. */
function field(value: string | number | Date | null | string[]): string {
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return field(`{${value.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
const row = (values: (string | number | Date | null | string[])[]) => values.map(field).join('\t') + '\n';

async function copy(client: pg.Client, sql: string, rows: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(rows), client.query(copyFrom(sql)));
}

const database = await benchDatabase((message) => console.log(message));
const client = new pg.Client({ connectionString: database.url });
await client.connect();
try {
  const { rows: existing } = await client.query<{ count: string }>('SELECT count(*) FROM articles');
  if (Number(existing[0].count) > 0) {
    if (!values.reset) {
      console.error(`The benchmark database already holds ${existing[0].count} articles: run with --reset to replace them.`);
      process.exit(2);
    }
    console.log('emptying the benchmark database');
    await client.query(
      'TRUNCATE article_events, article_revisions, article_slugs, article_authors, corrections, placements, print_editions, articles, authors, sections, publication_offices, memberships, users, publications, login_throttles CASCADE',
    );
  }

  const started = Date.now();
  const random = mulberry32(7);
  const uuid = () => {
    const bytes = Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256)));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };

  // Publications, each with the same tree of sections.
  const publications = ARCHIVE.publications.map((p) => ({ ...p, id: uuid() }));
  for (const p of publications) {
    await client.query(`INSERT INTO publications (id, slug, name, url, time_zone, updated_at) VALUES ($1, $2, $3, $4, 'Asia/Dhaka', now())`, [
      p.id,
      p.slug,
      p.name,
      p.url,
    ]);
  }
  const sections: { id: string; publicationId: string; slug: string }[] = [];
  for (const p of publications) {
    let position = 0;
    for (const [top, subs] of ARCHIVE.sections) {
      const parent = { id: uuid(), publicationId: p.id, slug: top };
      sections.push(parent);
      await client.query(`INSERT INTO sections (id, publication_id, slug, name, position, updated_at) VALUES ($1, $2, $3, $4, $5, now())`, [
        parent.id,
        p.id,
        top,
        ARCHIVE.title(top),
        position++,
      ]);
      for (const sub of subs) {
        const child = { id: uuid(), publicationId: p.id, slug: `${top}-${sub}` };
        sections.push(child);
        await client.query(`INSERT INTO sections (id, publication_id, slug, name, parent_id, position, updated_at) VALUES ($1, $2, $3, $4, $5, $6, now())`, [
          child.id,
          p.id,
          child.slug,
          ARCHIVE.title(sub),
          parent.id,
          position++,
        ]);
      }
    }
  }

  // Authors: a newsroom's worth, more for a larger archive.
  const authorCount = Math.max(2_000, Math.ceil(total / 200));
  const authors = Array.from({ length: authorCount }, (_, i) => ({ id: uuid(), ...ARCHIVE.author(i) }));
  await copy(
    client,
    'COPY authors (id, slug, name, bio, updated_at) FROM STDIN',
    authors.map((a) => row([a.id, a.slug, a.name, a.bio, new Date()])),
  );

  // Articles, their bylines and slugs, streamed in order into a staging table; then moved
  // into articles by two connections at once (one a core), with their search vectors and
  // no index but the key, the indexes built afterwards: a row at a time through the
  // trigger and seven indexes would take an hour for a million.
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'articles' AND indexname <> 'articles_pkey'`,
  );
  for (const index of indexes) await client.query(`DROP INDEX ${client.escapeIdentifier(index.name)}`);
  await client.query('DROP TABLE IF EXISTS bench_staging');
  await client.query('CREATE UNLOGGED TABLE bench_staging (LIKE articles INCLUDING DEFAULTS)');
  const progress = new cliProgress.SingleBar(
    { format: 'articles |{bar}| {value}/{total} {eta_formatted} left', etaBuffer: 5000 },
    cliProgress.Presets.shades_classic,
  );
  progress.start(total, 0);
  // Only what the bylines need is kept of each article: a million bodies would not fit.
  const bylines: { id: string; authorIds: string[] }[] = [];
  function* articles(): Iterable<string> {
    for (let n = 0; n < total; n++) {
      const plan: ArticlePlan = articlePlan(n, total, { publications, sections, authors });
      bylines.push({ id: plan.id, authorIds: plan.authorIds });
      yield row([
        plan.id,
        plan.publicationId,
        plan.sectionId,
        plan.slug,
        plan.headline,
        plan.standfirst,
        plan.bodyHtml,
        plan.bodyText,
        plan.wordCount,
        plan.authorNote,
        plan.tags,
        plan.status,
        plan.createdAt,
        plan.updatedAt,
        plan.publishedAt,
        plan.printedAt,
        plan.scheduledFor,
        plan.retractedAt,
        plan.retractionReason,
      ]);
      if (n % 1000 === 999) progress.update(n + 1);
    }
    progress.update(total);
  }
  await copy(
    client,
    `COPY bench_staging (id, publication_id, section_id, slug, headline, standfirst, body_html, body_text, word_count, author_note, tags, status,
      created_at, updated_at, published_at, printed_at, scheduled_for, retracted_at, retraction_reason) FROM STDIN`,
    articles(),
  );
  progress.stop();
  console.log(`${Math.round((Date.now() - started) / 1000)} s: ` + 'search vectors (two connections)');
  // Its own triggers off while it loads: the search vector is computed below, set-wise, and
  // the change announcements (a transition table of a million rows) are replaced by one
  // "everything changed" at the end.
  for (const table of QUIET_TABLES) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
  const columns = `id, publication_id, section_id, slug, headline, standfirst, body_html, body_text, word_count, author_note, tags, status,
    version, created_at, updated_at, published_at, printed_at, scheduled_for, retracted_at, retraction_reason`;
  // The same expression as the trigger's (see the migrations), applied to the staged rows.
  const vector = `setweight(to_tsvector('english', coalesce(headline, '')), 'A') || setweight(to_tsvector('english', coalesce(standfirst, '')), 'B') ||
    setweight(to_tsvector('english', array_to_string(tags, ' ')), 'B') || setweight(to_tsvector('english', left(coalesce(body_text, ''), 100000)), 'C')`;
  await Promise.all(
    [0, 1].map(async (half) => {
      const worker = new pg.Client({ connectionString: database.url });
      await worker.connect();
      try {
        await worker.query(
          `INSERT INTO articles (${columns}, search_vector) SELECT ${columns}, ${vector} FROM bench_staging WHERE (hashtext(id::text) & 1) = ${half}`,
        );
      } finally {
        await worker.end();
      }
    }),
  );
  await client.query('DROP TABLE bench_staging');
  console.log(`${Math.round((Date.now() - started) / 1000)} s: ` + 'indexes');
  await client.query(`SET maintenance_work_mem = '512MB'`);
  for (const index of indexes) await client.query(index.definition);
  console.log(`${Math.round((Date.now() - started) / 1000)} s: ` + 'bylines, slugs and events');
  await copy(
    client,
    'COPY article_authors (article_id, author_id, position) FROM STDIN',
    bylines.flatMap((byline) => byline.authorIds.map((authorId, position) => row([byline.id, authorId, position]))),
  );
  bylines.length = 0;
  await client.query('INSERT INTO article_slugs (publication_id, slug, article_id, created_at) SELECT publication_id, slug, id, created_at FROM articles');
  await client.query(`INSERT INTO article_events (id, article_id, from_status, to_status, version, at)
    SELECT gen_random_uuid(), id, NULL, status, 1, created_at FROM articles`);
  for (const table of QUIET_TABLES) await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  // A running API drops whatever it keeps.
  await client.query(`SELECT pg_notify('newsroom_changes', '["*"]')`);
  console.log(`${Math.round((Date.now() - started) / 1000)} s: ` + 'analysing');
  await client.query('VACUUM ANALYZE');
  console.log(`seeded ${total} articles, ${authorCount} authors, ${sections.length} sections in ${Math.round((Date.now() - started) / 1000)} s`);
} finally {
  await client.end();
  await database.stop();
}
