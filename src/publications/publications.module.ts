import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { AuthorsModule } from '../authors/authors.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { PublicationsRepository } from './publications.repository.js';
import { PublicationsResolver } from './publications.resolver.js';
import { PublicationsService } from './publications.service.js';

@Module({
  imports: [ArticlesModule, AuthorsModule, SectionsModule],
  providers: [PublicationsRepository, PublicationsService, PublicationsResolver],
  exports: [PublicationsRepository, PublicationsService],
})
export class PublicationsModule {}
