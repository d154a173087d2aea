import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PublicationsModule } from '../publications/publications.module.js';
import { WebhookDeliveries } from './webhook-deliveries.service.js';
import { WebhookOutboxModule } from './webhook-outbox.module.js';
import { PublicationWebhooksResolver, WebhooksResolver } from './webhooks.resolver.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks: their management, their delivery log, and the job that delivers each event. */
@Module({
  imports: [DatabaseModule, JobsModule, PublicationsModule, WebhookOutboxModule],
  providers: [WebhooksRepository, WebhooksService, WebhookDeliveries, WebhooksResolver, PublicationWebhooksResolver],
})
export class WebhooksModule {}
