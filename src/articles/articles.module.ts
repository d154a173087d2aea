import { Module, type DynamicModule } from '@nestjs/common';
import { PublicationsRepository } from '../publications/publications.repository.js';
import { SectionsModule } from '../sections/sections.module.js';
import { ArticlesRepository } from './articles.repository.js';
import { ArticlesResolver } from './articles.resolver.js';
import { EditorialRepository } from './editorial.repository.js';
import { ArticleEventResolver, ArticleRevisionResolver, EditorialResolver } from './editorial.resolver.js';
import { EditorialService } from './editorial.service.js';
import { PublicArticlesService } from './public-articles.service.js';
import { SCHEDULER_OPTIONS, SchedulerService, type SchedulerOptions } from './scheduler.service.js';

@Module({})
export class ArticlesModule {
  static forRoot(scheduler: SchedulerOptions): DynamicModule {
    return {
      module: ArticlesModule,
      global: true,
      imports: [SectionsModule],
      providers: [
        ArticlesRepository,
        EditorialRepository,
        PublicationsRepository,
        PublicArticlesService,
        EditorialService,
        ArticlesResolver,
        EditorialResolver,
        ArticleEventResolver,
        ArticleRevisionResolver,
        { provide: SCHEDULER_OPTIONS, useValue: scheduler },
        SchedulerService,
      ],
      exports: [ArticlesRepository, EditorialRepository, PublicArticlesService, EditorialService, SchedulerService],
    };
  }
}
