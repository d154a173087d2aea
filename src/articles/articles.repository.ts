import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import type { KeysetPosition } from '../common/pagination/cursor.js';
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

export interface PrintAppearanceRecord {
  articleId: string;
  page: number;
  edition: { id: string; date: Date; name: string; status: 'PLANNING' | 'PRINTED'; publicationId: string };
}

/**
 * An articles row as Prisma types it (the search vector aside). Lists leave the body out and
 * read only its size (`*Bytes`): a list never shows a body, and a body is loaded only once
 * the response budget has room for it.
 */
export type ArticleRow = Omit<Prisma.ArticleGetPayload<object>, 'bodyHtml' | 'bodyText'> & {
  bodyHtml?: string;
  bodyText?: string;
  bodyHtmlBytes?: number;
  bodyTextBytes?: number;
};

/** The article columns for raw SQL without the body, named as Prisma names them, so toArticle reads both. */
export const ARTICLE_CARD_COLUMNS = Prisma.sql`a.id, a.publication_id AS "publicationId", a.section_id AS "sectionId", a.slug,
  a.headline, a.standfirst, octet_length(a.body_html) AS "bodyHtmlBytes", octet_length(a.body_text) AS "bodyTextBytes",
  a.word_count AS "wordCount", a.author_note AS "authorNote", a.tags, a.status, a.version, a.created_by_id AS "createdById",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.submitted_at AS "submittedAt",
  a.approved_at AS "approvedAt", a.published_at AS "publishedAt", a.printed_at AS "printedAt",
  a.scheduled_for AS "scheduledFor", a.retracted_at AS "retractedAt", a.retraction_reason AS "retractionReason"`;

/** The card columns and the body: for one article. */
export const ARTICLE_COLUMNS = Prisma.sql`${ARTICLE_CARD_COLUMNS}, a.body_html AS "bodyHtml", a.body_text AS "bodyText"`;

// The public-visibility rule of DESIGN.md in SQL (see PUBLIC_STATUSES): the database's clock
// decides whether a scheduled time has come.
const PUBLIC = Prisma.sql`a.status::text IN (${Prisma.join(PUBLIC_STATUSES)}) AND a.published_at <= now()`;

/**
 * An article from its row. `now` hides a future publication time (a SCHEDULED article not
 * yet due); rows of the public queries passed the database's own visibility test and pass
 * `null`, so that no second clock decides.
 */
export function toArticle(row: ArticleRow, now: Date | null = new Date()): Article {
  return {
    id: row.id,
    publicationId: row.publicationId,
    sectionId: row.sectionId,
    slug: row.slug,
    canonicalSlug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    bodyHtml: row.bodyHtml,
    bodyText: row.bodyText,
    bodyBytes: {
      html: row.bodyHtmlBytes ?? Buffer.byteLength(row.bodyHtml ?? ''),
      text: row.bodyTextBytes ?? Buffer.byteLength(row.bodyText ?? ''),
    },
    wordCount: row.wordCount,
    authorNote: row.authorNote,
    tags: row.tags,
    status: row.status,
    version: row.version,
    createdById: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    // A scheduled article carries its future publication time; it is not online before it.
    publishedAt: row.publishedAt && (now === null || row.publishedAt.getTime() <= now.getTime()) ? row.publishedAt : null,
    printedAt: row.printedAt,
    scheduledFor: row.scheduledFor,
    retractedAt: row.retractedAt,
    retractionReason: row.retractionReason,
  };
}

@Injectable()
export class ArticlesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Public articles newest first, after `after`, at most `limit`. */
  async listPublic(filter: PublicListFilter, limit: number, after?: KeysetPosition): Promise<Article[]> {
    const conditions = [Prisma.sql`a.publication_id = ${filter.publicationId}::uuid`, PUBLIC];
    if (filter.sectionIds) conditions.push(Prisma.sql`a.section_id = ANY(${filter.sectionIds}::uuid[])`);
    if (filter.tag !== undefined) conditions.push(Prisma.sql`a.tags @> ARRAY[${filter.tag}]::text[]`);
    if (filter.search !== undefined) {
      conditions.push(Prisma.sql`a.search_vector @@ websearch_to_tsquery('english', ${filter.search})`);
    }
    if (filter.authorId !== undefined) {
      conditions.push(
        Prisma.sql`EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id AND aa.author_id = ${filter.authorId}::uuid)`,
      );
    }
    if (after) conditions.push(Prisma.sql`(a.published_at, a.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
    const rows = await this.prisma.$queryRaw<ArticleRow[]>`
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
    const rows = await this.prisma.$queryRaw<ArticleRow[]>`
      SELECT ${ARTICLE_COLUMNS} FROM article_slugs s JOIN articles a ON a.id = s.article_id
      WHERE s.publication_id = ${publicationId}::uuid AND s.slug = ${slug}
        AND ((${PUBLIC}) OR a.status::text = ${TOMBSTONE_STATUS})`;
    const row = rows[0];
    return row ? { ...toArticle(row, null), slug } : null;
  }

  /** Public stories of the same publication sharing a tag, then the same section; newest first. */
  async relatedPublic(article: Article, limit: number): Promise<Article[]> {
    const rows = await this.prisma.$queryRaw<ArticleRow[]>`
      SELECT ${ARTICLE_CARD_COLUMNS} FROM articles a
      WHERE a.publication_id = ${article.publicationId}::uuid AND ${PUBLIC} AND a.id <> ${article.id}::uuid
        AND (a.tags && ${article.tags}::text[] OR a.section_id = ${article.sectionId}::uuid)
      ORDER BY (a.tags && ${article.tags}::text[]) DESC, a.published_at DESC, a.id DESC
      LIMIT ${limit}`;
    return rows.map((row) => toArticle(row, null));
  }

  /** The bodies of articles that were read without them. */
  async bodiesByIds(articleIds: readonly string[]): Promise<{ id: string; html: string; text: string }[]> {
    return this.prisma.article.findMany({
      where: { id: { in: [...articleIds] } },
      select: { id: true, bodyHtml: true, bodyText: true },
    }).then((rows) => rows.map((row) => ({ id: row.id, html: row.bodyHtml, text: row.bodyText })));
  }

  async correctionsByArticleIds(articleIds: readonly string[]): Promise<(Correction & { articleId: string })[]> {
    return this.prisma.correction.findMany({
      where: { articleId: { in: [...articleIds] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true, articleId: true, text: true, createdAt: true },
    });
  }

  /** Where printed stories ran: placements in PRINTED editions only. */
  async printAppearancesByArticleIds(articleIds: readonly string[]): Promise<PrintAppearanceRecord[]> {
    const placements = await this.prisma.placement.findMany({
      where: { articleId: { in: [...articleIds] }, edition: { status: 'PRINTED' } },
      orderBy: [{ edition: { date: 'asc' } }, { edition: { name: 'asc' } }],
      select: {
        articleId: true,
        page: true,
        edition: { select: { id: true, date: true, name: true, status: true, publicationId: true } },
      },
    });
    return placements;
  }
}
