import { Injectable } from '@nestjs/common';
import type { ArticleStatus } from '../articles/domain/article-workflow.js';
import { EditorialRepository, type StatusChange } from '../articles/editorial.repository.js';
import type { Article } from '../articles/models/article.model.js';
import { badInput } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
import type { PrintEdition } from './models/print-edition.model.js';

const EDITION = { id: true, publicationId: true, date: true, name: true, status: true, printedAt: true } as const;

/** A placed article as printing sees it, read under a row lock. */
export interface PlacedArticle {
  placementId: string;
  article: Pick<Article, 'id' | 'slug' | 'status' | 'version' | 'publishedAt' | 'scheduledFor' | 'publicationId'>;
}

export interface PrintPlan {
  /**
   * For each placed article: the move's column changes; null when it is already PRINTED
   * (it ran in another edition of the day) and only the version goes on record. A refusal
   * is thrown by the caller.
   */
  changeFor(placed: PlacedArticle): StatusChange | null;
}

/** A page as stored: its number and article ids in placement order. */
export interface PageRecord {
  number: number;
  articleIds: string[];
}

/** Reasons printing stopped before it wrote anything. */
export class EditionAlreadyPrinted extends Error {}
export class EditionEmpty extends Error {}

@Injectable()
export class PrintEditionsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly editorial: EditorialRepository,
  ) {}

  async findById(id: string): Promise<PrintEdition | null> {
    return this.prisma.printEdition.findUnique({ where: { id }, select: EDITION });
  }

  /** A publication's editions, newest date first, for staff. */
  async list(publicationId: string, status: 'PLANNING' | 'PRINTED' | undefined, limit: number, after?: { at: Date; id: string }): Promise<PrintEdition[]> {
    return this.prisma.printEdition.findMany({
      where: {
        publicationId,
        ...(status ? { status } : {}),
        ...(after ? { OR: [{ date: { lt: after.at } }, { date: after.at, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ date: 'desc' }, { id: 'desc' }],
      take: limit,
      select: EDITION,
    });
  }

  /** The printed editions of a day, "Daily" first if asked by no name. */
  async findPrinted(publicationId: string, date: string, name: string | null): Promise<PrintEdition | null> {
    const editions = await this.prisma.printEdition.findMany({
      where: { publicationId, date: new Date(`${date}T00:00:00Z`), status: 'PRINTED', ...(name ? { name } : {}) },
      orderBy: { name: 'asc' },
      select: EDITION,
    });
    return editions.find((edition) => edition.name === 'Daily') ?? editions[0] ?? null;
  }

  async create(publicationId: string, date: string, name: string): Promise<PrintEdition> {
    try {
      return await this.prisma.printEdition.create({ data: { publicationId, date: new Date(`${date}T00:00:00Z`), name }, select: EDITION });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw badInput([{ field: 'input.name', message: `an edition named "${name}" already exists for ${date}` }]);
      }
      throw error;
    }
  }

  /**
   * Puts the article on a page (or moves it there), last on that page. Returns false when
   * the edition was printed meanwhile: the edition row is locked while placing.
   */
  async place(editionId: string, articleId: string, page: number): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const [edition] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM print_editions WHERE id = ${editionId}::uuid FOR UPDATE`;
      if (edition?.status !== 'PLANNING') return false;
      await tx.placement.upsert({
        where: { editionId_articleId: { editionId, articleId } },
        create: { editionId, articleId, page },
        update: { page, createdAt: new Date() },
      });
      return true;
    });
  }

  /** Takes the article off the edition; false if the edition is printed, null if it was not placed. */
  async unplace(editionId: string, articleId: string): Promise<boolean | null> {
    return this.prisma.$transaction(async (tx) => {
      const [edition] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM print_editions WHERE id = ${editionId}::uuid FOR UPDATE`;
      if (edition?.status !== 'PLANNING') return false;
      const { count } = await tx.placement.deleteMany({ where: { editionId, articleId } });
      return count === 0 ? null : true;
    });
  }

  /** Pages in order, each with its article ids in placement order. */
  async pages(editionIds: readonly string[]): Promise<Map<string, PageRecord[]>> {
    const placements = await this.prisma.placement.findMany({
      where: { editionId: { in: [...editionIds] } },
      orderBy: [{ page: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
      select: { editionId: true, page: true, articleId: true },
    });
    const result = new Map<string, PageRecord[]>(editionIds.map((id) => [id, []]));
    for (const placement of placements) {
      const pages = result.get(placement.editionId)!;
      const last = pages.at(-1);
      if (last?.number === placement.page) last.articleIds.push(placement.articleId);
      else pages.push({ number: placement.page, articleIds: [placement.articleId] });
    }
    return result;
  }

  /**
   * Prints the edition in one transaction: the edition is locked (a second printer waits,
   * then finds it printed), every placed article is locked and moved as `plan` says, with
   * its event and revision, and the version that went to press is recorded on its placement.
   */
  async markPrinted(editionId: string, actorId: string, plan: PrintPlan): Promise<void> {
    await this.prisma.$transaction(
      async (tx) => {
        const [edition] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM print_editions WHERE id = ${editionId}::uuid FOR UPDATE`;
        if (edition?.status !== 'PLANNING') throw new EditionAlreadyPrinted();
        const placed = await tx.$queryRaw<(PlacedArticle['article'] & { placementId: string })[]>`
          SELECT p.id AS "placementId", a.id, a.slug, a.status, a.version, a.published_at AS "publishedAt",
            a.scheduled_for AS "scheduledFor", a.publication_id AS "publicationId"
          FROM placements p JOIN articles a ON a.id = p.article_id
          WHERE p.edition_id = ${editionId}::uuid ORDER BY a.id FOR UPDATE OF a`;
        if (placed.length === 0) throw new EditionEmpty();
        const now = new Date();
        for (const { placementId, ...article } of placed) {
          const from = article.status as ArticleStatus;
          const change = plan.changeFor({ placementId, article: { ...article, status: from } });
          if (change) {
            await this.editorial.moveWithin(tx, {
              id: article.id,
              guard: { from, version: article.version },
              change,
              event: { from, to: 'PRINTED', comment: null },
              actorId,
              now,
            });
          }
          await tx.placement.update({ where: { id: placementId }, data: { printedVersion: article.version } });
        }
        await tx.printEdition.update({ where: { id: editionId }, data: { status: 'PRINTED', printedAt: now, printedById: actorId } });
      },
      { timeout: 30_000 },
    );
  }
}
