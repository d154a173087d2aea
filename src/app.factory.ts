import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { QUERY_LIMITS } from './graphql/query-limits.js';

export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export interface CreateAppOptions extends AppModuleOptions {
  logger?: boolean;
  /** Take the client address from X-Forwarded-For (behind a load balancer). */
  trustProxy?: boolean;
}

/** The API as a Nest application on Fastify, not yet listening. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    logger: options.logger === false ? false : { level: options.production ? 'info' : 'warn' },
    // Ids for log lines; a proxy's x-request-id is kept when it sends one.
    requestIdHeader: 'x-request-id',
    trustProxy: options.trustProxy ?? false,
    // On shutdown, idle keep-alive connections are closed rather than waited for.
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: options.logger === false ? false : ['error', 'warn', 'log'],
    // A wiring error is thrown to the caller (and reported there), not a silent process.exit.
    abortOnError: false,
  });
  refuseOversizedDocuments(adapter);
  return app;
}

// A token limit, applied to the text before GraphQL parses it: a 2 MiB document of 180,000
// fields would otherwise cost a second of parsing before the field limit could refuse it.
function refuseOversizedDocuments(adapter: FastifyAdapter): void {
  adapter.getInstance().addHook('preHandler', async (request, reply) => {
    if (!request.url.startsWith('/graphql')) return;
    const source = request.method === 'GET' ? request.query : request.body;
    const query = (source as { query?: unknown } | null | undefined)?.query;
    if (typeof query === 'string' && query.length > QUERY_LIMITS.documentLength) {
      await reply.code(400).send({
        data: null,
        errors: [
          {
            message: `The document is too long (at most ${QUERY_LIMITS.documentLength} characters)`,
            extensions: { code: 'BAD_USER_INPUT', fields: [] },
          },
        ],
      });
    }
  });
}
