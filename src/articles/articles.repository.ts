import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import type { KeysetPosition } from '../common/pagination/cursor.js';
import { PUBLIC_STATUSES, TOMBSTONE_STATUS, type ArticleStatus } from './domain/article-workflow.js';
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

interface ArticleRow {
  id: string;
  publication_id: string;
  section_id: string;
  slug: string;
  headline: string;
  standfirst: string | null;
  body_html: string;
  body_text: string;
  word_count: number;
  author_note: string | null;
  tags: string[];
  status: ArticleStatus;
  version: number;
  created_by_id: string | null;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  printed_at: Date | null;
  scheduled_for: Date | null;
  retracted_at: Date | null;
  retraction_reason: string | null;
}

const COLUMNS = Prisma.sql`a.id, a.publication_id, a.section_id, a.slug, a.headline, a.standfirst, a.body_html,
  a.body_text, a.word_count, a.author_note, a.tags, a.status, a.version, a.created_by_id, a.created_at,
  a.updated_at, a.published_at, a.printed_at, a.scheduled_for, a.retracted_at, a.retraction_reason`;

// The public-visibility rule of DESIGN.md in SQL (see PUBLIC_STATUSES): the database's clock
// decides whether a scheduled time has come.
const PUBLIC = Prisma.sql`a.status::text IN (${Prisma.join(PUBLIC_STATUSES)}) AND a.published_at <= now()`;

export function toArticle(row: ArticleRow, now = new Date()): Article {
  return {
    id: row.id,
    publicationId: row.publication_id,
    sectionId: row.section_id,
    slug: row.slug,
    canonicalSlug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    bodyHtml: row.body_html,
    bodyText: row.body_text,
    wordCount: row.word_count,
    authorNote: row.author_note,
    tags: row.tags,
    status: row.status,
    version: row.version,
    createdById: row.created_by_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    // A scheduled article carries its future publication time; it is not online before it.
    publishedAt: row.published_at && row.published_at.getTime() <= now.getTime() ? row.published_at : null,
    printedAt: row.printed_at,
    scheduledFor: row.scheduled_for,
    retractedAt: row.retracted_at,
    retractionReason: row.retraction_reason,
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
      SELECT ${COLUMNS} FROM articles a
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY a.published_at DESC, a.id DESC
      LIMIT ${limit}`;
    const now = new Date();
    return rows.map((row) => toArticle(row, now));
  }

  /**
   * A public article of the publication by any slug it has had, or a retracted one (for its
   * tombstone). `slug` is the one asked for; `canonicalSlug` the current one.
   */
  async findPublicBySlug(publicationId: string, slug: string): Promise<Article | null> {
    const rows = await this.prisma.$queryRaw<ArticleRow[]>`
      SELECT ${COLUMNS} FROM article_slugs s JOIN articles a ON a.id = s.article_id
      WHERE s.publication_id = ${publicationId}::uuid AND s.slug = ${slug}
        AND ((${PUBLIC}) OR a.status::text = ${TOMBSTONE_STATUS})`;
    const row = rows[0];
    return row ? { ...toArticle(row), slug } : null;
  }

  /** Public stories of the same publication sharing a tag, then the same section; newest first. */
  async relatedPublic(article: Article, limit: number): Promise<Article[]> {
    const rows = await this.prisma.$queryRaw<ArticleRow[]>`
      SELECT ${COLUMNS} FROM articles a
      WHERE a.publication_id = ${article.publicationId}::uuid AND ${PUBLIC} AND a.id <> ${article.id}::uuid
        AND (a.tags && ${article.tags}::text[] OR a.section_id = ${article.sectionId}::uuid)
      ORDER BY (a.tags && ${article.tags}::text[]) DESC, a.published_at DESC, a.id DESC
      LIMIT ${limit}`;
    const now = new Date();
    return rows.map((row) => toArticle(row, now));
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
