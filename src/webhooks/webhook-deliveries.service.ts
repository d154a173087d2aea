import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { INTEGRATION_OPTIONS, type IntegrationOptions } from '../config/app-options.js';
import { TransactionHost } from '../database/transactions.js';
import { QUEUES } from '../jobs/job-queue.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { guardedLookup, hostOf, isPublicAddress } from './webhook-targets.js';
import { signedHeaders } from './webhook-signing.js';
import { WebhooksRepository, type ClaimedDelivery } from './webhooks.repository.js';
import { isIP } from 'node:net';

/** A receiver has this long to answer an attempt. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/** An attempt holds its delivery this long at most (a dead worker's lease lapses after it). */
const LEASE_SECONDS = 30;
/** Retries stop this long after the first attempt (or a redelivery): the delivery FAILED. */
const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** What is read of a receiver's answer (only its status matters). */
const MAX_ANSWER_BYTES = 64 * 1024;

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/**
 * One attempt of one delivery, as a job of the queue: claimed (so two instances never send
 * it at once), signed, POSTed; then delivered, or retried later with exponential backoff
 * from WEBHOOK_RETRY_BASE_SECONDS for a day, or failed. Every attempt of a delivery carries
 * the same `webhook-id`, so a receiver can drop one it has seen.
 */
@Injectable()
export class WebhookDeliveries {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly db: TransactionHost,
    private readonly webhooks: WebhooksRepository,
    private readonly queue: JobQueue,
    @Inject(INTEGRATION_OPTIONS) private readonly options: IntegrationOptions,
  ) {
    // A few receivers may be slow at once without holding up the others.
    queue.work<{ deliveryId: string }>(QUEUES.deliverWebhook, ({ deliveryId }) => this.attempt(deliveryId), 4);
    // Every attempt has its job; should one be lost for good (the queue's retries spent on a
    // database that was away), a minute later this queues it again.
    queue.every(QUEUES.sweepDeliveries, '* * * * *');
    queue.work(QUEUES.sweepDeliveries, async () => {
      await this.sweep();
    });
  }

  /** Queues an attempt for each pending delivery overdue by a minute with none under way; returns how many. */
  async sweep(): Promise<number> {
    const overdue = await this.webhooks.overdue(60, 1_000);
    for (const deliveryId of overdue) await this.queue.enqueue(QUEUES.deliverWebhook, { deliveryId });
    if (overdue.length > 0) this.logger.warn(`queued ${overdue.length} overdue webhook delivery attempt(s) again`);
    return overdue.length;
  }

  async attempt(deliveryId: string): Promise<void> {
    const delivery = await this.webhooks.claim(deliveryId, LEASE_SECONDS);
    // Delivered, failed, not yet due (a later job has it) or under way elsewhere.
    if (!delivery) return;
    try {
      await this.finish(delivery);
    } catch (error) {
      // Its outcome could not be written (the database went away): give the delivery back and
      // let the queue run this job again, which attempts it again with the same id.
      await this.webhooks.release(delivery.id).catch(() => undefined);
      throw error;
    }
  }

  private async finish(delivery: ClaimedDelivery): Promise<void> {
    const outcome: Outcome = delivery.active ? await this.send(delivery) : { ok: false, status: null, error: 'the webhook is not active' };
    if (outcome.ok) {
      await this.webhooks.delivered(delivery, outcome.status);
      return;
    }
    const next = delivery.active ? this.nextAttemptAt(delivery) : null;
    await this.db.withTransaction(async () => {
      await this.webhooks.attemptFailed(delivery, outcome.status, outcome.error, next);
      if (next) await this.queue.enqueue(QUEUES.deliverWebhook, { deliveryId: delivery.id }, { startAfter: next });
    });
    if (!next) this.logger.warn(`webhook delivery ${delivery.id} failed for good after ${delivery.attempts} attempt(s): ${outcome.error}`);
  }

  /** Base × 2^(attempts − 1) after now, while that is within a day of the first attempt; else null. */
  private nextAttemptAt(delivery: ClaimedDelivery): Date | null {
    const delayMs = this.options.webhookRetryBaseSeconds * 1000 * 2 ** Math.min(delivery.attempts - 1, 30);
    const next = Date.now() + delayMs;
    return next - delivery.retryFrom.getTime() <= RETRY_WINDOW_MS ? new Date(next) : null;
  }

  private async send(delivery: ClaimedDelivery): Promise<Outcome> {
    const url = new URL(delivery.url);
    // A literal address is connected to without a lookup: checked here (names are checked by the lookup).
    const host = hostOf(url);
    if (!this.options.webhooksAllowPrivate && isIP(host) && !isPublicAddress(host)) {
      return { ok: false, status: null, error: `${host} is not a public address` };
    }
    const headers = {
      ...signedHeaders(delivery.secret, delivery.id, delivery.payload),
      'content-type': 'application/json',
      'user-agent': 'newsroom-cms-webhooks',
    };
    return new Promise<Outcome>((resolve) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        url,
        {
          method: 'POST',
          headers,
          agent: false,
          lookup: guardedLookup(this.options.webhooksAllowPrivate),
          signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
        },
        (res) => {
          let read = 0;
          const status = res.statusCode ?? 0;
          const done = () => resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `the receiver answered ${status}` });
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) res.destroy();
          });
          res.on('end', done);
          res.on('close', done);
          res.on('error', done);
        },
      );
      // Redirects are not followed (a 3xx is a failed attempt): a receiver cannot send the
      // server on to an address it would not have called.
      req.on('error', (error: Error & { code?: string }) =>
        resolve({ ok: false, status: null, error: error.code ? `${error.code}: ${error.message}` : error.message }),
      );
      req.end(delivery.payload);
    });
  }
}
