import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { GraphQLContextModule } from '../graphql/graphql-context.js';
import { PersistedQueries } from './persisted-queries.js';
import { ResponseCache } from './response-cache.service.js';

/** Anonymous reads from memory, their caching headers, and automatic persisted queries. */
@Module({
  imports: [DatabaseModule, ArticlesModule, GraphQLContextModule],
  providers: [ResponseCache, PersistedQueries],
  exports: [ResponseCache, PersistedQueries],
})
export class ResponseCacheModule {}
