import { Injectable } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import type { KeysetPosition } from '../common/pagination/cursor.js';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
import type { ArticleStatus } from './domain/article-workflow.js';
import { ARTICLE_CARD_COLUMNS, toArticle, type ArticleRow } from './articles.repository.js';
import type { Article } from './models/article.model.js';

type Tx = Prisma.TransactionClient;

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

/** Column changes of a workflow move. */
export interface StatusChange {
  status: ArticleStatus;
  submittedAt?: Date;
  approvedAt?: Date;
  publishedAt?: Date | null;
  printedAt?: Date;
  scheduledFor?: Date | null;
  retractedAt?: Date | null;
  retractionReason?: string | null;
}

export interface EventRecord {
  from: ArticleStatus | null;
  to: ArticleStatus;
  comment: string | null;
}

/** One workflow move as the repository writes it. */
export interface MoveRecord {
  id: string;
  guard: { from: ArticleStatus; version?: number };
  change: StatusChange;
  event: EventRecord;
  /** Null for the scheduler. */
  actorId: string | null;
  now: Date;
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

/** A guarded write found the article changed since it was read. */
export class StaleWrite extends Error {
  constructor() {
    super('stale write');
  }
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/**
 * Staff reads and every write of articles. Each write is one transaction with its audit:
 * the guarded update (id, version, status), the ArticleEvent and the ArticleRevision commit
 * together or not at all.
 */
@Injectable()
export class EditorialRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Articles without their bodies (see ArticleRow), for pages of an edition and the like. */
  async findByIds(ids: readonly string[]): Promise<Article[]> {
    const rows = await this.prisma.$queryRaw<ArticleRow[]>`SELECT ${ARTICLE_CARD_COLUMNS} FROM articles a WHERE a.id = ANY(${[...ids]}::uuid[])`;
    const now = new Date();
    return rows.map((row) => toArticle(row, now));
  }

  async findById(id: string): Promise<Article | null> {
    const row = await this.prisma.article.findUnique({ where: { id } });
    return row ? toArticle(row) : null;
  }

  /** Users who count as the article's writers: its creator and its authors' users. */
  async writerUserIds(articleIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const rows = await this.prisma.$queryRaw<{ article_id: string; user_id: string }[]>`
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
    const rows = await this.prisma.articleAuthor.findMany({ where: { articleId }, orderBy: { position: 'asc' }, select: { authorId: true } });
    return rows.map((row) => row.authorId);
  }

  /** Which of these author ids exist. */
  async existingAuthorIds(ids: string[]): Promise<Set<string>> {
    const rows = await this.prisma.author.findMany({ where: { id: { in: ids } }, select: { id: true } });
    return new Set(rows.map((row) => row.id));
  }

  /** The article holding `slug` in the publication (now or in the past), if any. */
  async slugHolder(publicationId: string, slug: string): Promise<string | null> {
    const row = await this.prisma.articleSlug.findUnique({ where: { publicationId_slug: { publicationId, slug } }, select: { articleId: true } });
    return row?.articleId ?? null;
  }

  /** A new DRAFT with its slug, byline, first event and first revision. Null if the slug was taken meanwhile. */
  async createDraft(draft: NewDraft, now: Date): Promise<Article | null> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const row = await tx.article.create({
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
        });
        await this.writeRevision(tx, row.id, draft.createdById, now);
        return toArticle(row, now);
      });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /**
   * Saves new content if the article is still at `expectedVersion`: a new version and its
   * revision. A new slug joins the article's slugs. Throws StaleWrite when the version moved.
   */
  async saveContent(
    id: string,
    expectedVersion: number,
    change: { content: ArticleContent; authorIds?: string[]; slug?: { publicationId: string; value: string; isNew: boolean } },
    actorId: string,
    now: Date,
  ): Promise<Article> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.article.updateMany({
          // Every move bumps the version too: the version alone says nothing changed since the check.
          where: { id, version: expectedVersion },
          data: { ...change.content, ...(change.slug ? { slug: change.slug.value } : {}), version: { increment: 1 }, updatedAt: now },
        });
        if (count === 0) throw new StaleWrite();
        if (change.authorIds) {
          await tx.articleAuthor.deleteMany({ where: { articleId: id } });
          await tx.articleAuthor.createMany({ data: change.authorIds.map((authorId, position) => ({ articleId: id, authorId, position })) });
        }
        if (change.slug?.isNew) {
          await tx.articleSlug.create({ data: { publicationId: change.slug.publicationId, slug: change.slug.value, articleId: id, createdAt: now } });
        }
        return this.writeRevision(tx, id, actorId, now);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw badInput([{ field: 'input.slug', message: 'is taken by another article' }]);
      throw error;
    }
  }

  /**
   * Moves the article if it is still in `guard.from` (and at `guard.version`, when given):
   * the new status and version, its event and its revision, in one transaction. Throws
   * StaleWrite when another change got there first.
   */
  async applyMove(move: MoveRecord): Promise<Article> {
    return this.prisma.$transaction(async (tx) => this.moveWithin(tx, move));
  }

  /** applyMove inside a transaction already open (the scheduler's, or printing an edition's). */
  async moveWithin(tx: Tx, { id, guard, change, event, actorId, now }: MoveRecord): Promise<Article> {
    const { count } = await tx.article.updateMany({
      where: { id, status: guard.from, ...(guard.version === undefined ? {} : { version: guard.version }) },
      data: { ...change, version: { increment: 1 }, updatedAt: now },
    });
    if (count === 0) throw new StaleWrite();
    const article = await this.writeRevision(tx, id, actorId, now);
    await tx.articleEvent.create({
      data: { articleId: id, fromStatus: event.from, toStatus: event.to, actorId, comment: event.comment, version: article.version, at: now },
    });
    return article;
  }

  /**
   * Publishes up to `limit` due SCHEDULED articles. Rows another instance is publishing are
   * skipped (FOR UPDATE SKIP LOCKED), so each article is published exactly once.
   */
  async publishDue(limit: number, comment: string, onlyId?: string): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const only = onlyId ? Prisma.sql`AND id = ${onlyId}::uuid` : Prisma.empty;
      const due = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM articles WHERE status = 'SCHEDULED' AND scheduled_for <= now() ${only}
        ORDER BY scheduled_for, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      const now = new Date();
      for (const { id } of due) {
        // publishedAt stays the scheduled time: the story was public from then on.
        await this.moveWithin(tx, {
          id,
          guard: { from: 'SCHEDULED' },
          change: { status: 'PUBLISHED', scheduledFor: null },
          event: { from: 'SCHEDULED', to: 'PUBLISHED', comment },
          actorId: null,
          now,
        });
      }
      return due.map((row) => row.id);
    });
  }

  /**
   * A public correction and its audit event (the status unchanged), if the article is still
   * at `version`; a correction changes what the public reads, so updatedAt moves too.
   */
  async addCorrection(article: { id: string; status: ArticleStatus; version: number }, text: string, actorId: string, now: Date): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.article.updateMany({ where: { id: article.id, version: article.version, status: article.status }, data: { updatedAt: now } });
      if (count === 0) throw new StaleWrite();
      await tx.correction.create({ data: { articleId: article.id, text, createdById: actorId, createdAt: now } });
      await tx.articleEvent.create({
        data: { articleId: article.id, fromStatus: article.status, toStatus: article.status, actorId, comment: `Correction: ${text}`, version: article.version, at: now },
      });
    });
  }

  /** The desk: articles in any status, most recently updated first. */
  async desk(filter: DeskFilter, limit: number, after?: KeysetPosition): Promise<Article[]> {
    const conditions = [Prisma.sql`a.publication_id = ${filter.publicationId}::uuid`];
    if (filter.statuses?.length) conditions.push(Prisma.sql`a.status::text = ANY(${filter.statuses}::text[])`);
    if (filter.sectionIds) conditions.push(Prisma.sql`a.section_id = ANY(${filter.sectionIds}::uuid[])`);
    if (filter.writerUserId) {
      conditions.push(Prisma.sql`(a.created_by_id = ${filter.writerUserId}::uuid OR EXISTS (
        SELECT 1 FROM article_authors aa JOIN authors au ON au.id = aa.author_id
        WHERE aa.article_id = a.id AND au.user_id = ${filter.writerUserId}::uuid))`);
    }
    if (after) conditions.push(Prisma.sql`(a.updated_at, a.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
    const rows = await this.prisma.$queryRaw<ArticleRow[]>`
      SELECT ${ARTICLE_CARD_COLUMNS} FROM articles a WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY a.updated_at DESC, a.id DESC LIMIT ${limit}`;
    const now = new Date();
    return rows.map((row) => toArticle(row, now));
  }

  /** The last `limit` events, oldest first. */
  async history(articleId: string, limit: number): Promise<HistoryEntry[]> {
    const rows = await this.prisma.articleEvent.findMany({
      where: { articleId },
      orderBy: [{ version: 'desc' }, { at: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.reverse().map((row) => ({ from: row.fromStatus, to: row.toStatus, comment: row.comment, at: row.at, actorId: row.actorId, version: row.version }));
  }

  /** Up to `limit` revisions newest first, below version `before` if given; bodies are loaded apart. */
  async revisions(articleId: string, limit: number, before?: number): Promise<RevisionRecord[]> {
    return this.prisma.$queryRaw<RevisionRecord[]>`
      SELECT id, version, slug, headline, standfirst, octet_length(body_html) AS "bodyHtmlBytes", author_note AS "authorNote",
        tags, section_id AS "sectionId", author_ids AS "authorIds", created_at AS "createdAt", created_by_id AS "createdById"
      FROM article_revisions
      WHERE article_id = ${articleId}::uuid ${before === undefined ? Prisma.empty : Prisma.sql`AND version < ${before}`}
      ORDER BY version DESC LIMIT ${limit}`;
  }

  async revisionBodies(ids: readonly string[]): Promise<{ id: string; bodyHtml: string }[]> {
    return this.prisma.articleRevision.findMany({ where: { id: { in: [...ids] } }, select: { id: true, bodyHtml: true } });
  }

  /** Snapshots the article as it now stands as the revision of its current version. */
  private async writeRevision(tx: Tx, id: string, actorId: string | null, now: Date): Promise<Article> {
    const row = await tx.article.findUniqueOrThrow({ where: { id }, include: { authors: { orderBy: { position: 'asc' }, select: { authorId: true } } } });
    await tx.articleRevision.create({
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
}
