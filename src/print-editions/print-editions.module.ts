import { WebhookOutboxModule } from '../webhooks/webhook-outbox.module.js';
import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { ArticlesModule } from '../articles/articles.module.js';
import { PublicationsModule } from '../publications/publications.module.js';
import { PrintEditionLoaders } from './print-editions.loaders.js';
import { PrintEditionsRepository } from './print-editions.repository.js';
import { ArticlePrintResolver, EditionPageResolver, PrintEditionsResolver, PublicationEditionsResolver } from './print-editions.resolver.js';
import { PrintEditionsService } from './print-editions.service.js';

@Module({
  imports: [DatabaseModule, ArticlesModule, PublicationsModule, WebhookOutboxModule],
  providers: [
    PrintEditionsRepository,
    PrintEditionsService,
    PrintEditionLoaders,
    PrintEditionsResolver,
    EditionPageResolver,
    PublicationEditionsResolver,
    ArticlePrintResolver,
  ],
})
export class PrintEditionsModule {}
