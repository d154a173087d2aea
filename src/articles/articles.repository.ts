import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import type { Author } from '../authors/models/author.model.js';
import type { KeysetPosition } from '../common/pagination/cursor.js';
import { Prisma } from '../generated/prisma/client.js';
import { ARTICLE_CARD_COLUMNS, ARTICLE_COLUMNS, toArticle, type ArticleRow } from './article-rows.js';
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
// the alias `table`: the database's clock decides whether a scheduled time has come.
const publicOn = (table: string) =>
  Prisma.sql`${Prisma.raw(table)}.status::text IN (${Prisma.join(PUBLIC_STATUSES)}) AND ${Prisma.raw(table)}.published_at <= now()`;
const PUBLIC = publicOn('a');

const AUTHOR = { id: true, slug: true, name: true, bio: true, email: true, userId: true } as const;

/** What the public reads of articles, and what every reader of an article asks of it. */
@Injectable()
export class ArticlesRepository {
  constructor(private readonly db: TransactionHost) {}

  /** Public articles newest first, after `after`, at most `limit`. */
  async listPublic(filter: PublicListFilter, limit: number, after?: KeysetPosition): Promise<Article[]> {
    const conditions = [Prisma.sql`a.publication_id = ${filter.publicationId}::uuid`, PUBLIC];
    if (filter.sectionIds) conditions.push(Prisma.sql`a.section_id = ANY(${filter.sectionIds}::uuid[])`);
    if (filter.tag !== undefined) conditions.push(Prisma.sql`a.tags @> ARRAY[${filter.tag}]::text[]`);
    if (filter.search !== undefined) {
      conditions.push(Prisma.sql`a.search_vector @@ websearch_to_tsquery('english', ${filter.search})`);
    }
    if (filter.authorId !== undefined) {
      conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id AND aa.author_id = ${filter.authorId}::uuid)`);
    }
    if (after) conditions.push(Prisma.sql`(a.published_at, a.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
    const rows = await this.db.tx.$queryRaw<ArticleRow[]>`
      SELECT ${ARTICLE_CARD_COLUMNS} FROM articles a
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY a.published_at DESC, a.id DESC
      LIMIT ${limit}`;
    return rows.map((row) => toArticle(row, null));
  }

  /**
   * A public article of the publication by any slug it has had, or a retracted one (for its
   * tombstone). `slug` is the one asked for; `canonicalSlug` the current one.
   */
  async findPublicBySlug(publicationId: string, slug: string): Promise<Article | null> {
    const rows = await this.db.tx.$queryRaw<ArticleRow[]>`
      SELECT ${ARTICLE_COLUMNS} FROM article_slugs s JOIN articles a ON a.id = s.article_id
      WHERE s.publication_id = ${publicationId}::uuid AND s.slug = ${slug}
        AND ((${PUBLIC}) OR a.status::text = ${TOMBSTONE_STATUS})`;
    const row = rows[0];
    return row ? { ...toArticle(row, null), slug } : null;
  }

  /**
   * For each article, up to `limit` public stories of its publication sharing a tag, then
   * its section, newest first: one statement for a whole page of articles.
   */
  async relatedPublic(articleIds: readonly string[], limit: number): Promise<(Article & { relatedTo: string })[]> {
    const rows = await this.db.tx.$queryRaw<(ArticleRow & { relatedTo: string })[]>`
      SELECT p.id AS "relatedTo", ${ARTICLE_CARD_COLUMNS}
      FROM articles p
      CROSS JOIN LATERAL (
        SELECT r.id, row_number() OVER () AS rank FROM (
          SELECT r.id FROM articles r
          WHERE r.publication_id = p.publication_id AND ${publicOn('r')} AND r.id <> p.id
            AND (r.tags && p.tags OR r.section_id = p.section_id)
          ORDER BY (r.tags && p.tags) DESC, r.published_at DESC, r.id DESC
          LIMIT ${limit}
        ) r
      ) related
      JOIN articles a ON a.id = related.id
      WHERE p.id = ANY(${[...articleIds]}::uuid[])
      ORDER BY p.id, related.rank`;
    return rows.map((row) => ({ ...toArticle(row, null), relatedTo: row.relatedTo }));
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
