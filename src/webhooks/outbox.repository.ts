import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transactions.js';
import type { WebhookEvent } from './webhook-events.js';

export interface ArticleFacts {
  id: string;
  publication: { id: string; slug: string };
  slug: string;
  /** Every slug the article had before its current one (old links to revalidate). */
  formerSlugs: string[];
  headline: string;
  status: string;
  publishedAt: Date | null;
  updatedAt: Date;
  /** Its section and the sections above it, nearest first. */
  sections: { id: string; slug: string }[];
}

/**
 * The outbox's statements, run in the caller's transaction: an event, its deliveries to
 * every active webhook of the publication that wants it, and what payloads say.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: TransactionHost) {}

  /**
   * Writes the event and a pending delivery for each webhook that wants it; returns the
   * deliveries' ids. Due at the database's now(), the clock their jobs and claims go by.
   */
  async insertEvent(publicationId: string, type: WebhookEvent, payload: string, id: string, at: Date): Promise<string[]> {
    const rows = await this.db.tx.$queryRaw<{ id: string }[]>`
      WITH event AS (
        INSERT INTO outbox_events (id, publication_id, type, payload, created_at)
        VALUES (${id}::uuid, ${publicationId}::uuid, ${type}::webhook_event_type, ${payload}, ${at})
        RETURNING id, publication_id, type
      )
      INSERT INTO webhook_deliveries (id, webhook_id, event_id, status, next_attempt_at, retry_from, created_at)
      SELECT gen_random_uuid(), w.id, event.id, 'PENDING', now(), now(), ${at}
      FROM event JOIN webhooks w ON w.publication_id = event.publication_id AND w.active AND event.type = ANY(w.events)
      RETURNING id`;
    return rows.map((row) => row.id);
  }

  async article(articleId: string): Promise<ArticleFacts | null> {
    const [row] = await this.db.tx.$queryRaw<(Omit<ArticleFacts, 'publication'> & { publicationId: string; publicationSlug: string })[]>`
      WITH RECURSIVE tree AS (
        SELECT s.id, s.slug, s.parent_id, 0 AS depth FROM sections s JOIN articles a ON a.section_id = s.id WHERE a.id = ${articleId}::uuid
        UNION ALL
        SELECT p.id, p.slug, p.parent_id, tree.depth + 1 FROM sections p JOIN tree ON p.id = tree.parent_id WHERE tree.depth < 20
      )
      SELECT a.id, a.slug, a.headline, a.status::text AS status, a.published_at AS "publishedAt", a.updated_at AS "updatedAt",
        p.id AS "publicationId", p.slug AS "publicationSlug",
        ARRAY(SELECT s.slug FROM article_slugs s WHERE s.article_id = a.id AND s.slug <> a.slug ORDER BY s.created_at) AS "formerSlugs",
        (SELECT coalesce(json_agg(json_build_object('id', t.id, 'slug', t.slug) ORDER BY t.depth), '[]') FROM tree t) AS sections
      FROM articles a JOIN publications p ON p.id = a.publication_id WHERE a.id = ${articleId}::uuid`;
    if (!row) return null;
    const { publicationId, publicationSlug, ...article } = row;
    return { ...article, publication: { id: publicationId, slug: publicationSlug } };
  }

  async publication(id: string): Promise<{ id: string; slug: string } | null> {
    return this.db.tx.publication.findUnique({ where: { id }, select: { id: true, slug: true } });
  }

  async edition(id: string): Promise<{ id: string; publicationId: string; date: Date; name: string; articles: { id: string; slug: string }[] } | null> {
    const edition = await this.db.tx.printEdition.findUnique({
      where: { id },
      select: { id: true, publicationId: true, date: true, name: true, placements: { select: { article: { select: { id: true, slug: true } } } } },
    });
    if (!edition) return null;
    const { placements, ...rest } = edition;
    return { ...rest, articles: placements.map((placement) => placement.article) };
  }

  async section(id: string): Promise<{ id: string; publicationId: string; slug: string; name: string; parentId: string | null } | null> {
    return this.db.tx.section.findUnique({ where: { id }, select: { id: true, publicationId: true, slug: true, name: true, parentId: true } });
  }

  async author(id: string): Promise<{ id: string; slug: string; name: string } | null> {
    return this.db.tx.author.findUnique({ where: { id }, select: { id: true, slug: true, name: true } });
  }

  /** Authors write for the whole group: every publication. */
  async publications(): Promise<{ id: string; slug: string }[]> {
    return this.db.tx.publication.findMany({ select: { id: true, slug: true }, orderBy: { slug: 'asc' } });
  }
}
