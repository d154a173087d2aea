import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
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
import { AuthorsModule } from './authors/authors.module.js';
import { DomainErrorFilter } from './common/errors/domain-error.filter.js';
import { formatExecutionErrors } from './common/errors/graphql-error-mapping.js';
import { CalendarDate } from './common/scalars/date.scalar.js';
import { InputValidationPipe } from './common/validation/validation.pipe.js';
import { AppOptionsModule } from './config/app-options.js';
import type { GraphQLContext } from './graphql/graphql-context.js';
import { checkExecution } from './graphql/query-cost.js';
import { QUERY_LIMITS, maxFieldsRule, noReservedOperationNamesRule, onceOnlyRootFieldsRule, refuseParsedElsewhere } from './graphql/query-limits.js';
import { RequestLoaders } from './graphql/request-loaders.js';
import { ResponseBudget } from './graphql/response-budget.js';
import { HealthModule } from './health/health.module.js';
import { PrintEditionsModule } from './print-editions/print-editions.module.js';
import { PublicationsModule } from './publications/publications.module.js';
import { SectionsModule } from './sections/sections.module.js';
import { UsersModule } from './users/users.module.js';

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
        AppOptionsModule.forRoot({
          database: { url: options.databaseUrl, poolSize: options.databasePoolSize, countStatements: options.countStatements },
          auth: { jwtSecret: options.jwtSecret, tokenTtlSeconds: options.tokenTtlSeconds },
          scheduler: { enabled: options.scheduler ?? true, intervalMs: 15_000 },
        }),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [AuthModule],
          inject: [AuthService],
          useFactory: (authService: AuthService) => ({
            autoSchemaFile: true,
            sortSchema: true,
            path: '/graphql',
            graphiql: !options.production,
            // Compile a query to JavaScript once it has been seen: Mercurius's fast path.
            jit: 1,
            csrfPrevention: true,
            validationRules: [
              // Fragments count as the fields they hold, not as a level of their own.
              maxDepthRule({ n: QUERY_LIMITS.depth, flattenFragments: true }),
              maxAliasesRule({ n: QUERY_LIMITS.aliases }),
              maxDirectivesRule({ n: QUERY_LIMITS.directives }),
              maxFieldsRule(),
              noReservedOperationNamesRule,
              onceOnlyRootFieldsRule(),
              ...(options.production ? [NoSchemaIntrospectionCustomRule] : []),
            ],
            // The operation run and its cost depend on operationName and the variables, which
            // validation (cached per document) does not see: checked before each execution.
            hooks: { preValidation: refuseParsedElsewhere, preExecution: checkExecution as never },
            errorFormatter: (execution, context) => formatExecutionErrors(execution, context, { hideSuggestions: options.production }),
            context: (request: FastifyRequest, reply: FastifyReply): GraphQLContext => ({
              request,
              reply,
              loaders: new RequestLoaders(),
              auth: new RequestAuth(() => authService.viewerFromHeader(request.headers.authorization)),
              budget: new ResponseBudget(),
            }),
          }),
        }),
        PublicationsModule,
        SectionsModule,
        AuthorsModule,
        UsersModule,
        ArticlesModule,
        PrintEditionsModule,
        HealthModule,
      ],
      providers: [{ provide: APP_PIPE, useClass: InputValidationPipe }, { provide: APP_FILTER, useClass: DomainErrorFilter }, CalendarDate],
    };
  }
}
