import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { AuthorsModule } from '../authors/authors.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { RequestLoadersFactory } from './request-loaders.js';

@Module({
  imports: [SectionsModule, AuthorsModule, ArticlesModule],
  providers: [RequestLoadersFactory],
  exports: [RequestLoadersFactory],
})
export class LoadersModule {}
