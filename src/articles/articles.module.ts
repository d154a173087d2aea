import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { AuthorsModule } from '../authors/authors.module.js';
import { PublicationsModule } from '../publications/publications.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { UsersModule } from '../users/users.module.js';
import { MediaModule } from '../media/media.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { WebhookOutboxModule } from '../webhooks/webhook-outbox.module.js';
import { DeskAnnouncerModule } from '../desk/desk-announcer.module.js';
import { ArticlePicturesResolver } from './article-pictures.resolver.js';
import { ArticleMoves } from './article-moves.service.js';
import { ArticleLoaders } from './articles.loaders.js';
import { ArticlesRepository } from './articles.repository.js';
import { ArticlesResolver } from './articles.resolver.js';
import { EditorialRepository } from './editorial.repository.js';
import { ArticleEventResolver, ArticleRevisionResolver, EditorialResolver } from './editorial.resolver.js';
import { EditorialService } from './editorial.service.js';
import { AuthorArticlesResolver, PublicationArticlesResolver } from './publication-articles.resolver.js';
import { PublicArticlesService } from './public-articles.service.js';
import { PreviewLinksService } from './preview-links.service.js';
import { SchedulerService } from './scheduler.service.js';

@Module({
  imports: [
    DatabaseModule,
    SectionsModule,
    AuthorsModule,
    PublicationsModule,
    UsersModule,
    MediaModule,
    MetricsModule,
    JobsModule,
    WebhookOutboxModule,
    DeskAnnouncerModule,
  ],
  providers: [
    ArticlesRepository,
    EditorialRepository,
    ArticleMoves,
    PublicArticlesService,
    EditorialService,
    PreviewLinksService,
    SchedulerService,
    ArticleLoaders,
    ArticlesResolver,
    ArticlePicturesResolver,
    EditorialResolver,
    ArticleEventResolver,
    ArticleRevisionResolver,
    PublicationArticlesResolver,
    AuthorArticlesResolver,
  ],
  exports: [ArticleMoves, EditorialService, SchedulerService, ArticleLoaders, PublicArticlesService],
})
export class ArticlesModule {}
