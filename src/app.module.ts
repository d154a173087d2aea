import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OperationTypeNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ArticlesModule } from './articles/articles.module.js';
import { AuthorsModule } from './authors/authors.module.js';
import { DomainErrorFilter } from './common/errors/domain-error.filter.js';
import { formatExecutionErrors } from './common/errors/graphql-error-mapping.js';
import { CalendarDate } from './common/scalars/date.scalar.js';
import { InputValidationPipe } from './common/validation/validation.pipe.js';
import { AppOptionsModule, type IntegrationOptions, type MediaOptions } from './config/app-options.js';
import { GraphQLContextModule, GraphQLContexts, type GraphQLContext } from './graphql/graphql-context.js';
import { inDialect } from './graphql/graphql-over-http.js';
import { checkExecution, refusedOverHttp } from './graphql/query-cost.js';
import { queryValidationRules, refuseParsedElsewhere } from './graphql/query-limits.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MediaModule } from './media/media.module.js';
import { FeedsModule } from './feeds/feeds.module.js';
import { SyndicationModule } from './syndication/syndication.module.js';
import { PrintEditionsModule } from './print-editions/print-editions.module.js';
import { PublicationsModule } from './publications/publications.module.js';
import { ChangeBus } from './database/change-bus.js';
import { DatabaseModule } from './database/database.module.js';
import { allowReplicaReads } from './database/read-scope.js';
import { DeskModule } from './desk/desk.module.js';
import { LiveDeskModule } from './desk/live-desk.module.js';
import { LiveTransport } from './desk/live-transport.js';
import { PersistedQueries } from './response-cache/persisted-queries.js';
import { ResponseCacheModule } from './response-cache/response-cache.module.js';
import { SectionsModule } from './sections/sections.module.js';
import { UsersModule } from './users/users.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

export interface AppModuleOptions {
  databaseUrl: string;
  databasePoolSize: number;
  /** Streaming replicas of the database for anonymous public reads. */
  databaseReplicaUrls?: string[];
  /** Skip a replica further behind than this (default 10 s). */
  replicaMaxLagSeconds?: number;
  production: boolean;
  jwtSecret: string;
  tokenTtlSeconds: number;
  /** Publish due scheduled articles from this instance (default on). */
  scheduler?: boolean;
  countStatements?: boolean;
  /** Answer anonymous reads from memory (default on). */
  responseCache?: boolean;
  /** Pictures: the store, the upload limits, the URL prefix (default: the filesystem under the system's temporary folder). */
  media?: MediaOptions;
  /** When set, /metrics wants this bearer token. */
  metricsToken?: string;
  /** Previews and webhooks (defaults: DEFAULT_INTEGRATION_OPTIONS). */
  integration?: Partial<IntegrationOptions>;
  /** The job queue's polling and upkeep intervals, in seconds (tests shorten them). */
  jobs?: { pollingIntervalSeconds?: number; maintenanceIntervalSeconds?: number };
}

export const DEFAULT_INTEGRATION_OPTIONS: IntegrationOptions = { previewTtlSeconds: 3600, webhookRetryBaseSeconds: 10, webhooksAllowPrivate: false };

/** For tools that build the app without serving pictures (the schema emitter); main.ts passes the environment's. */
export const DEFAULT_MEDIA_OPTIONS: MediaOptions = {
  store: { store: 'file', dataDir: join(tmpdir(), 'newsroom-media') },
  maxBytes: 25 * 1024 * 1024,
  maxPixels: 100_000_000,
  baseUrl: '',
};

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppOptionsModule.forRoot({
          database: {
            url: options.databaseUrl,
            poolSize: options.databasePoolSize,
            countStatements: options.countStatements,
            replicaUrls: options.databaseReplicaUrls ?? [],
            maxReplicaLagSeconds: options.replicaMaxLagSeconds ?? 10,
          },
          auth: { jwtSecret: options.jwtSecret, tokenTtlSeconds: options.tokenTtlSeconds },
          scheduler: {
            enabled: options.scheduler ?? true,
            pollingIntervalSeconds: options.jobs?.pollingIntervalSeconds ?? 1,
            maintenanceIntervalSeconds: options.jobs?.maintenanceIntervalSeconds ?? 30,
          },
          responseCache: { enabled: options.responseCache ?? true },
          media: options.media ?? DEFAULT_MEDIA_OPTIONS,
          metrics: { token: options.metricsToken },
          integration: { ...DEFAULT_INTEGRATION_OPTIONS, ...options.integration },
        }),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [GraphQLContextModule, DatabaseModule, ResponseCacheModule, LiveDeskModule],
          inject: [GraphQLContexts, ChangeBus, PersistedQueries, LiveTransport],
          useFactory: (contexts: GraphQLContexts, changes: ChangeBus, persistedQueries: PersistedQueries, live: LiveTransport) => ({
            autoSchemaFile: true,
            sortSchema: true,
            path: '/graphql',
            // Our own page (src/graphiql), served from the project's dependencies: Mercurius's
            // loads React and GraphiQL from a CDN, a blank page offline or under a strict CSP.
            graphiql: false,
            // Compile a query to JavaScript once it has been seen: Mercurius's fast path.
            jit: 1,
            // A browser cannot send these cross-site without asking first: a JSON POST, or a
            // GET (a persisted query a CDN can cache) with one of the headers below. A page
            // cannot set Sec-WebSocket-Key either: it marks the WebSocket upgrade of subscriptions,
            // whose credentials are in the connection's first message, never in a cookie.
            csrfPrevention: {
              requiredHeaders: [
                'x-mercurius-operation-name',
                'mercurius-require-preflight',
                'x-apollo-operation-name',
                'apollo-require-preflight',
                'sec-websocket-key',
              ],
            },
            persistedQueryProvider: persistedQueries.provider(),
            validationRules: queryValidationRules(options.production),
            // The operation run and its cost depend on operationName and the variables, which
            // validation (cached per document) does not see: checked before each execution.
            hooks: {
              preValidation: refuseParsedElsewhere,
              preExecution: (async (schema: GraphQLSchema, document: DocumentNode, context: GraphQLContext, variables?: Record<string, unknown>) => {
                const checked = await checkExecution(schema, document, context, variables);
                if (context.operationType === OperationTypeNode.SUBSCRIPTION) {
                  throw refusedOverHttp('Subscriptions are served over WebSocket at /graphql (the graphql-ws protocol)');
                }
                // An anonymous query reads what the public reads: a replica will do.
                if (context.operationType === OperationTypeNode.QUERY && context.request.headers.authorization === undefined) allowReplicaReads();
                return checked;
              }) as never,
              preSubscriptionExecution: live.checkDocument(options.production),
              onResolution: async (execution, context) => {
                const graphqlContext = context as unknown as GraphQLContext;
                graphqlContext.failed = (execution.errors?.length ?? 0) > 0;
                // The writer's next read must see the write, from whatever this instance keeps.
                if (graphqlContext.operationType === OperationTypeNode.MUTATION) await changes.heardAllCommitted();
              },
            },
            errorFormatter: (execution, context) => inDialect(formatExecutionErrors(execution, context, { hideSuggestions: options.production }), context),
            context: (request: FastifyRequest, reply: FastifyReply): GraphQLContext => contexts.forRequest(request, reply),
            // The live desk (src/desk): graphql-ws over WebSocket at the same path.
            subscription: live.options(),
          }),
        }),
        PublicationsModule,
        SectionsModule,
        AuthorsModule,
        UsersModule,
        ArticlesModule,
        DeskModule,
        PrintEditionsModule,
        MediaModule,
        FeedsModule,
        SyndicationModule,
        WebhooksModule,
        HealthModule,
        MetricsModule,
        ResponseCacheModule,
      ],
      providers: [{ provide: APP_PIPE, useClass: InputValidationPipe }, { provide: APP_FILTER, useClass: DomainErrorFilter }, CalendarDate],
    };
  }
}
