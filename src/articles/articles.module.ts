import { Module } from '@nestjs/common';
import { SectionsModule } from '../sections/sections.module.js';
import { ArticlesRepository } from './articles.repository.js';
import { ArticlesResolver } from './articles.resolver.js';
import { PublicArticlesService } from './public-articles.service.js';

@Module({
  imports: [SectionsModule],
  providers: [ArticlesRepository, PublicArticlesService, ArticlesResolver],
  exports: [ArticlesRepository, PublicArticlesService],
})
export class ArticlesModule {}
