import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

// The baseline: what the hardware gives for the front page with nothing in the way. A bare
// node:http server answering the contract's FrontPage (publication, first; no section, no
// cursor) with one prepared SQL statement, in exactly the bytes the API answers with (the
// benchmark checks). Started by bench/run.ts:  node dist/bench/baseline-server.js PORT DATABASE_URL

const [port, databaseUrl] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });

const FRONT_PAGE = {
  name: 'baseline-front-page',
  text: `SELECT p.id AS publication_id, a.id, a.slug, a.headline, a.standfirst, a.published_at, s.slug AS section_slug, s.name AS section_name,
      coalesce((SELECT json_agg(json_build_object('slug', au.slug, 'name', au.name) ORDER BY aa.position)
        FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id), '[]') AS authors
    FROM publications p
    LEFT JOIN LATERAL (
      SELECT * FROM articles a WHERE a.publication_id = p.id AND a.status IN ('PUBLISHED', 'PRINTED', 'SCHEDULED') AND a.published_at <= now()
      ORDER BY a.published_at DESC, a.id DESC LIMIT $2
    ) a ON true
    LEFT JOIN sections s ON s.id = a.section_id
    WHERE p.slug = $1
    ORDER BY a.published_at DESC, a.id DESC`,
};

interface Row {
  publication_id: string;
  id: string | null;
  slug: string;
  headline: string;
  standfirst: string | null;
  published_at: Date;
  section_slug: string;
  section_name: string;
  authors: { slug: string; name: string }[];
}

// The API's cursor: the list's tag and the position, base64url JSON (common/pagination/cursor.ts).
const cursor = (list: string, at: Date, id: string) =>
  Buffer.from(JSON.stringify([createHash('sha256').update(list).digest('base64url').slice(0, 8), at.toISOString(), id])).toString('base64url');
const instant = (date: Date) => date.toISOString().replace('.000Z', 'Z');

async function frontPage(publication: string, first: number): Promise<string> {
  const { rows } = await pool.query<Row>({ ...FRONT_PAGE, values: [publication, first + 1] });
  if (rows.length === 0) return JSON.stringify({ data: { publication: null } });
  const list = `articles:${rows[0].publication_id}::`;
  const page = rows.filter((row) => row.id !== null).slice(0, first);
  const edges = page.map((row) => ({
    cursor: cursor(list, row.published_at, row.id!),
    node: {
      id: row.id,
      slug: row.slug,
      headline: row.headline,
      standfirst: row.standfirst,
      publishedAt: instant(row.published_at),
      section: { slug: row.section_slug, name: row.section_name },
      authors: row.authors,
    },
  }));
  return JSON.stringify({
    data: {
      publication: {
        articles: { edges, pageInfo: { hasNextPage: rows.filter((row) => row.id !== null).length > first, endCursor: edges.at(-1)?.cursor ?? null } },
      },
    },
  });
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { publication: string; first?: number } };
    frontPage(variables.publication, variables.first ?? 20).then(
      (body) => response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
});
server.listen(Number(port), '127.0.0.1', () => console.log(`baseline on ${port}`));
process.once('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
