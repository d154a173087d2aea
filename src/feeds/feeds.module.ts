import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { MediaModule } from '../media/media.module.js';
import { PublicationsModule } from '../publications/publications.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { FeedsController } from './feeds.controller.js';
import { FeedsService } from './feeds.service.js';
import { KeptDocuments } from './kept-documents.js';
import { SitemapsController } from './sitemaps.controller.js';
import { SitemapsRepository } from './sitemaps.repository.js';
import { SitemapsService } from './sitemaps.service.js';
import { SyndicatedPictures } from './syndicated-pictures.js';

/** RSS and Atom feeds and sitemaps of what the public reads: the GraphQL API's public stories, kept and purged as its answers are. */
@Module({
  imports: [DatabaseModule, ArticlesModule, PublicationsModule, SectionsModule, MediaModule],
  controllers: [FeedsController, SitemapsController],
  providers: [FeedsService, SitemapsService, SitemapsRepository, SyndicatedPictures, KeptDocuments],
})
export class FeedsModule {}
