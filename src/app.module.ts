import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { ArticlesModule } from './articles/articles.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AuthService } from './auth/auth.service.js';
import { RequestAuth } from './auth/viewer.js';
import { UsersModule } from './users/users.module.js';
import { PrintEditionsModule } from './print-editions/print-editions.module.js';
import { AuthorsModule } from './authors/authors.module.js';
import { DomainErrorFilter } from './common/errors/domain-error.filter.js';
import { formatExecutionErrors } from './common/errors/graphql-error-mapping.js';
import { CalendarDate } from './common/scalars/date.scalar.js';
import { InputValidationPipe } from './common/validation/validation.pipe.js';
import { DatabaseModule } from './database/database.module.js';
import type { GraphQLContext } from './graphql/graphql-context.js';
import { LoadersModule } from './graphql/loaders.module.js';
import { refuseCostlyExecution } from './graphql/query-cost.js';
import {
  QUERY_LIMITS,
  maxAliasesRule,
  maxDirectivesRule,
  maxFieldsRule,
  noReservedOperationNamesRule,
  onceOnlyRootFieldsRule,
  refuseParsedElsewhere,
} from './graphql/query-limits.js';
import { ResponseBudget } from './graphql/response-budget.js';
import { RequestLoadersFactory } from './graphql/request-loaders.js';
import { HealthModule } from './health/health.module.js';
import { PublicationsModule } from './publications/publications.module.js';
import { SectionsModule } from './sections/sections.module.js';

export interface AppModuleOptions {
  databaseUrl: string;
  databasePoolSize: number;
  production: boolean;
  jwtSecret: string;
  tokenTtlSeconds: number;
  /** Publish due scheduled articles from this instance (default on). */
  scheduler?: boolean;
  countStatements?: boolean;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot({
          url: options.databaseUrl,
          poolSize: options.databasePoolSize,
          countStatements: options.countStatements,
        }),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [LoadersModule],
          inject: [RequestLoadersFactory, AuthService],
          useFactory: (loaders: RequestLoadersFactory, authService: AuthService) => ({
            autoSchemaFile: true,
            sortSchema: true,
            path: '/graphql',
            graphiql: !options.production,
            // Compile a query to JavaScript once it has been seen: Mercurius's fast path.
            jit: 1,
            queryDepth: QUERY_LIMITS.depth,
            csrfPrevention: true,
            validationRules: [
              maxAliasesRule(),
              maxDirectivesRule(),
              maxFieldsRule(),
              noReservedOperationNamesRule,
              onceOnlyRootFieldsRule(),
              ...(options.production ? [NoSchemaIntrospectionCustomRule] : []),
            ],
            // The cost depends on the `first` variables, which validation (cached per
            // document) does not see: it is checked before each execution instead.
            hooks: { preValidation: refuseParsedElsewhere, preExecution: refuseCostlyExecution as never },
            errorFormatter: (execution, context) =>
              formatExecutionErrors(execution, context as never, { hideSuggestions: options.production }),
            context: (request: FastifyRequest, reply: FastifyReply): GraphQLContext => ({
              request,
              reply,
              loaders: loaders.create(),
              auth: new RequestAuth(() => authService.viewerFromHeader(request.headers.authorization)),
              budget: new ResponseBudget(),
            }),
          }),
        }),
        AuthModule.forRoot({ jwtSecret: options.jwtSecret, tokenTtlSeconds: options.tokenTtlSeconds }),
        ArticlesModule.forRoot({ enabled: options.scheduler ?? true, intervalMs: 15_000 }),
        PublicationsModule,
        SectionsModule,
        AuthorsModule,
        UsersModule,
        PrintEditionsModule,
        LoadersModule,
        HealthModule,
      ],
      providers: [{ provide: APP_PIPE, useClass: InputValidationPipe }, { provide: APP_FILTER, useClass: DomainErrorFilter }, CalendarDate],
    };
  }
}
