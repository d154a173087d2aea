import { Injectable } from '@nestjs/common';
import { ARTICLE_CARD_COLUMNS, LEAD_IMAGE, toArticle, type ArticleRow, type LeadImageRow } from '../articles/article-rows.js';
import { publicOn } from '../articles/articles.repository.js';
import type { Article } from '../articles/models/article.model.js';
import { TransactionHost } from '../database/transactions.js';
import { Prisma } from '../generated/prisma/client.js';

// The sitemaps' reads: the public-visibility rule is the GraphQL API's own (publicOn), and the
// database's clock decides both it and the news sitemap's 48 hours. Months are the
// publication's, in its time zone.

const PUBLIC = publicOn('a');

/** A month of the archive, in the publication's time zone. */
export interface ArchiveMonth {
  /** YYYY-MM */
  month: string;
  stories: number;
  /** The latest change to any of its stories. */
  lastModified: Date;
}

/** A story as an archive sitemap lists it. */
export interface ArchiveStory {
  slug: string;
  lastModified: Date;
  leadImage: LeadImageRow | null;
}

/** The first instant of a month in a time zone, and of the month after it. */
const monthStart = (year: number, month: number, timeZone: string) =>
  Prisma.sql`(make_timestamp(${year}::int, ${month}::int, 1, 0, 0, 0) AT TIME ZONE ${timeZone})`;
const monthEnd = (year: number, month: number, timeZone: string) =>
  Prisma.sql`((make_timestamp(${year}::int, ${month}::int, 1, 0, 0, 0) + interval '1 month') AT TIME ZONE ${timeZone})`;

@Injectable()
export class SitemapsRepository {
  constructor(private readonly db: TransactionHost) {}

  /** Public stories that came online in the last `hours`, newest first, at most `limit` (a walk of the newest-first index). */
  async recent(publicationId: string, hours: number, limit: number): Promise<Article[]> {
    const rows = await this.db.tx.$queryRaw<ArticleRow[]>`
      SELECT ${ARTICLE_CARD_COLUMNS}, ${LEAD_IMAGE} FROM articles a
      WHERE a.publication_id = ${publicationId}::uuid AND ${PUBLIC} AND a.published_at > now() - make_interval(hours => ${hours}::int)
      ORDER BY a.published_at DESC, a.id DESC
      LIMIT ${limit}`;
    return rows.map((row) => toArticle(row, null));
  }

  /**
   * Every month with public stories, newest first, with how many and when they last changed. It
   * reads every public story of the publication once (the counts say how many files a month
   * needs): the index is kept in memory until the lists change, and crawlers ask it seldom.
   */
  async months(publicationId: string, timeZone: string): Promise<ArchiveMonth[]> {
    return this.db.tx.$queryRaw<ArchiveMonth[]>`
      SELECT to_char(date_trunc('month', a.published_at AT TIME ZONE ${timeZone}), 'YYYY-MM') AS month,
        count(*)::int AS stories, max(greatest(a.updated_at, a.published_at)) AS "lastModified"
      FROM articles a
      WHERE a.publication_id = ${publicationId}::uuid AND ${PUBLIC}
      GROUP BY 1
      ORDER BY 1 DESC`;
  }

  /** A month's public stories, oldest first, `limit` of them after the first `offset` (a range of the publication's index). */
  async month(publicationId: string, timeZone: string, year: number, month: number, offset: number, limit: number): Promise<ArchiveStory[]> {
    return this.db.tx.$queryRaw<ArchiveStory[]>`
      SELECT a.slug, greatest(a.updated_at, a.published_at) AS "lastModified", ${LEAD_IMAGE}
      FROM articles a
      WHERE a.publication_id = ${publicationId}::uuid AND ${PUBLIC}
        AND a.published_at >= ${monthStart(year, month, timeZone)} AND a.published_at < ${monthEnd(year, month, timeZone)}
      ORDER BY a.published_at, a.id
      OFFSET ${offset} LIMIT ${limit}`;
  }
}
