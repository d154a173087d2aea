import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import { AuthorsService } from '../authors/authors.service.js';
import { assertMay, roleIn, type Viewer } from '../auth/viewer.js';
import { badInput, conflict, forbidden, notFound, type FieldProblem } from '../common/errors/domain-error.js';
import { decodeCursor } from '../common/pagination/cursor.js';
import { toConnection, type Connection } from '../common/pagination/connection.js';
import { insertWithFreeSlug } from '../common/slug.js';
import { PublicationsService } from '../publications/publications.service.js';
import { ImagesService, type SettledPictures } from '../media/images.service.js';
import { SectionsService } from '../sections/sections.service.js';
import { ArticleMoves, type MoveOrder } from './article-moves.service.js';
import { DeskAnnouncer } from '../desk/desk-announcer.js';
import { isPublic, mayReadOnDesk } from './domain/article-access.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.service.js';
import { MAX_BODY_TAGS, countTags, lostText, sanitizeBody, swallowingElement, type ArticleBody } from './domain/article-body.js';
import { normalizeTags } from './domain/article-tags.js';
import {
  CORRECTABLE_STATUSES,
  allowedMoves,
  isDueScheduled,
  mayEdit,
  type ArticleStatus,
  type Requirement,
  type WorkflowViewer,
} from './domain/article-workflow.js';
import type { CreateArticleInput, DeskArgs, TransitionArticleInput, UpdateArticleInput } from './dto/article.inputs.js';
import { ArticleSlugTaken, EditorialRepository, type ArticleContent, type HistoryEntry, type RevisionRecord } from './editorial.repository.js';
import type { Article } from './models/article.model.js';

/** Where each requirement of a move comes from in transitionArticle's input. */
const TRANSITION_FIELDS: Record<Requirement, string> = {
  COMMENT: 'input.comment',
  FUTURE_PUBLISH_AT: 'input.publishAt',
  COMPLETE_COPY: 'input.id',
  PLACEMENT: 'input.id',
};

const slugTaken = () => badInput([{ field: 'input.slug', message: 'is taken by another article' }]);

/** The staff side of articles: drafting, editing, moving through the workflow, the desk. */
@Injectable()
export class EditorialService {
  constructor(
    private readonly db: TransactionHost,
    private readonly editorial: EditorialRepository,
    private readonly moves: ArticleMoves,
    private readonly sections: SectionsService,
    private readonly authors: AuthorsService,
    private readonly publications: PublicationsService,
    private readonly images: ImagesService,
    private readonly webhooks: WebhookOutbox,
    private readonly liveDesk: DeskAnnouncer,
  ) {}

  availableMoves(viewer: Viewer | null, article: Article, writers: ReadonlySet<string>): ArticleStatus[] {
    if (!viewer) return [];
    const asStaff = workflowViewer(viewer, article.publicationId, writers);
    if (!mayReadOnDesk(asStaff)) return [];
    // A scheduled story whose time has come is published (see transition).
    const status = isDueScheduled(article.status, article.scheduledFor, new Date()) ? 'PUBLISHED' : article.status;
    return allowedMoves(status, asStaff);
  }

  /** An article for staff: NOT_FOUND if there is none, FORBIDDEN outside the viewer's reach. */
  async byId(viewer: Viewer, id: string): Promise<Article> {
    const article = await this.editorial.findById(id);
    if (!article) throw notFound('Article');
    await this.assertReadable(viewer, article);
    return article;
  }

  /** An article in any status with no access check: for a service that checked its own permission (placing it on a page). */
  find(id: string): Promise<Article | null> {
    return this.editorial.findById(id);
  }

  async assertReadable(viewer: Viewer, article: Article): Promise<ReadonlySet<string>> {
    const writers = (await this.editorial.writerUserIds([article.id])).get(article.id) ?? new Set<string>();
    assertMayReadOnDesk(viewer, article, writers);
    return writers;
  }

  async create(viewer: Viewer, input: CreateArticleInput): Promise<Article> {
    assertMay(viewer, 'createArticle', input.publicationId);
    await this.publications.byId(input.publicationId);
    const checked = checkBody(input.bodyHtml);
    const problems = [...checked.problems, ...(await this.checkSection(input.publicationId, input.sectionId)), ...(await this.checkAuthors(input.authorIds))];
    if (problems.length > 0) throw badInput(problems);
    const pictures = await this.images.settle(input.publicationId, input.leadImage, checked.body?.html);
    const body = withSettledFigures(checked.body, pictures) ?? sanitizeBody('');
    const content: ArticleContent = {
      sectionId: input.sectionId,
      headline: input.headline.trim(),
      standfirst: blankToNull(input.standfirst),
      bodyHtml: body.html,
      bodyText: body.text,
      wordCount: body.wordCount,
      authorNote: blankToNull(input.authorNote),
      tags: normalizeTags(input.tags ?? []),
    };
    const now = new Date();
    return insertWithFreeSlug({
      given: input.slug,
      name: content.headline,
      fallback: 'article',
      isTaken: async (slug) => (await this.editorial.slugHolder(input.publicationId, slug)) !== null,
      insert: (slug) =>
        orNullWhenSlugTaken(() =>
          this.db.withTransaction(async () => {
            const id = await this.editorial.insertDraft(
              { ...content, publicationId: input.publicationId, slug, authorIds: input.authorIds, createdById: viewer.id },
              now,
            );
            await this.images.record(id, pictures);
            const created = await this.editorial.writeRevision(id, viewer.id, now);
            await this.liveDesk.announce('CREATED', { articleId: id, publicationId: created.publicationId, version: created.version, at: now });
            return created;
          }),
        ),
      taken: slugTaken,
    });
  }

  async update(viewer: Viewer, id: string, version: number, input: UpdateArticleInput): Promise<Article> {
    const article = await this.editorial.findById(id);
    if (!article) throw notFound('Article');
    const writers = await this.assertReadable(viewer, article);
    if (article.version !== version) throw conflict(article.version);
    if (!mayEdit(article.status, workflowViewer(viewer, article.publicationId, writers))) {
      throw forbidden(`You may not edit an article that is ${article.status}`);
    }
    const checked = checkBody(input.bodyHtml);
    const problems = [
      ...checked.problems,
      ...(input.sectionId != null ? await this.checkSection(article.publicationId, input.sectionId, 'input.sectionId') : []),
      ...(input.authorIds != null ? await this.checkAuthors(input.authorIds, 'input.authorIds') : []),
    ];
    if (problems.length > 0) throw badInput(problems);

    const pictures = await this.images.settle(article.publicationId, input.leadImage, checked.body?.html);
    const body = withSettledFigures(checked.body, pictures);
    const content: ArticleContent = {
      sectionId: input.sectionId ?? article.sectionId,
      headline: input.headline != null ? input.headline.trim() : article.headline,
      standfirst: input.standfirst !== undefined ? blankToNull(input.standfirst) : article.standfirst,
      bodyHtml: body ? body.html : article.bodyHtml!,
      bodyText: body ? body.text : article.bodyText!,
      wordCount: body ? body.wordCount : article.wordCount!,
      authorNote: input.authorNote !== undefined ? blankToNull(input.authorNote) : article.authorNote,
      tags: input.tags != null ? normalizeTags(input.tags) : article.tags,
    };
    // Submitting required a headline, a body and an author; an edit may not take them away.
    const authorCount = input.authorIds != null ? input.authorIds.length : (await this.editorial.authorIdsOf(article.id)).length;
    if (article.status !== 'DRAFT') {
      const emptied = [
        ...(content.bodyText === '' ? [{ field: 'input.bodyHtml', message: 'cannot be emptied once the article is submitted' }] : []),
        ...(authorCount === 0 ? [{ field: 'input.authorIds', message: 'cannot be emptied once the article is submitted' }] : []),
      ];
      if (emptied.length > 0) throw badInput(emptied);
    }
    let newSlug: { value: string; reserved: boolean } | undefined;
    if (input.slug != null && input.slug !== article.slug) {
      const holder = await this.editorial.slugHolder(article.publicationId, input.slug);
      if (holder !== null && holder !== article.id) throw slugTaken();
      // A slug the article had before is its own already.
      newSlug = { value: input.slug, reserved: holder !== null };
    }
    const now = new Date();
    const saved = await orNullWhenSlugTaken(() =>
      this.db.withTransaction(async () => {
        if (!(await this.editorial.saveContent(id, version, { ...content, ...(newSlug ? { slug: newSlug.value } : {}) }, now))) return 'stale' as const;
        if (input.authorIds != null) await this.editorial.replaceByline(id, input.authorIds);
        await this.images.record(id, pictures);
        if (newSlug && !newSlug.reserved) await this.editorial.addSlug(article.publicationId, newSlug.value, id, now);
        const revision = await this.editorial.writeRevision(id, viewer.id, now);
        await this.liveDesk.announce('SAVED', { articleId: id, publicationId: article.publicationId, version: revision.version, at: now });
        // A live story edited: the frontend revalidates it (under its old slug too).
        if (isPublic(article, now)) await this.webhooks.articleUpdated(id, newSlug ? article.slug : null);
        return revision;
      }),
    );
    if (saved === null) throw slugTaken();
    if (saved === 'stale') throw conflict((await this.editorial.findById(id))!.version);
    return saved;
  }

  async transition(viewer: Viewer, input: TransitionArticleInput): Promise<Article> {
    const now = new Date();
    const article = await this.editorial.findById(input.id);
    if (!article) throw notFound('Article');
    const writers = await this.assertReadable(viewer, article);
    const order: MoveOrder = {
      articleId: article.id,
      to: input.to,
      actorId: viewer.id,
      viewer: (locked) => workflowViewer(viewer, locked.publicationId, writers),
      request: async (locked) => ({
        comment: input.comment,
        publishAt: input.publishAt,
        copyComplete:
          input.to === 'SUBMITTED' &&
          locked.headline.trim() !== '' &&
          (locked.bodyText ?? '') !== '' &&
          (await this.editorial.authorIdsOf(locked.id)).length > 0,
      }),
      comment: blankToNull(input.comment),
      fields: TRANSITION_FIELDS,
    };
    if (input.version != null && input.version !== article.version) throw conflict(article.version);
    let seen = article;
    if (input.to !== 'PUBLISHED' && isDueScheduled(article.status, article.scheduledFor, now)) {
      // Its time has come, so the public already reads it: it is published as the scheduler
      // would (for good, whatever becomes of this move), and the move is taken from
      // PUBLISHED: unscheduling or spiking it would make a public story vanish without a
      // retraction. Asked to publish, the viewer's own move publishes it, keeping the
      // scheduled time as its publication time.
      await this.moves.publishIfDue(article.id, now);
      seen = (await this.editorial.findById(article.id))!;
    }
    return this.db.withTransaction(async () => {
      const current = await this.moves.lock(article.id);
      if (current.version !== seen.version) {
        // Someone moved or edited it since the viewer's move was read: if the move is no
        // longer possible say so, otherwise that the article changed.
        if (input.version == null && current.status !== seen.status) await this.moves.check(order, current, now);
        throw conflict(current.version);
      }
      return this.moves.move(order, now);
    });
  }

  async addCorrection(viewer: Viewer, articleId: string, text: string): Promise<Article> {
    const now = new Date();
    const article = await this.editorial.findById(articleId);
    if (!article) throw notFound('Article');
    assertMay(viewer, 'addCorrection', article.publicationId);
    if (!CORRECTABLE_STATUSES.includes(article.status) && !isDueScheduled(article.status, article.scheduledFor, now)) {
      throw badInput([{ field: 'articleId', message: `is ${article.status}: corrections are for articles the public has read` }]);
    }
    const written = await this.db.withTransaction(async () => {
      // A correction changes what the public reads: updatedAt moves, and it is audited.
      if (!(await this.editorial.touch(article.id, article.version, article.status, now))) return false;
      await this.editorial.insertCorrection(article.id, text.trim(), viewer.id, now);
      await this.editorial.insertEvent({
        articleId: article.id,
        from: article.status,
        to: article.status,
        actorId: viewer.id,
        comment: `Correction: ${text.trim()}`,
        version: article.version,
        at: now,
      });
      await this.webhooks.articleUpdated(article.id, null);
      return true;
    });
    if (!written) throw conflict((await this.editorial.findById(articleId))!.version);
    return (await this.editorial.findById(articleId))!;
  }

  /** The publication's articles in any status, most recently updated first. */
  async desk(viewer: Viewer, publicationId: string, args: DeskArgs): Promise<Connection<Article>> {
    assertMay(viewer, 'readDesk', publicationId);
    const writerUserId = !viewer.isAdmin && roleIn(viewer, publicationId) === 'CONTRIBUTOR' ? viewer.id : undefined;
    const listKey = `desk:${publicationId}:${writerUserId ?? ''}:${(args.status ?? []).join(',')}:${args.section ?? ''}`;
    const after = args.after ? decodeCursor(listKey, args.after) : undefined;
    const sectionIds = args.section != null ? await this.sections.subtreeIds(publicationId, args.section) : undefined;
    const rows =
      sectionIds?.length === 0
        ? []
        : await this.editorial.desk({ publicationId, statuses: args.status ?? undefined, sectionIds, writerUserId }, args.first + 1, after);
    return toConnection(rows, args.first, listKey, (a) => ({ at: a.updatedAt, id: a.id }));
  }

  history(articleId: string, last: number): Promise<HistoryEntry[]> {
    return this.editorial.history(articleId, last);
  }

  revisions(articleId: string, first: number, before?: number): Promise<RevisionRecord[]> {
    return this.editorial.revisions(articleId, first, before);
  }

  private async checkSection(publicationId: string, sectionId: string, field = 'input.sectionId'): Promise<FieldProblem[]> {
    const section = await this.sections.byId(sectionId);
    return section?.publicationId === publicationId ? [] : [{ field, message: 'is not a section of this publication' }];
  }

  private async checkAuthors(authorIds: string[], field = 'input.authorIds'): Promise<FieldProblem[]> {
    if (new Set(authorIds).size !== authorIds.length) return [{ field, message: 'lists an author twice' }];
    const found = await this.authors.existingIds(authorIds);
    return authorIds.every((id) => found.has(id)) ? [] : [{ field, message: 'lists an author that does not exist' }];
  }
}

/** The viewer as the workflow table sees them for one article of `publicationId`. */
export function workflowViewer(viewer: Viewer, publicationId: string, writers: ReadonlySet<string>): WorkflowViewer {
  return { role: roleIn(viewer, publicationId), isAdmin: viewer.isAdmin, isWriter: writers.has(viewer.id) };
}

/** FORBIDDEN unless the viewer may see the article on the desk side (staff fields). */
export function assertMayReadOnDesk(viewer: Viewer, article: Pick<Article, 'publicationId'>, writers: ReadonlySet<string>): void {
  if (!mayReadOnDesk(workflowViewer(viewer, article.publicationId, writers))) {
    throw forbidden(viewer.roles.has(article.publicationId) ? 'You may see only your own articles' : 'You are not a member of this publication');
  }
}

/** The write's result, or null when a slug it wrote was taken meanwhile (the transaction rolled back). */
async function orNullWhenSlugTaken<T>(write: () => Promise<T>): Promise<T | null> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ArticleSlugTaken) return null;
    throw error;
  }
}

/** Problems of a body as sent; its sanitised form when there are none. */
function checkBody(html: string | null | undefined): { problems: FieldProblem[]; body?: ArticleBody } {
  if (html == null) return { problems: [] };
  const refuse = (message: string) => ({ problems: [{ field: 'input.bodyHtml', message }] });
  if (countTags(html) > MAX_BODY_TAGS) return refuse(`has more than ${MAX_BODY_TAGS} tags`);
  // Saving less than the writer sent, without saying so, would lose their words.
  const swallowing = swallowingElement(html);
  if (swallowing) return refuse(`has an unclosed ${swallowing} that would swallow the text after it: close or remove it`);
  const body = sanitizeBody(html);
  const lost = lostText(html, body.text);
  if (lost !== null) return refuse(`has broken markup (an unclosed tag, quote or comment?) that would lose the text from “${lost}”: fix or escape it`);
  return { problems: [], body };
}

/** The body with its figures settled (a figure naming no picture of the publication made plain), its text derived anew. */
function withSettledFigures(body: ArticleBody | undefined, pictures: SettledPictures): ArticleBody | undefined {
  if (!body || pictures.bodyHtml === undefined || pictures.bodyHtml === body.html) return body;
  return sanitizeBody(pictures.bodyHtml);
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
