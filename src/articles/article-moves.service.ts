import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import { badInput, conflict, notFound } from '../common/errors/domain-error.js';
import {
  MissingRequirements,
  assertCanMove,
  effectsOf,
  findMove,
  isDueScheduled,
  mayTake,
  type ArticleStatus,
  type MoveRequest,
  type Requirement,
  type WorkflowViewer,
} from './domain/article-workflow.js';
import { EditorialRepository } from './editorial.repository.js';
import { DeskAnnouncer } from '../desk/desk-announcer.js';
import { Metrics } from '../metrics/metrics.service.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { QUEUES } from '../jobs/job-queue.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.service.js';
import { isPublic } from './domain/article-access.js';
import type { Article } from './models/article.model.js';

/** One workflow move, as whoever makes it asks for it. */
export interface MoveOrder {
  articleId: string;
  to: ArticleStatus;
  /** The member of staff making the move; null for the scheduler. */
  actorId: string | null;
  /** How the mover stands to the article as it is now (their role, whether they wrote it). */
  viewer: (article: Article) => WorkflowViewer;
  /** What the move's requirements are checked against (a comment, a publish time, the copy). */
  request?: (article: Article) => Omit<MoveRequest, 'now'> | Promise<Omit<MoveRequest, 'now'>>;
  /** Refuse with CONFLICT unless the article is still at this version. */
  expectedVersion?: number;
  /** Taken only by printing an edition. */
  viaEdition?: boolean;
  /** The event's comment. */
  comment?: string | null;
  /** The input each requirement comes from, for the refusal's `fields`. */
  fields?: Partial<Record<Requirement, string>>;
}

const SCHEDULER: WorkflowViewer = { role: null, isAdmin: false, isWriter: false, isScheduler: true };

/**
 * The one implementation of a workflow move, for an editor's transition, the scheduler and
 * printing alike: in the caller's transaction (or one of its own), the article is locked, the
 * move checked against the workflow table, its effects taken from the domain, and the new
 * status, version, revision and event written together.
 */
@Injectable()
export class ArticleMoves {
  constructor(
    private readonly db: TransactionHost,
    private readonly editorial: EditorialRepository,
    private readonly metrics: Metrics,
    private readonly queue: JobQueue,
    private readonly webhooks: WebhookOutbox,
    private readonly liveDesk: DeskAnnouncer,
  ) {
    // The workflow table must let the scheduler publish; fail at boot, not at 3 a.m.
    const move = findMove('SCHEDULED', 'PUBLISHED');
    if (!move || !mayTake(move, SCHEDULER)) throw new Error('The workflow table does not let the scheduler publish SCHEDULED articles');
  }

  /** Locks the article for the rest of the transaction; NOT_FOUND if there is none. */
  async lock(articleId: string): Promise<Article> {
    const article = await this.editorial.lock(articleId);
    if (!article) throw notFound('Article');
    return article;
  }

  async move(order: MoveOrder, now = new Date()): Promise<Article> {
    return this.db.withTransaction(async () => {
      const article = await this.lock(order.articleId);
      if (order.expectedVersion !== undefined && article.version !== order.expectedVersion) throw conflict(article.version);
      const request = await this.check(order, article, now);
      const effects = effectsOf(article, order.to, request, now);
      await this.editorial.applyMove(article.id, article.status, effects, now);
      if (order.to === 'SCHEDULED' || article.status === 'SCHEDULED') await this.queuePublication(article.id, order.to, effects.scheduledFor ?? null);
      const moved = await this.editorial.writeRevision(article.id, order.actorId, now);
      await this.editorial.insertEvent({
        articleId: article.id,
        from: article.status,
        to: order.to,
        actorId: order.actorId,
        comment: order.comment ?? null,
        version: moved.version,
        at: now,
      });
      await this.liveDesk.announce('MOVED', { articleId: article.id, publicationId: article.publicationId, version: moved.version, at: now });
      await this.webhooks.articleMoved(article.id, order.to, isPublic(article, now));
      this.metrics.move(article.status, order.to);
      return moved;
    });
  }

  /**
   * Checks the move against the workflow table for the article as it is: INVALID_TRANSITION,
   * FORBIDDEN, or BAD_USER_INPUT naming the inputs it lacks. Returns what it was checked against.
   */
  async check(order: MoveOrder, article: Article, now: Date): Promise<MoveRequest> {
    const request = { ...(await order.request?.(article)), now };
    try {
      assertCanMove(article.status, order.to, order.viewer(article), request, { viaEdition: order.viaEdition });
    } catch (error) {
      if (!(error instanceof MissingRequirements)) throw error;
      throw badInput(error.missing.map((m) => ({ field: order.fields?.[m.requirement] ?? m.requirement, message: m.message })));
    }
    return request;
  }

  /**
   * Publishes the article as the scheduler would if it is SCHEDULED and due (the public
   * already reads it); returns whether it did.
   */
  async publishIfDue(articleId: string, now = new Date()): Promise<boolean> {
    return this.db.withTransaction(async () => {
      const article = await this.lock(articleId);
      if (!isDueScheduled(article.status, article.scheduledFor, now)) return false;
      await this.move({ articleId, to: 'PUBLISHED', actorId: null, viewer: () => SCHEDULER, comment: 'Published on schedule' }, now);
      return true;
    });
  }

  /**
   * The job that publishes a SCHEDULED article at its time, queued in the move's transaction;
   * leaving SCHEDULED cancels it. (Leaving for PUBLISHED does not: that may be the job itself,
   * still running, and a job that finds its article no longer scheduled does nothing.)
   */
  private async queuePublication(articleId: string, to: ArticleStatus, publishAt: Date | null): Promise<void> {
    const jobId =
      to === 'SCHEDULED' && publishAt ? await this.queue.enqueue(QUEUES.publishScheduled, { articleId, publishAt }, { startAfter: publishAt }) : null;
    const previous = await this.editorial.swapPublishJob(articleId, jobId);
    if (previous && to !== 'PUBLISHED') await this.queue.cancel(QUEUES.publishScheduled, previous);
  }

  /**
   * The publish job's work: publishes the article if it is still SCHEDULED for `publishAt`
   * (rescheduled, unscheduled or already published: nothing to do). Published once whichever
   * instance runs it: the article is locked and its status checked under the lock.
   */
  async publishScheduled(articleId: string, publishAt: Date): Promise<boolean> {
    return this.db.withTransaction(async () => {
      const article = await this.editorial.lock(articleId);
      if (!article || article.status !== 'SCHEDULED' || article.scheduledFor?.getTime() !== publishAt.getTime()) return false;
      // The queue ran it by the database's clock: never let this process's clock say it is not yet due.
      const now = new Date();
      const at = new Date(Math.max(now.getTime(), publishAt.getTime()));
      await this.move({ articleId, to: 'PUBLISHED', actorId: null, viewer: () => SCHEDULER, comment: 'Published on schedule' }, at);
      this.metrics.scheduledPublished((now.getTime() - publishAt.getTime()) / 1000);
      return true;
    });
  }

  /** Queues the publish job of up to `limit` SCHEDULED articles that have none (scheduled before the queue existed); returns how many. */
  async queueUnqueued(limit: number): Promise<number> {
    return this.db.withTransaction(async () => {
      const unqueued = await this.editorial.claimUnqueuedScheduled(limit);
      for (const { id, scheduledFor } of unqueued) await this.queuePublication(id, 'SCHEDULED', scheduledFor);
      return unqueued.length;
    });
  }

  /** Publishes up to `limit` due SCHEDULED articles, each exactly once whichever instance runs this; returns their ids. */
  async publishDue(limit: number, now = new Date()): Promise<string[]> {
    return this.db.withTransaction(async () => {
      const due = await this.editorial.claimDue(limit);
      for (const { id, scheduledFor } of due) {
        // Due by the database's clock: never let this process's clock say it is not yet.
        const at = new Date(Math.max(now.getTime(), scheduledFor.getTime()));
        await this.move({ articleId: id, to: 'PUBLISHED', actorId: null, viewer: () => SCHEDULER, comment: 'Published on schedule' }, at);
        this.metrics.scheduledPublished((now.getTime() - scheduledFor.getTime()) / 1000);
      }
      return due.map((article) => article.id);
    });
  }
}
