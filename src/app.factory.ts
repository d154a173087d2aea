import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { getOperationAST, parse } from 'graphql';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { mercuriusUpload } from 'mercurius-upload';
import type { Logger as PinoLogger } from 'pino';
import { createRootLogger, PinoNestLogger } from './common/logging.js';
import { AppModule, DEFAULT_MEDIA_OPTIONS, type AppModuleOptions } from './app.module.js';
import { DomainError } from './common/errors/domain-error.js';
import { RenditionsService } from './media/renditions.service.js';
import { Metrics } from './metrics/metrics.service.js';
import type { TrustedProxies } from './config/env.js';
import { registerGraphQLOverHttp } from './graphql/graphql-over-http.js';
import { registerGraphiQL } from './graphiql/graphiql.routes.js';
import { QUERY_LIMITS } from './graphql/query-limits.js';
import { ResponseCache } from './response-cache/response-cache.service.js';
import { registerReadScope } from './database/read-scope.js';

export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export interface CreateAppOptions extends AppModuleOptions {
  logger?: boolean;
  /** The process's logger (main.ts makes it first, for what it logs before the app exists). */
  rootLogger?: PinoLogger;
  /** Which X-Forwarded-For hops to believe: none, a number of proxies, or their addresses. */
  trustProxy?: TrustedProxies;
  /** How long a client may take to send a whole request (headers and body); default 30 s. */
  requestTimeoutMs?: number;
  /** A log line for every request; otherwise only for failed and slow ones. */
  accessLog?: boolean;
}

/** A request slower than this is logged even without the access log. */
export const SLOW_REQUEST_MS = 2_000;

/** Slow clients (a body trickled a byte at a time) are cut off: see HTTP_TIMEOUTS in createApp. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Fastify's trustProxy for TRUST_PROXY: addresses and ranges as they are; a number of hops as
 * a function believing that many addresses from the socket's end. (Fastify itself now reads a
 * bare number as "trust nothing", since it cannot tell a proxy from a client that reaches the
 * API directly: a hop count is for an API that only its proxies can reach, see the README.)
 */
function trustedHops(trust: TrustedProxies): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/** The API as a Nest application on Fastify, not yet listening. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const rootLogger = options.logger === false ? undefined : (options.rootLogger ?? createRootLogger());
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // JSON lines (pino), each of a request's with its id (src/common/logging.ts).
    ...(rootLogger ? { loggerInstance: rootLogger } : { logger: false }),
    // Fastify's own two lines a request (a synchronous write each, a tenth of a front page's
    // time in a profile) give way to one line, written only when it tells something: see
    // logRequests.
    logController: new LogController({ disableRequestLogging: true }),
    // Ids for log lines; a proxy's x-request-id is kept when it sends one.
    requestIdHeader: 'x-request-id',
    trustProxy: trustedHops(options.trustProxy ?? false),
    // On shutdown, idle keep-alive connections are closed rather than waited for.
    forceCloseConnections: 'idle',
    // A slowloris client (headers or a body sent a byte every few seconds) must not hold a
    // connection: the whole request within requestTimeout, the headers within a third of
    // it, an idle keep-alive connection closed after 72 s (longer than load balancers keep
    // theirs), a silent socket after 75 s. Node checks these every second.
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: 72_000,
    connectionTimeout: Math.max(75_000, requestTimeoutMs),
    http: { headersTimeout: Math.ceil(requestTimeoutMs / 3), connectionsCheckingInterval: 1_000 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: rootLogger ? new PinoNestLogger(rootLogger) : false,
    // A wiring error is thrown to the caller (and reported there), not a silent process.exit.
    abortOnError: false,
  });
  // Which database each request reads (replicas for anonymous public reads): first, so that
  // every later hook and handler runs in the request's scope.
  await registerReadScope(adapter.getInstance());
  refuseBadDocuments(adapter);
  // Uploads by the GraphQL multipart request spec, streamed to the resolver (never buffered
  // whole); one file a request, within MEDIA_MAX_BYTES.
  const media = options.media ?? DEFAULT_MEDIA_OPTIONS;
  drainUnreadUploads(adapter);
  // The size limit is the service's to enforce, with its own message: past graphql-upload-minimal's
  // own limit the file stream is unpiped and stops with neither an end nor an error, so that
  // one sits well above, where the service has refused the upload already.
  await app.register(mercuriusUpload, { maxFiles: 1, maxFileSize: media.maxBytes + 1024 * 1024, maxFieldSize: BODY_LIMIT_BYTES });
  // The media type a client asks for and its status codes (GraphQL over HTTP); after the upload
  // plugin, whose body is the one checked.
  registerGraphQLOverHttp(adapter.getInstance());
  if (!options.production) registerGraphiQL(adapter.getInstance());
  app.get(RenditionsService).register(adapter.getInstance());
  app.get(ResponseCache).register(adapter.getInstance());
  app.get(Metrics).register(adapter.getInstance());
  logRequests(adapter, options.accessLog ?? false);
  return app;
}

/**
 * mercurius-upload answers a multipart request only once the request has been read to its
 * end; a file nobody read (the upload was refused before its bytes were wanted: not signed
 * in, not a member) would hold the answer for ever. Whatever is left of such a request is
 * read and dropped before the answer goes (this hook runs before the plugin's).
 */
function drainUnreadUploads(adapter: FastifyAdapter): void {
  adapter.getInstance().addHook('onSend', async (request) => {
    const raw = request.raw;
    if (raw.readableEnded || !request.headers['content-type']?.startsWith('multipart/')) return;
    raw.unpipe();
    raw.resume();
  });
}

/** One line a request with ACCESS_LOG; without it, only server errors and slow requests. */
function logRequests(adapter: FastifyAdapter, everyRequest: boolean): void {
  adapter.getInstance().addHook('onResponse', async (request, reply) => {
    const ms = Math.round(reply.elapsedTime);
    const line = { method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms, ip: request.ip };
    if (reply.statusCode >= 500) request.log.error(line, 'request failed');
    else if (ms >= SLOW_REQUEST_MS) request.log.warn(line, 'slow request');
    else if (everyRequest) request.log.info(line, 'request');
  });
}

/** A request refused before GraphQL sees it, answered as GraphQL errors are (in the status the client's media type wants). */
function refusal(message: string): Error {
  return Object.assign(new DomainError('BAD_USER_INPUT', message, { fields: [] }), { statusCode: 400 });
}

function refuseBadDocuments(adapter: FastifyAdapter): void {
  adapter.getInstance().addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/graphql')) return;
    const source = (request.method === 'GET' ? request.query : request.body) as { query?: unknown; operationName?: unknown } | null | undefined;
    const query = source?.query;
    if (typeof query !== 'string') return;
    // A token limit, applied to the text before GraphQL parses it: a 2 MiB document of
    // 180,000 fields would otherwise cost a second of parsing before the field limit could
    // refuse it.
    if (query.length > QUERY_LIMITS.documentLength) throw refusal(`The document is too long (at most ${QUERY_LIMITS.documentLength} characters)`);
    // Over GET, Mercurius looks the operation up to refuse mutations before any hook of
    // ours runs, and fails on one the document does not have: say so first. (POST is
    // checked with the cost, before execution.)
    if (request.method === 'GET') {
      const operationName = typeof source?.operationName === 'string' && source.operationName !== '' ? source.operationName : undefined;
      let found = true;
      try {
        found = getOperationAST(parse(query), operationName) !== null;
      } catch {
        // A syntax error is Mercurius's to report.
      }
      if (!found)
        throw refusal(
          operationName
            ? `"${operationName.slice(0, 100)}" is not an operation of this document`
            : 'This document has several operations: name the one to run with operationName',
        );
    }
  });
}
