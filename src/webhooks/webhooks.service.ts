import { Inject, Injectable } from '@nestjs/common';
import { assertAdmin, type Viewer } from '../auth/viewer.js';
import { badInput, notFound } from '../common/errors/domain-error.js';
import { toConnection, type Connection } from '../common/pagination/connection.js';
import { decodeCursor } from '../common/pagination/cursor.js';
import { INTEGRATION_OPTIONS, type IntegrationOptions } from '../config/app-options.js';
import { TransactionHost } from '../database/transactions.js';
import { QUEUES } from '../jobs/job-queue.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { PublicationsService } from '../publications/publications.service.js';
import type { CreateWebhookInput, UpdateWebhookInput } from './dto/webhook.inputs.js';
import type { CreatedWebhook, Webhook, WebhookDelivery } from './models/webhook.model.js';
import { refusalOf } from './webhook-targets.js';
import { newSecret } from './webhook-signing.js';
import { WebhooksRepository } from './webhooks.repository.js';

/**
 * Webhooks, managed by admins: they hold a signing secret and make the server call out, so
 * they are not a publication role's to set up. The secret is returned once, at creation.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly db: TransactionHost,
    private readonly webhooks: WebhooksRepository,
    private readonly publications: PublicationsService,
    private readonly queue: JobQueue,
    @Inject(INTEGRATION_OPTIONS) private readonly options: IntegrationOptions,
  ) {}

  async create(viewer: Viewer, input: CreateWebhookInput): Promise<CreatedWebhook> {
    assertAdmin(viewer);
    await this.publications.byId(input.publicationId);
    await this.assertTarget(input.url, 'input.url');
    const secret = newSecret();
    const webhook = await this.webhooks.create({
      publicationId: input.publicationId,
      url: input.url,
      events: input.events,
      active: input.active ?? true,
      secret,
      createdById: viewer.id,
    });
    return { secret, webhook };
  }

  async update(viewer: Viewer, id: string, input: UpdateWebhookInput): Promise<Webhook> {
    assertAdmin(viewer);
    if (!(await this.webhooks.findById(id))) throw notFound('Webhook');
    if (input.url != null) await this.assertTarget(input.url, 'input.url');
    return this.webhooks.update(id, {
      ...(input.url != null ? { url: input.url } : {}),
      ...(input.events != null ? { events: input.events } : {}),
      ...(input.active != null ? { active: input.active } : {}),
    });
  }

  async delete(viewer: Viewer, id: string): Promise<boolean> {
    assertAdmin(viewer);
    if (!(await this.webhooks.findById(id))) throw notFound('Webhook');
    await this.webhooks.delete(id);
    return true;
  }

  async ofPublication(viewer: Viewer, publicationId: string): Promise<Webhook[]> {
    assertAdmin(viewer);
    return this.webhooks.ofPublication(publicationId);
  }

  async deliveries(viewer: Viewer, webhook: Webhook, first: number, after?: string | null): Promise<Connection<WebhookDelivery>> {
    assertAdmin(viewer);
    const listKey = `deliveries:${webhook.id}`;
    const position = after ? decodeCursor(listKey, after) : undefined;
    const rows = await this.webhooks.deliveries(webhook.id, first + 1, position);
    return toConnection(rows, first, listKey, (delivery) => ({ at: delivery.createdAt, id: delivery.id }));
  }

  /** Sends the delivery again now (same `webhook-id`), with a new day of retries. */
  async redeliver(viewer: Viewer, deliveryId: string): Promise<WebhookDelivery> {
    assertAdmin(viewer);
    if (!(await this.webhooks.delivery(deliveryId))) throw notFound('Webhook delivery');
    await this.db.withTransaction(async () => {
      const heldUntil = await this.webhooks.redeliver(deliveryId);
      // An attempt under way holds it: the redelivery goes once that attempt is over.
      await this.queue.enqueue(QUEUES.deliverWebhook, { deliveryId }, heldUntil ? { startAfter: new Date(heldUntil.getTime() + 1_000) } : {});
    });
    return (await this.webhooks.delivery(deliveryId))!;
  }

  private async assertTarget(url: string, field: string): Promise<void> {
    const refusal = await refusalOf(url, this.options.webhooksAllowPrivate);
    if (refusal) throw badInput([{ field, message: refusal }]);
  }
}
