import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { WebhookOutboxModule } from '../webhooks/webhook-outbox.module.js';
import { AuthorLoaders } from './authors.loaders.js';
import { AuthorsRepository } from './authors.repository.js';
import { AuthorsResolver, PublicationAuthorsResolver } from './authors.resolver.js';
import { AuthorsService } from './authors.service.js';

@Module({
  imports: [DatabaseModule, WebhookOutboxModule],
  providers: [AuthorsRepository, AuthorsService, AuthorsResolver, PublicationAuthorsResolver, AuthorLoaders],
  exports: [AuthorsService, AuthorLoaders],
})
export class AuthorsModule {}
