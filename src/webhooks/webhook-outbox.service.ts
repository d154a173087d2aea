import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PUBLIC_STATUSES, type ArticleStatus } from '../articles/domain/article-workflow.js';
import { QUEUES } from '../jobs/job-queue.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { OutboxRepository, type ArticleFacts } from './outbox.repository.js';
import { dottedName, type WebhookEvent } from './webhook-events.js';

/**
 * The events a workflow move reports to webhooks. `wasPublic`: the public could read the story
 * before the move. A story printed before it was online goes online with its edition: it is
 * published as well as printed.
 */
export function eventsOfMove(to: ArticleStatus, wasPublic: boolean): WebhookEvent[] {
  if (to === 'PRINTED') return wasPublic ? ['ARTICLE_PRINTED'] : ['ARTICLE_PUBLISHED', 'ARTICLE_PRINTED'];
  if (to === 'PUBLISHED') return ['ARTICLE_PUBLISHED'];
  if (wasPublic && (to === 'RETRACTED' || !PUBLIC_STATUSES.includes(to))) return ['ARTICLE_UNPUBLISHED'];
  return [];
}

/**
 * What webhooks are told, written to the outbox in the transaction of the change it reports
 * (callers are inside one): the event with its payload, a delivery for each webhook that
 * wants it, and a job of the queue for each delivery. A change that rolls back leaves none
 * of them; one that commits has them all, whatever happens to this process next.
 *
 * Payloads carry what a frontend needs to revalidate: the publication, the slugs (current,
 * the one just left, all former ones), the sections, and the surrogate keys of the response
 * cache (the Surrogate-Key header's values) that the change makes stale.
 */
@Injectable()
export class WebhookOutbox {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queue: JobQueue,
  ) {}

  async articleMoved(articleId: string, to: ArticleStatus, wasPublic: boolean): Promise<void> {
    for (const event of eventsOfMove(to, wasPublic)) await this.article(event, articleId, null);
  }

  /** A public story edited (its slug maybe changed: `previousSlug`) or corrected. */
  async articleUpdated(articleId: string, previousSlug: string | null): Promise<void> {
    await this.article('ARTICLE_UPDATED', articleId, previousSlug);
  }

  async editionPrinted(editionId: string): Promise<void> {
    const edition = await this.outbox.edition(editionId);
    const publication = edition && (await this.outbox.publication(edition.publicationId));
    if (!edition || !publication) return;
    await this.record(publication.id, 'EDITION_PRINTED', {
      publication,
      edition: { id: edition.id, date: edition.date.toISOString().slice(0, 10), name: edition.name },
      articles: edition.articles,
      surrogateKeys: [`editions:${publication.id}`, `list:${publication.id}`, ...edition.articles.map((a) => `article:${a.id}`)],
    });
  }

  async sectionUpdated(sectionId: string, previousSlug: string | null): Promise<void> {
    const section = await this.outbox.section(sectionId);
    const publication = section && (await this.outbox.publication(section.publicationId));
    if (!section || !publication) return;
    await this.record(publication.id, 'SECTION_UPDATED', {
      publication,
      section: { id: section.id, slug: section.slug, previousSlug: changed(previousSlug, section.slug), name: section.name, parentId: section.parentId },
      surrogateKeys: [`sections:${publication.id}`, `list:${publication.id}`],
    });
  }

  /** Authors write for the whole group: every publication's webhooks may want it. */
  async authorUpdated(authorId: string, previousSlug: string | null): Promise<void> {
    const author = await this.outbox.author(authorId);
    if (!author) return;
    for (const publication of await this.outbox.publications()) {
      await this.record(publication.id, 'AUTHOR_UPDATED', {
        publication,
        author: { id: author.id, slug: author.slug, previousSlug: changed(previousSlug, author.slug), name: author.name },
        surrogateKeys: [`author:${author.id}`, 'authors'],
      });
    }
  }

  private async article(event: WebhookEvent, articleId: string, previousSlug: string | null): Promise<void> {
    const article = await this.outbox.article(articleId);
    if (!article) return;
    const publicationId = article.publication.id;
    await this.record(publicationId, event, {
      publication: article.publication,
      article: articlePayload(article, previousSlug),
      sections: article.sections,
      surrogateKeys: [`article:${article.id}`, `list:${publicationId}`, `search:${publicationId}`],
    });
  }

  private async record(publicationId: string, event: WebhookEvent, data: object): Promise<void> {
    const at = new Date();
    // The body every delivery of the event sends, byte for byte (the signature covers it).
    const payload = JSON.stringify({ type: dottedName(event), timestamp: at.toISOString(), data });
    const deliveries = await this.outbox.insertEvent(publicationId, event, payload, randomUUID(), at);
    for (const deliveryId of deliveries) await this.queue.enqueue(QUEUES.deliverWebhook, { deliveryId });
  }
}

function articlePayload(article: ArticleFacts, previousSlug: string | null) {
  return {
    id: article.id,
    slug: article.slug,
    previousSlug: changed(previousSlug, article.slug),
    formerSlugs: article.formerSlugs,
    headline: article.headline,
    status: article.status,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    updatedAt: article.updatedAt.toISOString(),
  };
}

const changed = (previous: string | null, current: string) => (previous !== null && previous !== current ? previous : null);
