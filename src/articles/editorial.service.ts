import { Injectable } from '@nestjs/common';
import { assertMay, roleIn, type Viewer } from '../auth/viewer.js';
import { badInput, conflict, forbidden, notFound, type FieldProblem } from '../common/errors/domain-error.js';
import { decodeCursor } from '../common/pagination/cursor.js';
import { toConnection, type Connection } from '../common/pagination/connection.js';
import { uniqueSlug } from '../common/slug.js';
import { PublicationsRepository } from '../publications/publications.repository.js';
import { SectionsService } from '../sections/sections.service.js';
import { mayReadOnDesk } from './domain/article-access.js';
import { MAX_BODY_TAGS, countTags, sanitizeBody, swallowingElement } from './domain/article-body.js';
import { normalizeTags } from './domain/article-tags.js';
import {
  CORRECTABLE_STATUSES,
  allowedMoves,
  assertCanMove,
  isDueScheduled,
  mayEdit,
  type ArticleStatus,
  type WorkflowViewer,
} from './domain/article-workflow.js';
import type { CreateArticleInput, DeskArgs, TransitionArticleInput, UpdateArticleInput } from './dto/article.inputs.js';
import { EditorialRepository, StaleWrite, type ArticleContent, type StatusChange } from './editorial.repository.js';
import type { Article } from './models/article.model.js';

/** The staff side of articles: drafting, editing, moving through the workflow, the desk. */
@Injectable()
export class EditorialService {
  constructor(
    private readonly editorial: EditorialRepository,
    private readonly sections: SectionsService,
    private readonly publications: PublicationsRepository,
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

  async assertReadable(viewer: Viewer, article: Article): Promise<ReadonlySet<string>> {
    const writers = (await this.editorial.writerUserIds([article.id])).get(article.id) ?? new Set<string>();
    assertMayReadOnDesk(viewer, article, writers);
    return writers;
  }

  async create(viewer: Viewer, input: CreateArticleInput): Promise<Article> {
    assertMay(viewer, 'createArticle', input.publicationId);
    if (!(await this.publications.findById(input.publicationId))) throw notFound('Publication');
    const problems = [
      ...checkBody(input.bodyHtml),
      ...(await this.checkSection(input.publicationId, input.sectionId)),
      ...(await this.checkAuthors(input.authorIds)),
    ];
    if (problems.length > 0) throw badInput(problems);
    const body = sanitizeBody(input.bodyHtml ?? '');
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
    for (let attempt = 0; attempt < 5; attempt++) {
      const slug = input.slug
        ? await this.freeSlug(input.publicationId, input.slug)
        : await uniqueSlug(content.headline, async (s) => (await this.editorial.slugHolder(input.publicationId, s)) !== null, 'article');
      const created = await this.editorial.createDraft(
        { ...content, publicationId: input.publicationId, slug, authorIds: input.authorIds, createdById: viewer.id },
        now,
      );
      if (created) return created;
      // Another article took the slug between the check and the insert.
      if (input.slug) throw badInput([{ field: 'input.slug', message: 'is taken by another article' }]);
    }
    throw badInput([{ field: 'input.slug', message: 'could not be made unique; give one' }]);
  }

  async update(viewer: Viewer, id: string, version: number, input: UpdateArticleInput): Promise<Article> {
    const article = await this.editorial.findById(id);
    if (!article) throw notFound('Article');
    const writers = await this.assertReadable(viewer, article);
    if (article.version !== version) throw conflict(article.version);
    if (!mayEdit(article.status, workflowViewer(viewer, article.publicationId, writers))) {
      throw forbidden(`You may not edit an article that is ${article.status}`);
    }
    const problems = [
      ...checkBody(input.bodyHtml),
      ...(input.sectionId != null ? await this.checkSection(article.publicationId, input.sectionId, 'input.sectionId') : []),
      ...(input.authorIds != null ? await this.checkAuthors(input.authorIds, 'input.authorIds') : []),
    ];
    if (problems.length > 0) throw badInput(problems);

    const body = input.bodyHtml != null ? sanitizeBody(input.bodyHtml) : undefined;
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
    let slug: { publicationId: string; value: string; isNew: boolean } | undefined;
    if (input.slug != null && input.slug !== article.slug) {
      const holder = await this.editorial.slugHolder(article.publicationId, input.slug);
      if (holder !== null && holder !== article.id) throw badInput([{ field: 'input.slug', message: 'is taken by another article' }]);
      slug = { publicationId: article.publicationId, value: input.slug, isNew: holder === null };
    }
    try {
      return await this.editorial.saveContent(id, version, { content, authorIds: input.authorIds ?? undefined, slug }, viewer.id, new Date());
    } catch (error) {
      if (error instanceof StaleWrite) throw conflict((await this.editorial.findById(id))!.version);
      throw error;
    }
  }

  async transition(viewer: Viewer, input: TransitionArticleInput): Promise<Article> {
    const now = new Date();
    let article = await this.editorial.findById(input.id);
    if (!article) throw notFound('Article');
    const writers = await this.assertReadable(viewer, article);
    if (input.version != null && input.version !== article.version) throw conflict(article.version);
    if (isDueScheduled(article.status, article.scheduledFor, now) && input.to !== 'PUBLISHED') {
      // Its time has come, so the public already reads it: publish it as the scheduler
      // would, and take the move from PUBLISHED (unscheduling or spiking it would make a
      // public story vanish without a retraction). Asked to publish, the viewer's own
      // move publishes it (keeping the scheduled time as its publication time).
      await this.editorial.publishDue(1, 'Published on schedule', article.id);
      article = (await this.editorial.findById(article.id))!;
    }
    const asStaff = workflowViewer(viewer, article.publicationId, writers);
    const authorIds = input.to === 'SUBMITTED' ? await this.editorial.authorIdsOf(article.id) : [];
    const request = {
      comment: input.comment,
      publishAt: input.publishAt,
      now,
      copyComplete: article.headline.trim() !== '' && (article.bodyText ?? '') !== '' && authorIds.length > 0,
    };
    assertCanMove(article.status, input.to, asStaff, request);
    try {
      return await this.editorial.applyMove({
        id: article.id,
        guard: { from: article.status, version: article.version },
        change: statusChange(article, input.to, request, now),
        event: { from: article.status, to: input.to, comment: blankToNull(input.comment) },
        actorId: viewer.id,
        now,
      });
    } catch (error) {
      if (!(error instanceof StaleWrite)) throw error;
      // Someone else moved or edited it first: say what the move is now.
      const current = (await this.editorial.findById(article.id))!;
      if (input.version == null && current.status !== article.status) {
        assertCanMove(current.status, input.to, workflowViewer(viewer, current.publicationId, writers), request);
      }
      throw conflict(current.version);
    }
  }

  async addCorrection(viewer: Viewer, articleId: string, text: string): Promise<Article> {
    const now = new Date();
    const article = await this.editorial.findById(articleId);
    if (!article) throw notFound('Article');
    assertMay(viewer, 'addCorrection', article.publicationId);
    if (!CORRECTABLE_STATUSES.includes(article.status) && !isDueScheduled(article.status, article.scheduledFor, now)) {
      throw badInput([{ field: 'articleId', message: `is ${article.status}: corrections are for articles the public has read` }]);
    }
    try {
      await this.editorial.addCorrection(article, text.trim(), viewer.id, now);
    } catch (error) {
      if (error instanceof StaleWrite) throw conflict((await this.editorial.findById(articleId))!.version);
      throw error;
    }
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

  private async freeSlug(publicationId: string, slug: string): Promise<string> {
    if ((await this.editorial.slugHolder(publicationId, slug)) !== null) {
      throw badInput([{ field: 'input.slug', message: 'is taken by another article' }]);
    }
    return slug;
  }

  private async checkSection(publicationId: string, sectionId: string, field = 'input.sectionId'): Promise<FieldProblem[]> {
    const section = await this.sections.byId(sectionId);
    return section?.publicationId === publicationId ? [] : [{ field, message: 'is not a section of this publication' }];
  }

  private async checkAuthors(authorIds: string[], field = 'input.authorIds'): Promise<FieldProblem[]> {
    if (new Set(authorIds).size !== authorIds.length) return [{ field, message: 'lists an author twice' }];
    const found = await this.editorial.existingAuthorIds(authorIds);
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

/** The columns a move changes besides the status (its timestamps). */
export function statusChange(
  article: Pick<Article, 'status' | 'publishedAt' | 'scheduledFor'>,
  to: ArticleStatus, request: { comment?: string | null; publishAt?: Date | null }, now: Date): StatusChange {
  const wasScheduled = article.status === 'SCHEDULED';
  switch (to) {
    case 'SUBMITTED':
      return { status: to, submittedAt: now };
    case 'APPROVED':
      return wasScheduled ? { status: to, scheduledFor: null, publishedAt: null } : { status: to, approvedAt: now };
    case 'SCHEDULED':
      // publishedAt carries the time the story goes public: from then on it is listed.
      return { status: to, scheduledFor: request.publishAt!, publishedAt: request.publishAt! };
    case 'PUBLISHED':
      if (article.status === 'RETRACTED') return { status: to, retractedAt: null, retractionReason: null };
      // A scheduled story whose time has passed has been public since then.
      if (wasScheduled && article.scheduledFor && article.scheduledFor <= now) return { status: to, scheduledFor: null };
      return { status: to, publishedAt: now, scheduledFor: null };
    case 'RETRACTED':
      return { status: to, retractedAt: now, retractionReason: request.comment!.trim() };
    case 'SPIKED':
      return wasScheduled ? { status: to, scheduledFor: null, publishedAt: null } : { status: to };
    case 'PRINTED':
      // Printing puts online at once whatever was not online yet.
      return { status: to, printedAt: now, scheduledFor: null, ...(article.publishedAt ? {} : { publishedAt: now }) };
    case 'DRAFT':
    case 'EDITED':
      return { status: to };
  }
}

function checkBody(html: string | null | undefined): FieldProblem[] {
  if (html == null) return [];
  if (countTags(html) > MAX_BODY_TAGS) return [{ field: 'input.bodyHtml', message: `has more than ${MAX_BODY_TAGS} tags` }];
  // Saving less than the writer sent, without saying so, would lose their words.
  const swallowing = swallowingElement(html);
  return swallowing
    ? [{ field: 'input.bodyHtml', message: `has an unclosed ${swallowing} that would swallow the text after it: close or remove it` }]
    : [];
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
