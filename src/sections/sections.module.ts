import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { WebhookOutboxModule } from '../webhooks/webhook-outbox.module.js';
import { SectionsRepository } from './sections.repository.js';
import { PublicationSectionsResolver, SectionsResolver } from './sections.resolver.js';
import { SectionsService } from './sections.service.js';

@Module({
  imports: [DatabaseModule, WebhookOutboxModule],
  providers: [SectionsRepository, SectionsService, SectionsResolver, PublicationSectionsResolver],
  exports: [SectionsService],
})
export class SectionsModule {}
