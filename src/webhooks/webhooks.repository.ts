import { Injectable } from '@nestjs/common';
import type { KeysetPosition } from '../common/pagination/cursor.js';
import { TransactionHost } from '../database/transactions.js';
import { Prisma } from '../generated/prisma/client.js';
import type { DeliveryStatus, Webhook, WebhookDelivery } from './models/webhook.model.js';
import type { WebhookEvent } from './webhook-events.js';

const WEBHOOK = { id: true, publicationId: true, url: true, events: true, active: true, createdAt: true, updatedAt: true } as const;

/** A delivery claimed for one attempt, with what the attempt sends. */
export interface ClaimedDelivery {
  id: string;
  attempts: number;
  retryFrom: Date;
  url: string;
  secret: string;
  active: boolean;
  payload: string;
}

interface DeliveryRow extends Omit<WebhookDelivery, 'event' | 'status'> {
  event: WebhookEvent;
  status: DeliveryStatus;
}

const DELIVERY_COLUMNS = Prisma.sql`d.id, d.webhook_id AS "webhookId", e.type::text AS event, d.status::text AS status, d.attempts,
  d.last_response_code AS "lastResponseCode", d.last_error AS "lastError", d.next_attempt_at AS "nextAttemptAt",
  d.delivered_at AS "deliveredAt", d.created_at AS "createdAt"`;

@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: TransactionHost) {}

  async create(data: { publicationId: string; url: string; events: WebhookEvent[]; active: boolean; secret: string; createdById: string }): Promise<Webhook> {
    return this.db.tx.webhook.create({ data, select: WEBHOOK });
  }

  async update(id: string, data: { url?: string; events?: WebhookEvent[]; active?: boolean }): Promise<Webhook> {
    return this.db.tx.webhook.update({ where: { id }, data: { ...data, updatedAt: new Date() }, select: WEBHOOK });
  }

  async delete(id: string): Promise<void> {
    await this.db.tx.webhook.delete({ where: { id } });
  }

  async findById(id: string): Promise<Webhook | null> {
    return this.db.tx.webhook.findUnique({ where: { id }, select: WEBHOOK });
  }

  async ofPublication(publicationId: string): Promise<Webhook[]> {
    return this.db.tx.webhook.findMany({ where: { publicationId }, select: WEBHOOK, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 100 });
  }

  /** A webhook's deliveries, newest first. */
  async deliveries(webhookId: string, limit: number, after?: KeysetPosition): Promise<DeliveryRow[]> {
    return this.db.tx.$queryRaw<DeliveryRow[]>`
      SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id
      WHERE d.webhook_id = ${webhookId}::uuid
        ${after ? Prisma.sql`AND (d.created_at, d.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : Prisma.empty}
      ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit}`;
  }

  async delivery(id: string): Promise<(DeliveryRow & { publicationId: string }) | null> {
    const [row] = await this.db.tx.$queryRaw<(DeliveryRow & { publicationId: string })[]>`
      SELECT ${DELIVERY_COLUMNS}, e.publication_id AS "publicationId" FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id
      WHERE d.id = ${id}::uuid`;
    return row ?? null;
  }

  /**
   * Takes the delivery for one attempt if it is pending, due, and no other attempt holds it
   * (the lease lapses if that attempt's worker died). Counts the attempt.
   */
  async claim(id: string, leaseSeconds: number): Promise<ClaimedDelivery | null> {
    const [row] = await this.db.tx.$queryRaw<ClaimedDelivery[]>`
      UPDATE webhook_deliveries d SET attempts = d.attempts + 1, attempt_until = now() + make_interval(secs => ${leaseSeconds})
      FROM webhooks w, outbox_events e
      WHERE d.id = ${id}::uuid AND w.id = d.webhook_id AND e.id = d.event_id
        AND d.status = 'PENDING' AND d.next_attempt_at <= now() AND (d.attempt_until IS NULL OR d.attempt_until < now())
      RETURNING d.id, d.attempts, d.retry_from AS "retryFrom", w.url, w.secret, w.active, e.payload`;
    return row ?? null;
  }

  // The outcome of an attempt is written only if no redelivery was asked for meanwhile
  // (retry_from still the claimed one): the redelivery's own attempt decides then.

  async delivered(delivery: ClaimedDelivery, responseCode: number): Promise<void> {
    await this.db.tx.$executeRaw`
      UPDATE webhook_deliveries SET status = 'DELIVERED', last_response_code = ${responseCode}, last_error = NULL,
        next_attempt_at = NULL, attempt_until = NULL, delivered_at = now()
      WHERE id = ${delivery.id}::uuid AND retry_from = ${delivery.retryFrom}`;
  }

  /** The attempt failed: another at `nextAttemptAt`, or none (null): FAILED. */
  async attemptFailed(delivery: ClaimedDelivery, responseCode: number | null, error: string, nextAttemptAt: Date | null): Promise<void> {
    await this.db.tx.$executeRaw`
      UPDATE webhook_deliveries SET last_response_code = ${responseCode}, last_error = ${error.slice(0, 500)}, attempt_until = NULL,
        next_attempt_at = ${nextAttemptAt}, status = ${nextAttemptAt ? 'PENDING' : 'FAILED'}::delivery_status
      WHERE id = ${delivery.id}::uuid AND retry_from = ${delivery.retryFrom}`;
  }

  /** Gives the delivery back after an attempt that could not finish (its outcome unknown): due again now. */
  async release(id: string): Promise<void> {
    await this.db.tx.$executeRaw`UPDATE webhook_deliveries SET attempt_until = NULL WHERE id = ${id}::uuid`;
  }

  /** Pending again, due now, with a new day of retries; returns until when an attempt under way holds it, if one does. */
  async redeliver(id: string): Promise<Date | null> {
    const [row] = await this.db.tx.$queryRaw<{ heldUntil: Date | null }[]>`
      UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = now(), retry_from = clock_timestamp(), delivered_at = NULL
      WHERE id = ${id}::uuid
      RETURNING CASE WHEN attempt_until > now() THEN attempt_until END AS "heldUntil"`;
    return row?.heldUntil ?? null;
  }

  /** Pending deliveries overdue by `graceSeconds` with no attempt under way: their job was lost. */
  async overdue(graceSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.db.tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM webhook_deliveries
      WHERE status = 'PENDING' AND next_attempt_at <= now() - make_interval(secs => ${graceSeconds}) AND (attempt_until IS NULL OR attempt_until < now())
      ORDER BY next_attempt_at LIMIT ${limit}`;
    return rows.map((row) => row.id);
  }
}
