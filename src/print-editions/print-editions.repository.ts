import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import type { ArticleStatus } from '../articles/domain/article-workflow.js';
import { badInput } from '../common/errors/domain-error.js';
import { uniqueViolationOf } from '../database/constraint-violations.js';
import type { PrintEdition } from './models/print-edition.model.js';

const EDITION = { id: true, publicationId: true, date: true, name: true, status: true, printedAt: true } as const;

/** A placed article as printing reads it, locked. */
export interface PlacedArticle {
  placementId: string;
  articleId: string;
  slug: string;
  status: ArticleStatus;
  version: number;
}

/** A page as stored: its number and article ids in placement order. */
export interface PageRecord {
  number: number;
  articleIds: string[];
}

export interface PrintAppearanceRecord {
  articleId: string;
  page: number;
  edition: PrintEdition;
}

@Injectable()
export class PrintEditionsRepository {
  constructor(private readonly db: TransactionHost) {}

  async findById(id: string): Promise<PrintEdition | null> {
    return this.db.tx.printEdition.findUnique({ where: { id }, select: EDITION });
  }

  /**
   * The edition's status, its row locked until the transaction ends: whatever changes an
   * edition (placing, removing, printing) takes this first, so a second printer waits and
   * then finds it printed.
   */
  async lock(id: string): Promise<PrintEdition['status'] | null> {
    const [edition] = await this.db.tx.$queryRaw<{ status: PrintEdition['status'] }[]>`SELECT status FROM print_editions WHERE id = ${id}::uuid FOR UPDATE`;
    return edition?.status ?? null;
  }

  /** A publication's editions, newest date first, for staff. */
  async list(publicationId: string, status: 'PLANNING' | 'PRINTED' | undefined, limit: number, after?: { at: Date; id: string }): Promise<PrintEdition[]> {
    return this.db.tx.printEdition.findMany({
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
    const editions = await this.db.tx.printEdition.findMany({
      where: { publicationId, date: new Date(`${date}T00:00:00Z`), status: 'PRINTED', ...(name ? { name } : {}) },
      orderBy: { name: 'asc' },
      select: EDITION,
    });
    return editions.find((edition) => edition.name === 'Daily') ?? editions[0] ?? null;
  }

  async create(publicationId: string, date: string, name: string): Promise<PrintEdition> {
    try {
      return await this.db.tx.printEdition.create({ data: { publicationId, date: new Date(`${date}T00:00:00Z`), name }, select: EDITION });
    } catch (error) {
      if (uniqueViolationOf(error) === 'print_editions_publication_id_date_name_key') {
        throw badInput([{ field: 'input.name', message: `an edition named "${name}" already exists for ${date}` }]);
      }
      throw error;
    }
  }

  /** Puts the article on a page (or moves it there), last on that page. */
  async place(editionId: string, articleId: string, page: number): Promise<void> {
    await this.db.tx.placement.upsert({
      where: { editionId_articleId: { editionId, articleId } },
      create: { editionId, articleId, page },
      update: { page, createdAt: new Date() },
    });
  }

  /** Takes the article off the edition; false if it was not placed. */
  async unplace(editionId: string, articleId: string): Promise<boolean> {
    const { count } = await this.db.tx.placement.deleteMany({ where: { editionId, articleId } });
    return count > 0;
  }

  /** Pages in order, each with its article ids in placement order. */
  async pages(editionIds: readonly string[]): Promise<Map<string, PageRecord[]>> {
    const placements = await this.db.tx.placement.findMany({
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

  /** The edition's placed articles, locked until the transaction ends, in id order (two printers lock alike). */
  async lockPlaced(editionId: string): Promise<PlacedArticle[]> {
    return this.db.tx.$queryRaw<PlacedArticle[]>`
      SELECT p.id AS "placementId", a.id AS "articleId", a.slug, a.status, a.version
      FROM placements p JOIN articles a ON a.id = p.article_id
      WHERE p.edition_id = ${editionId}::uuid ORDER BY a.id FOR UPDATE OF a`;
  }

  /** Records the article version that went to press. */
  async recordPrintedVersion(placementId: string, version: number): Promise<void> {
    await this.db.tx.placement.update({ where: { id: placementId }, data: { printedVersion: version } });
  }

  async markPrinted(editionId: string, actorId: string, now: Date): Promise<void> {
    await this.db.tx.printEdition.update({ where: { id: editionId }, data: { status: 'PRINTED', printedAt: now, printedById: actorId } });
  }

  /** Where printed stories ran: placements in PRINTED editions only. */
  async printAppearancesByArticleIds(articleIds: readonly string[]): Promise<PrintAppearanceRecord[]> {
    return this.db.tx.placement.findMany({
      where: { articleId: { in: [...articleIds] }, edition: { status: 'PRINTED' } },
      orderBy: [{ edition: { date: 'asc' } }, { edition: { name: 'asc' } }],
      select: { articleId: true, page: true, edition: { select: EDITION } },
    });
  }
}
