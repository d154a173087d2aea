import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { MediaModule } from '../media/media.module.js';
import { PublicationsModule } from '../publications/publications.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { ArticleSyndicationResolver } from './article-syndication.resolver.js';
import { NinjsController } from './ninjs.controller.js';
import { SyndicationService } from './syndication.service.js';
import { WireImportRepository } from './wire-import.repository.js';
import { WireImportService } from './wire-import.service.js';

/** The story in the formats of the news ecosystem (schema.org JSON-LD, IPTC ninjs), and the wire import (`npm run cms -- import`). */
@Module({
  imports: [DatabaseModule, ArticlesModule, PublicationsModule, SectionsModule, MediaModule],
  controllers: [NinjsController],
  providers: [SyndicationService, ArticleSyndicationResolver, WireImportRepository, WireImportService],
  exports: [WireImportService],
})
export class SyndicationModule {}
