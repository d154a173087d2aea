import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import type { Author } from '../authors/models/author.model.js';
import type { KeysetPosition } from '../common/pagination/cursor.js';
import { Prisma } from '../generated/prisma/client.js';
import { ARTICLE_CARD_COLUMNS, ARTICLE_COLUMNS, BYLINE, FULL_BYLINE, LEAD_IMAGE, PICTURES, toArticle, type ArticleRow } from './article-rows.js';
import { PUBLIC_STATUSES, TOMBSTONE_STATUS } from './domain/article-workflow.js';
import type { Article, Correction } from './models/article.model.js';

/** A public list: the publication and at most one of these filters. */
export interface PublicListFilter {
  publicationId: string;
  sectionIds?: string[];
  tag?: string;
  authorId?: string;
  search?: string;
}

// The public-visibility rule (see PUBLIC_STATUSES and isPublic) in SQL, for the articles of
// the alias `table`: the database's clock decides whether a scheduled time has come. The
// statuses are written as literals of the column's own enum (constants, not input), so the
// planner sees the column itself rather than a cast of it; `published_at <= now()` bounds the
// walk of the (publication|section, published_at, id) indexes.
const statusIn = (table: string, statuses: readonly string[]) => Prisma.raw(`${table}.status IN (${statuses.map((status) => `'${status}'`).join(', ')})`);
export const publicOn = (table: string) => Prisma.sql`${statusIn(table, PUBLIC_STATUSES)} AND ${Prisma.raw(table)}.published_at <= now()`;
const PUBLIC = publicOn('a');

/** Keyset: stories after a position of a newest-first list. */
const afterOn = (table: string, after: KeysetPosition) =>
  Prisma.sql`(${Prisma.raw(table)}.published_at, ${Prisma.raw(table)}.id) < (${after.at}::timestamptz, ${after.id}::uuid)`;

/** A filter whose matches may be a few stories in a million: see listPublicMatching. */
interface SelectiveFilter {
  /** How many of the newest stories to walk first. */
  window: number;
  /** The columns the filter reads, of the stories walked (alias `t`), each after a comma. */
  columns(t: string): Prisma.Sql;
  /** Whether a story walked (alias `t`) matches. */
  matches(t: string): Prisma.Sql;
  /** Every matching story of the publication (`id`, `published_at`), from the filter's own index. */
  everyMatch(ofPublication: (t: string) => Prisma.Sql): Prisma.Sql;
}

function selectiveFilter(filter: PublicListFilter): SelectiveFilter | null {
  if (filter.search !== undefined) {
    const query = Prisma.sql`websearch_to_tsquery('english', ${filter.search})`;
    return {
      // A story's search vector is read out of TOAST, about 30 µs each: a shorter walk.
      window: SEARCH_WINDOW,
      columns: (t) => Prisma.sql`, ${Prisma.raw(t)}.search_vector`,
      matches: (t) => Prisma.sql`${Prisma.raw(t)}.search_vector @@ ${query}`,
      everyMatch: (ofPublication) => Prisma.sql`SELECT m.id, m.published_at FROM articles m WHERE m.search_vector @@ ${query} AND ${ofPublication('m')}`,
    };
  }
  if (filter.tag !== undefined) {
    const tags = Prisma.sql`ARRAY[${filter.tag}]::text[]`;
    return {
      window: RECENT_WINDOW,
      columns: (t) => Prisma.sql`, ${Prisma.raw(t)}.tags`,
      matches: (t) => Prisma.sql`${Prisma.raw(t)}.tags @> ${tags}`,
      everyMatch: (ofPublication) => Prisma.sql`SELECT m.id, m.published_at FROM articles m WHERE m.tags @> ${tags} AND ${ofPublication('m')}`,
    };
  }
  if (filter.authorId !== undefined) {
    const authorId = Prisma.sql`${filter.authorId}::uuid`;
    return {
      window: RECENT_WINDOW,
      columns: () => Prisma.empty,
      matches: (t) => Prisma.sql`EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = ${Prisma.raw(t)}.id AND aa.author_id = ${authorId})`,
      everyMatch: (ofPublication) =>
        Prisma.sql`SELECT m.id, m.published_at FROM article_authors aa JOIN articles m ON m.id = aa.article_id WHERE aa.author_id = ${authorId} AND ${ofPublication('m')}`,
    };
  }
  return null;
}

/** How many of a publication's newest stories are searched first for ones sharing a tag (relatedPublic), or matching a filter (listPublicMatching). */
export const RECENT_WINDOW = 1_000;

/** How many of a publication's newest stories a search reads before asking the text index (listPublicMatching). */
export const SEARCH_WINDOW = 500;

const AUTHOR = { id: true, slug: true, name: true, bio: true, email: true, userId: true } as const;

/** What the public reads of articles, and what every reader of an article asks of it. */
@Injectable()
export class ArticlesRepository {
  constructor(private readonly db: TransactionHost) {}

  /** Public articles newest first, after `after`, at most `limit`. */
  async listPublic(filter: PublicListFilter, limit: number, after?: KeysetPosition): Promise<Article[]> {
    const selective = selectiveFilter(filter);
    if (selective) return this.listPublicMatching(filter.publicationId, selective, limit, after);
    const conditions = [Prisma.sql`a.publication_id = ${filter.publicationId}::uuid`, PUBLIC];
    if (filter.sectionIds) conditions.push(Prisma.sql`a.section_id = ANY(${filter.sectionIds}::uuid[])`);
    if (after) conditions.push(afterOn('a', after));
    const rows = await this.db.tx.$queryRaw<ArticleRow[]>`
      SELECT ${ARTICLE_CARD_COLUMNS}, ${BYLINE}, ${LEAD_IMAGE} FROM articles a
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY a.published_at DESC, a.id DESC
      LIMIT ${limit}`;
    return rows.map((row) => toArticle(row, null));
  }

  /**
   * A list filtered by words, a tag or an author, newest first, in one statement that stays
   * fast whether the filter matches most stories or a handful. The planner cannot tell which
   * from its statistics (a word outside its most-common list is guessed at 0.5 % of stories,
   * a real one may be 0.04 %): walking the publication's newest-first index for a rare word
   * read 60,000 stories at a million (1.2 s), and for a word no story has, all of them (8 s).
   * So the newest stories (RECENT_WINDOW, SEARCH_WINDOW) are read first (a bounded walk, which a common filter
   * fills at once); only when they hold fewer than `limit` matches is the filter's own index
   * asked for every match (the fence keeps the planner from turning that back into a walk),
   * which is cheap exactly when the filter is rare.
   */
  private async listPublicMatching(publicationId: string, filter: SelectiveFilter, limit: number, after?: KeysetPosition): Promise<Article[]> {
    const ofPublication = (t: string) =>
      Prisma.sql`${Prisma.raw(t)}.publication_id = ${publicationId}::uuid AND ${publicOn(t)}${after ? Prisma.sql` AND ${afterOn(t, after)}` : Prisma.empty}`;
    const rows = await this.db.tx.$queryRaw<ArticleRow[]>`
      WITH walked AS MATERIALIZED (
        SELECT w.id, w.published_at FROM (
          SELECT w.id, w.published_at${filter.columns('w')} FROM articles w WHERE ${ofPublication('w')}
          ORDER BY w.published_at DESC, w.id DESC LIMIT ${filter.window}
        ) w
        WHERE ${filter.matches('w')}
        ORDER BY w.published_at DESC, w.id DESC LIMIT ${limit}
      ), found AS MATERIALIZED (
        SELECT id, published_at FROM walked
        UNION
        SELECT m.id, m.published_at FROM (${filter.everyMatch(ofPublication)} OFFSET 0) m
        WHERE (SELECT count(*) FROM walked) < ${limit}
      )
      SELECT ${ARTICLE_CARD_COLUMNS}, ${BYLINE}, ${LEAD_IMAGE}
      FROM (SELECT id, published_at FROM found ORDER BY published_at DESC, id DESC LIMIT ${limit}) f
      JOIN articles a ON a.id = f.id
      ORDER BY a.published_at DESC, a.id DESC`;
    return rows.map((row) => toArticle(row, null));
  }

  /**
   * A public article of the publication by any slug it has had, or a retracted one (for its
   * tombstone). `slug` is the one asked for; `canonicalSlug` the current one.
   */
  async findPublicBySlug(publicationId: string, slug: string): Promise<Article | null> {
    const rows = await this.db.tx.$queryRaw<ArticleRow[]>`
      SELECT ${ARTICLE_COLUMNS}, ${FULL_BYLINE}, ${PICTURES} FROM article_slugs s JOIN articles a ON a.id = s.article_id
      WHERE s.publication_id = ${publicationId}::uuid AND s.slug = ${slug}
        AND ((${PUBLIC}) OR ${statusIn('a', [TOMBSTONE_STATUS])})`;
    const row = rows[0];
    return row ? { ...toArticle(row, null), slug } : null;
  }

  /**
   * For each article, up to `limit` public stories of its publication sharing a tag, then
   * its section, newest first: one statement for a whole page of articles.
   *
   * Each kind is read newest first, at most `limit` of it, then the two merged (a story of
   * both kinds counts as sharing a tag): one query over both would gather every story of the
   * section and every story with one of the tags, and sort them all. Stories sharing a tag
   * are looked for among the publication's newest RECENT_WINDOW first (an index walk, which
   * finds a common tag's at once); only when those hold fewer than `limit` is every story
   * with one of the tags gathered (the tags' index, cheap when they are rare). Walking the
   * whole publication for a tag no other story has would take a second at a million stories.
   */
  async relatedPublic(articleIds: readonly string[], limit: number): Promise<(Article & { relatedTo: string })[]> {
    const ofPublication = Prisma.sql`r.publication_id = p.publication_id AND ${publicOn('r')} AND r.id <> p.id`;
    const rows = await this.db.tx.$queryRaw<(ArticleRow & { relatedTo: string })[]>`
      SELECT p.id AS "relatedTo", ${ARTICLE_CARD_COLUMNS}, ${BYLINE}, ${LEAD_IMAGE}
      FROM articles p
      CROSS JOIN LATERAL (
        WITH recent AS MATERIALIZED (
          SELECT w.id, w.published_at FROM (
            SELECT r.id, r.tags, r.published_at FROM articles r WHERE ${ofPublication}
            ORDER BY r.published_at DESC, r.id DESC LIMIT ${RECENT_WINDOW}
          ) w
          WHERE w.tags && p.tags
          ORDER BY w.published_at DESC, w.id DESC LIMIT ${limit}
        ), tagged AS MATERIALIZED (
          SELECT id, published_at FROM recent
          UNION
          SELECT r.id, r.published_at FROM (
            -- The tags' index alone (the fence keeps the planner from combining it with the
            -- publication's, which would read every story of the publication).
            SELECT r.* FROM articles r WHERE r.tags && p.tags OFFSET 0
          ) r
          WHERE (SELECT count(*) FROM recent) < ${limit} AND ${ofPublication}
        ), candidates AS (
          (SELECT id, 1 AS tier, published_at FROM tagged ORDER BY published_at DESC, id DESC LIMIT ${limit})
          UNION ALL
          (SELECT r.id, 2 AS tier, r.published_at FROM articles r WHERE ${ofPublication} AND r.section_id = p.section_id
           ORDER BY r.published_at DESC, r.id DESC LIMIT ${limit})
        )
        SELECT c.id, c.tier, c.published_at FROM (
          SELECT DISTINCT ON (id) id, tier, published_at FROM candidates ORDER BY id, tier
        ) c
        ORDER BY c.tier, c.published_at DESC, c.id DESC
        LIMIT ${limit}
      ) related
      JOIN articles a ON a.id = related.id
      WHERE p.id = ANY(${[...articleIds]}::uuid[])
      ORDER BY p.id, related.tier, related.published_at DESC, related.id DESC`;
    return rows.map((row) => ({ ...toArticle(row, null), relatedTo: row.relatedTo }));
  }

  /**
   * How many milliseconds until the publication's next scheduled story comes online, by the
   * database's clock (the one that decides); null when none is waiting.
   */
  async msUntilNextScheduled(publicationId: string): Promise<number | null> {
    const [row] = await this.db.tx.$queryRaw<{ ms: number | null }[]>`
      SELECT (extract(epoch FROM min(a.published_at) - now()) * 1000)::float8 AS ms FROM articles a
      WHERE a.publication_id = ${publicationId}::uuid AND ${statusIn('a', ['SCHEDULED'])} AND a.published_at > now()`;
    return row?.ms ?? null;
  }

  /** The bodies of articles that were read without them. */
  async bodiesByIds(articleIds: readonly string[]): Promise<{ id: string; html: string; text: string }[]> {
    const rows = await this.db.tx.article.findMany({ where: { id: { in: [...articleIds] } }, select: { id: true, bodyHtml: true, bodyText: true } });
    return rows.map((row) => ({ id: row.id, html: row.bodyHtml, text: row.bodyText }));
  }

  /** The byline of each article, in order, in one statement. */
  async bylinesByArticleIds(articleIds: readonly string[]): Promise<(Author & { articleId: string })[]> {
    const rows = await this.db.tx.articleAuthor.findMany({
      relationLoadStrategy: 'join',
      where: { articleId: { in: [...articleIds] } },
      orderBy: [{ articleId: 'asc' }, { position: 'asc' }],
      select: { articleId: true, author: { select: AUTHOR } },
    });
    return rows.map((row) => ({ ...row.author, articleId: row.articleId }));
  }

  async correctionsByArticleIds(articleIds: readonly string[]): Promise<(Correction & { articleId: string })[]> {
    return this.db.tx.correction.findMany({
      where: { articleId: { in: [...articleIds] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true, articleId: true, text: true, createdAt: true },
    });
  }
}
