import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import { ArticleMoves } from '../articles/article-moves.service.js';
import type { ArticleLoaderSet } from '../articles/articles.loaders.js';
import { statusesMovingTo } from '../articles/domain/article-workflow.js';
import { EditorialService, workflowViewer } from '../articles/editorial.service.js';
import type { Article } from '../articles/models/article.model.js';
import { assertMay, roleIn, type Viewer } from '../auth/viewer.js';
import { DomainError, badInput, invalidTransition, notFound } from '../common/errors/domain-error.js';
import { decodeCursor } from '../common/pagination/cursor.js';
import { toConnection, type Connection } from '../common/pagination/connection.js';
import { PublicationsService } from '../publications/publications.service.js';
import { shownOnPage } from './domain/edition-pages.js';
import { DEFAULT_EDITION_NAME, type CreatePrintEditionInput, type PlaceArticleInput, type PrintEditionsArgs } from './dto/print-edition.inputs.js';
import type { EditionPage, PrintEdition } from './models/print-edition.model.js';
import type { PrintEditionLoaderSet } from './print-editions.loaders.js';
import { PrintEditionsRepository } from './print-editions.repository.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.service.js';

// What may go on a page: whatever the table lets an edition print.
const PLACEABLE = statusesMovingTo('PRINTED');

const frozen = (edition: PrintEdition) =>
  invalidTransition(`The ${edition.name} edition of ${edition.date.toISOString().slice(0, 10)} is printed: it can no longer change`, []);

/** The request's batch loaders that reading pages uses. */
export interface PageLoaders {
  pages: PrintEditionLoaderSet['pages'];
  article: ArticleLoaderSet['article'];
  writers: ArticleLoaderSet['writers'];
}

@Injectable()
export class PrintEditionsService {
  constructor(
    private readonly db: TransactionHost,
    private readonly editions: PrintEditionsRepository,
    private readonly moves: ArticleMoves,
    private readonly articles: EditorialService,
    private readonly publications: PublicationsService,
    private readonly webhooks: WebhookOutbox,
  ) {}

  async create(viewer: Viewer, input: CreatePrintEditionInput): Promise<PrintEdition> {
    assertMay(viewer, 'managePrintEditions', input.publicationId);
    await this.publications.byId(input.publicationId);
    return this.editions.create(input.publicationId, input.date, input.name?.trim() || DEFAULT_EDITION_NAME);
  }

  async place(viewer: Viewer, input: PlaceArticleInput): Promise<PrintEdition> {
    const edition = await this.editionFor(viewer, input.editionId);
    if (edition.status === 'PRINTED') throw frozen(edition);
    const article = await this.articles.find(input.articleId);
    if (!article || article.publicationId !== edition.publicationId) {
      throw badInput([{ field: 'input.articleId', message: 'is not an article of this publication' }]);
    }
    if (!PLACEABLE.includes(article.status)) {
      throw badInput([{ field: 'input.articleId', message: `is ${article.status}: only approved, scheduled or published articles go on a page` }]);
    }
    await this.db.withTransaction(async () => {
      if ((await this.editions.lock(edition.id)) !== 'PLANNING') throw frozen(edition);
      await this.editions.place(edition.id, article.id, input.page);
    });
    return edition;
  }

  async unplace(viewer: Viewer, editionId: string, articleId: string): Promise<PrintEdition> {
    const edition = await this.editionFor(viewer, editionId);
    if (edition.status === 'PRINTED') throw frozen(edition);
    await this.db.withTransaction(async () => {
      if ((await this.editions.lock(edition.id)) !== 'PLANNING') throw frozen(edition);
      if (!(await this.editions.unplace(edition.id, articleId))) throw notFound('A placement of this article in this edition');
    });
    return edition;
  }

  /**
   * Prints the edition in one transaction: the edition is locked, every placed article moves
   * to PRINTED through the workflow's one move (going online now if it was not yet), the
   * version that went to press is recorded on its placement, and the edition is frozen.
   */
  async markPrinted(viewer: Viewer, editionId: string): Promise<PrintEdition> {
    const edition = await this.editionFor(viewer, editionId);
    if (edition.status === 'PRINTED') throw frozen(edition);
    const now = new Date();
    await this.db.withTransaction({ timeout: 30_000 }, async () => {
      if ((await this.editions.lock(edition.id)) !== 'PLANNING') throw frozen(edition);
      const placed = await this.editions.lockPlaced(edition.id);
      if (placed.length === 0) throw badInput([{ field: 'editionId', message: 'has no article placed: nothing to print' }]);
      for (const article of placed) {
        // Already printed in another edition of the day (Daily, then City): it runs again.
        if (article.status !== 'PRINTED') await this.print(viewer, article, now);
        await this.editions.recordPrintedVersion(article.placementId, article.version);
      }
      await this.editions.markPrinted(edition.id, viewer.id, now);
      await this.webhooks.editionPrinted(edition.id);
    });
    return (await this.editions.findById(edition.id))!;
  }

  /** The publication's editions in any status, newest first: staff of the publication. */
  async list(viewer: Viewer, publicationId: string, args: PrintEditionsArgs): Promise<Connection<PrintEdition>> {
    assertMay(viewer, 'readDesk', publicationId);
    const listKey = `editions:${publicationId}:${args.status ?? ''}`;
    const after = args.after ? decodeCursor(listKey, args.after) : undefined;
    const rows = await this.editions.list(publicationId, args.status ?? undefined, args.first + 1, after);
    return toConnection(rows, args.first, listKey, (edition) => ({ at: edition.date, id: edition.id }));
  }

  /** A printed edition of the day, for the public; null if none was printed. */
  printed(publicationId: string, date: string, name: string | null | undefined): Promise<PrintEdition | null> {
    return this.editions.findPrinted(publicationId, date, name ?? null);
  }

  /**
   * The edition's pages as the viewer (null: the public) sees them: each with the stories
   * the viewer may read (see shownOnPage); a page left with none is not shown.
   */
  async pagesFor(viewer: Viewer | null, edition: PrintEdition, loaders: PageLoaders): Promise<EditionPage[]> {
    const records = await loaders.pages.load(edition.id);
    const ids = records.flatMap((page) => page.articleIds);
    const articles = new Map((await loaders.article.loadMany(ids)).flatMap((a) => (a && !(a instanceof Error) ? [[a.id, a] as const] : [])));
    // Whether the viewer wrote a story matters only to a contributor.
    const contributor = viewer !== null && !viewer.isAdmin && roleIn(viewer, edition.publicationId) === 'CONTRIBUTOR';
    const writers = contributor ? await loaders.writers.loadMany(ids) : [];
    const writersOf = new Map(ids.map((id, i) => [id, writers[i] instanceof Set ? writers[i] : new Set<string>()]));
    const now = new Date();
    const shown = (article: Article | undefined): article is Article =>
      article !== undefined &&
      shownOnPage(edition, article, viewer && workflowViewer(viewer, article.publicationId, writersOf.get(article.id) ?? new Set()), now);
    return records
      .map((page) => ({ number: page.number, articles: page.articleIds.map((id) => articles.get(id)).filter(shown) }))
      .filter((page) => page.articles.length > 0);
  }

  private async print(viewer: Viewer, article: { articleId: string; slug: string; status: string }, now: Date): Promise<void> {
    try {
      await this.moves.move(
        {
          articleId: article.articleId,
          to: 'PRINTED',
          viaEdition: true,
          actorId: viewer.id,
          viewer: (locked) => workflowViewer(viewer, locked.publicationId, new Set()),
          request: () => ({ placed: true }),
          fields: { PLACEMENT: 'editionId' },
        },
        now,
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INVALID_TRANSITION') {
        throw invalidTransition(`"${article.slug}" is ${article.status} and cannot be printed: take it off the edition first`, error.details.allowed ?? []);
      }
      throw error;
    }
  }

  private async editionFor(viewer: Viewer, editionId: string): Promise<PrintEdition> {
    const edition = await this.editions.findById(editionId);
    if (!edition) throw notFound('Print edition');
    assertMay(viewer, 'managePrintEditions', edition.publicationId);
    return edition;
  }
}
