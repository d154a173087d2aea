import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { OutboxRepository } from './outbox.repository.js';
import { WebhookOutbox } from './webhook-outbox.service.js';

/** The outbox alone, for the modules whose changes webhooks report (no dependency back on them). */
@Module({
  imports: [DatabaseModule, JobsModule],
  providers: [OutboxRepository, WebhookOutbox],
  exports: [WebhookOutbox],
})
export class WebhookOutboxModule {}
