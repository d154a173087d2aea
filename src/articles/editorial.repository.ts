import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import type { KeysetPosition } from '../common/pagination/cursor.js';
import { uniqueViolationOf } from '../database/constraint-violations.js';
import { Prisma } from '../generated/prisma/client.js';
import { ARTICLE_CARD_COLUMNS, ARTICLE_COLUMNS, BYLINE, LEAD_IMAGE, toArticle, type ArticleRow } from './article-rows.js';
import type { ArticleStatus, MoveEffects } from './domain/article-workflow.js';
import type { Article } from './models/article.model.js';

/** The editable content of an article, as stored (the body already sanitised). */
export interface ArticleContent {
  sectionId: string;
  headline: string;
  standfirst: string | null;
  bodyHtml: string;
  bodyText: string;
  wordCount: number;
  authorNote: string | null;
  tags: string[];
}

export interface NewDraft extends ArticleContent {
  publicationId: string;
  slug: string;
  authorIds: string[];
  createdById: string;
}

export interface EventRecord {
  articleId: string;
  from: ArticleStatus | null;
  to: ArticleStatus;
  /** Null for the scheduler. */
  actorId: string | null;
  comment: string | null;
  version: number;
  at: Date;
}

export interface HistoryEntry {
  from: ArticleStatus | null;
  to: ArticleStatus;
  comment: string | null;
  at: Date;
  actorId: string | null;
  version: number;
}

export interface RevisionRecord {
  id: string;
  version: number;
  slug: string;
  headline: string;
  standfirst: string | null;
  bodyHtmlBytes: number;
  authorNote: string | null;
  tags: string[];
  sectionId: string;
  authorIds: string[];
  createdAt: Date;
  createdById: string | null;
}

export interface DeskFilter {
  publicationId: string;
  statuses?: ArticleStatus[];
  sectionIds?: string[];
  /** Only what this user created or is an author of (a contributor's desk). */
  writerUserId?: string;
}

/** A write found the slug held by another article of the publication. */
export class ArticleSlugTaken extends Error {}

const SLUG_KEYS = new Set(['articles_publication_id_slug_key', 'article_slugs_pkey']);

/**
 * The staff side of articles as statements: reads of any status, and the writes that
 * services put together into units of work (a save, a move, a correction), each with its
 * audit. Nothing here opens a transaction or decides what is allowed.
 */
@Injectable()
export class EditorialRepository {
  constructor(private readonly db: TransactionHost) {}

  /** Articles without their bodies (see ArticleRow), for pages of an edition and the like. */
  async findByIds(ids: readonly string[]): Promise<Article[]> {
    const rows = await this.db.tx.$queryRaw<
      ArticleRow[]
    >`SELECT ${ARTICLE_CARD_COLUMNS}, ${BYLINE}, ${LEAD_IMAGE} FROM articles a WHERE a.id = ANY(${[...ids]}::uuid[])`;
    const now = new Date();
    return rows.map((row) => toArticle(row, now));
  }

  async findById(id: string): Promise<Article | null> {
    const row = await this.db.tx.article.findUnique({ where: { id } });
    return row ? toArticle(row) : null;
  }

  /** The article, locked until the transaction ends (a move waits for another on the same article). */
  async lock(id: string): Promise<Article | null> {
    const [row] = await this.db.tx.$queryRaw<ArticleRow[]>`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ${id}::uuid FOR UPDATE`;
    return row ? toArticle(row) : null;
  }

  /** Users who count as the article's writers: its creator and its authors' users. */
  async writerUserIds(articleIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const rows = await this.db.tx.$queryRaw<{ article_id: string; user_id: string }[]>`
      SELECT a.id AS article_id, a.created_by_id AS user_id FROM articles a
        WHERE a.id = ANY(${[...articleIds]}::uuid[]) AND a.created_by_id IS NOT NULL
      UNION
      SELECT aa.article_id, au.user_id FROM article_authors aa JOIN authors au ON au.id = aa.author_id
        WHERE aa.article_id = ANY(${[...articleIds]}::uuid[]) AND au.user_id IS NOT NULL`;
    const writers = new Map<string, Set<string>>(articleIds.map((id) => [id, new Set()]));
    for (const row of rows) writers.get(row.article_id)?.add(row.user_id);
    return writers;
  }

  async authorIdsOf(articleId: string): Promise<string[]> {
    const rows = await this.db.tx.articleAuthor.findMany({ where: { articleId }, orderBy: { position: 'asc' }, select: { authorId: true } });
    return rows.map((row) => row.authorId);
  }

  /** The article holding `slug` in the publication (now or in the past), if any. */
  async slugHolder(publicationId: string, slug: string): Promise<string | null> {
    const row = await this.db.tx.articleSlug.findUnique({ where: { publicationId_slug: { publicationId, slug } }, select: { articleId: true } });
    return row?.articleId ?? null;
  }

  /** A new DRAFT with its slug, byline and first event (its revision is the caller's). Throws ArticleSlugTaken. */
  async insertDraft(draft: NewDraft, now: Date): Promise<string> {
    const row = await this.slugWrite(() =>
      this.db.tx.article.create({
        data: {
          publicationId: draft.publicationId,
          sectionId: draft.sectionId,
          slug: draft.slug,
          headline: draft.headline,
          standfirst: draft.standfirst,
          bodyHtml: draft.bodyHtml,
          bodyText: draft.bodyText,
          wordCount: draft.wordCount,
          authorNote: draft.authorNote,
          tags: draft.tags,
          status: 'DRAFT',
          version: 1,
          createdById: draft.createdById,
          createdAt: now,
          updatedAt: now,
          authors: { create: draft.authorIds.map((authorId, position) => ({ authorId, position })) },
          slugs: { create: { publicationId: draft.publicationId, slug: draft.slug, createdAt: now } },
          events: { create: { fromStatus: null, toStatus: 'DRAFT', actorId: draft.createdById, version: 1, at: now } },
        },
        select: { id: true },
      }),
    );
    return row.id;
  }

  /** New content and the next version, if the article is still at `expectedVersion`; false if it moved on. Throws ArticleSlugTaken. */
  async saveContent(id: string, expectedVersion: number, content: ArticleContent & { slug?: string }, now: Date): Promise<boolean> {
    // Every move bumps the version too: the version alone says nothing changed since the check.
    const { count } = await this.slugWrite(() =>
      this.db.tx.article.updateMany({ where: { id, version: expectedVersion }, data: { ...content, version: { increment: 1 }, updatedAt: now } }),
    );
    return count > 0;
  }

  async replaceByline(articleId: string, authorIds: readonly string[]): Promise<void> {
    await this.db.tx.articleAuthor.deleteMany({ where: { articleId } });
    await this.db.tx.articleAuthor.createMany({ data: authorIds.map((authorId, position) => ({ articleId, authorId, position })) });
  }

  /** Reserves a new slug for the article (its old ones keep resolving). Throws ArticleSlugTaken. */
  async addSlug(publicationId: string, slug: string, articleId: string, now: Date): Promise<void> {
    await this.slugWrite(() => this.db.tx.articleSlug.create({ data: { publicationId, slug, articleId, createdAt: now } }));
  }

  /** Writes a move's effects and the next version (the caller holds the article's lock). */
  async applyMove(id: string, from: ArticleStatus, effects: MoveEffects, now: Date): Promise<void> {
    const { count } = await this.db.tx.article.updateMany({ where: { id, status: from }, data: { ...effects, version: { increment: 1 }, updatedAt: now } });
    // The article is locked and was read in `from`: anything else is a bug, not a race.
    if (count !== 1) throw new Error(`article ${id} was not in ${from} under its lock`);
  }

  async insertEvent(event: EventRecord): Promise<void> {
    await this.db.tx.articleEvent.create({
      data: {
        articleId: event.articleId,
        fromStatus: event.from,
        toStatus: event.to,
        actorId: event.actorId,
        comment: event.comment,
        version: event.version,
        at: event.at,
      },
    });
  }

  /** Snapshots the article as it now stands as the revision of its current version; returns it. */
  async writeRevision(id: string, actorId: string | null, now: Date): Promise<Article> {
    const row = await this.db.tx.article.findUniqueOrThrow({
      where: { id },
      include: { authors: { orderBy: { position: 'asc' }, select: { authorId: true } } },
    });
    await this.db.tx.articleRevision.create({
      data: {
        articleId: id,
        version: row.version,
        sectionId: row.sectionId,
        slug: row.slug,
        headline: row.headline,
        standfirst: row.standfirst,
        bodyHtml: row.bodyHtml,
        authorNote: row.authorNote,
        tags: row.tags,
        authorIds: row.authors.map((a) => a.authorId),
        createdById: actorId,
        createdAt: now,
      },
    });
    return toArticle(row, now);
  }

  /** Moves updatedAt (a correction changes what the public reads) if the article is still at `version` and `status`. */
  async touch(id: string, version: number, status: ArticleStatus, now: Date): Promise<boolean> {
    const { count } = await this.db.tx.article.updateMany({ where: { id, version, status }, data: { updatedAt: now } });
    return count > 0;
  }

  async insertCorrection(articleId: string, text: string, actorId: string, now: Date): Promise<void> {
    await this.db.tx.correction.create({ data: { articleId, text, createdById: actorId, createdAt: now } });
  }

  /**
   * Claims up to `limit` due SCHEDULED articles until the transaction ends. Rows another
   * instance has claimed are skipped (FOR UPDATE SKIP LOCKED), so each is published once.
   */
  async claimDue(limit: number): Promise<{ id: string; scheduledFor: Date }[]> {
    return this.db.tx.$queryRaw<{ id: string; scheduledFor: Date }[]>`
      SELECT id, scheduled_for AS "scheduledFor" FROM articles WHERE status = 'SCHEDULED' AND scheduled_for <= now()
      ORDER BY scheduled_for, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  }

  /** Sets the article's publish job (the caller holds its lock); returns the one it had. */
  async swapPublishJob(id: string, jobId: string | null): Promise<string | null> {
    const [row] = await this.db.tx.$queryRaw<{ previous: string | null }[]>`
      UPDATE articles a SET publish_job_id = ${jobId}::uuid FROM (SELECT id, publish_job_id FROM articles WHERE id = ${id}::uuid) old
      WHERE a.id = old.id RETURNING old.publish_job_id AS previous`;
    return row?.previous ?? null;
  }

  /** Claims up to `limit` SCHEDULED articles without a publish job until the transaction ends (skipping those another instance holds). */
  async claimUnqueuedScheduled(limit: number): Promise<{ id: string; scheduledFor: Date }[]> {
    return this.db.tx.$queryRaw<{ id: string; scheduledFor: Date }[]>`
      SELECT id, scheduled_for AS "scheduledFor" FROM articles WHERE status = 'SCHEDULED' AND publish_job_id IS NULL AND scheduled_for IS NOT NULL
      ORDER BY scheduled_for, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  }

  /** The desk: articles in any status, most recently updated first. */
  async desk(filter: DeskFilter, limit: number, after?: KeysetPosition): Promise<Article[]> {
    const conditions = [Prisma.sql`a.publication_id = ${filter.publicationId}::uuid`];
    if (filter.statuses?.length) conditions.push(Prisma.sql`a.status = ANY(${filter.statuses}::article_status[])`);
    if (filter.sectionIds) conditions.push(Prisma.sql`a.section_id = ANY(${filter.sectionIds}::uuid[])`);
    if (filter.writerUserId) {
      conditions.push(Prisma.sql`(a.created_by_id = ${filter.writerUserId}::uuid OR EXISTS (
        SELECT 1 FROM article_authors aa JOIN authors au ON au.id = aa.author_id
        WHERE aa.article_id = a.id AND au.user_id = ${filter.writerUserId}::uuid))`);
    }
    if (after) conditions.push(Prisma.sql`(a.updated_at, a.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
    const rows = await this.db.tx.$queryRaw<ArticleRow[]>`
      SELECT ${ARTICLE_CARD_COLUMNS}, ${BYLINE}, ${LEAD_IMAGE} FROM articles a WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY a.updated_at DESC, a.id DESC LIMIT ${limit}`;
    const now = new Date();
    return rows.map((row) => toArticle(row, now));
  }

  /** The last `limit` events, oldest first. */
  async history(articleId: string, limit: number): Promise<HistoryEntry[]> {
    const rows = await this.db.tx.articleEvent.findMany({
      where: { articleId },
      orderBy: [{ version: 'desc' }, { at: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows
      .reverse()
      .map((row) => ({ from: row.fromStatus, to: row.toStatus, comment: row.comment, at: row.at, actorId: row.actorId, version: row.version }));
  }

  /** Up to `limit` revisions newest first, below version `before` if given; bodies are loaded apart. */
  async revisions(articleId: string, limit: number, before?: number): Promise<RevisionRecord[]> {
    return this.db.tx.$queryRaw<RevisionRecord[]>`
      SELECT id, version, slug, headline, standfirst, octet_length(body_html) AS "bodyHtmlBytes", author_note AS "authorNote",
        tags, section_id AS "sectionId", author_ids AS "authorIds", created_at AS "createdAt", created_by_id AS "createdById"
      FROM article_revisions
      WHERE article_id = ${articleId}::uuid ${before === undefined ? Prisma.empty : Prisma.sql`AND version < ${before}`}
      ORDER BY version DESC LIMIT ${limit}`;
  }

  async revisionBodies(ids: readonly string[]): Promise<{ id: string; bodyHtml: string }[]> {
    return this.db.tx.articleRevision.findMany({ where: { id: { in: [...ids] } }, select: { id: true, bodyHtml: true } });
  }

  private async slugWrite<T>(statement: () => Promise<T>): Promise<T> {
    try {
      return await statement();
    } catch (error) {
      if (SLUG_KEYS.has(uniqueViolationOf(error) ?? '')) throw new ArticleSlugTaken();
      throw error;
    }
  }
}
