import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { specifiedRules, validate, type ValidationRule } from 'graphql';
import type { CustomPubSub, MercuriusCommonOptions, preSubscriptionExecutionHookHandler } from 'mercurius';
import { AuthService } from '../auth/auth.service.js';
import { RequestAuth, type Viewer } from '../auth/viewer.js';
import { DomainError } from '../common/errors/domain-error.js';
import { CacheTags } from '../graphql/cache-tags.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { queryValidationRules, refuseParsedElsewhere } from '../graphql/query-limits.js';
import { RequestLoaders } from '../graphql/request-loaders.js';
import { ResponseBudget } from '../graphql/response-budget.js';
import { DeskFeed } from './desk-feed.js';
import { liveError } from './live-errors.js';
import type { LiveSocket } from './live-sockets.js';

// Subscriptions (the live desk) over WebSocket at the GraphQL path, in the graphql-ws protocol
// (subprotocol graphql-transport-ws), as Mercurius serves them. The token comes in the
// connection_init payload, `{ "authorization": "Bearer <token>" }`, and is checked there: a
// connection without a valid one is refused. Queries and mutations stay on HTTP, where the
// response cache, the cost limit and the GraphQL-over-HTTP rules are.

type SubscriptionOptions = Exclude<MercuriusCommonOptions['subscription'], boolean | undefined>;

/** Pings on a quiet connection: proxies and load balancers close idle ones after about a minute. */
const KEEP_ALIVE_MS = 15_000;
/** Changes a subscription may have waiting before it is cut off as fallen behind (see DeskFeed). */
const QUEUE_LIMIT = 100;
/** A connection that has not sent its connection_init by then is closed (graphql-ws servers wait 3 s). */
const INIT_TIMEOUT_MS = 10_000;

/** What a live connection adds to the context of its subscriptions. */
export interface LiveConnection {
  socket: LiveSocket;
  /** The Authorization value of connection_init, checked when the connection was made. */
  liveAuthorization: string;
}

/** The context of a subscription: Mercurius's `pubsub` gives it the queue of its changes. */
export type LiveContext = GraphQLContext & LiveConnection & { pubsub: { subscribe(topic: string): Promise<Readable> } };

/**
 * Gives the resolvers of one event of a subscription a context of its own. graphql-js runs every
 * event of a subscription with the one context it was given: without this, an event would be
 * answered from the loaders (rows cached) and the budget of the events before it.
 */
export function freshEventContext(context: GraphQLContext, viewer: Viewer): void {
  context.loaders = new RequestLoaders();
  context.budget = new ResponseBudget();
  context.cacheTags = new CacheTags();
  context.auth = new RequestAuth(() => Promise.resolve(viewer));
}

@Injectable()
export class LiveTransport {
  private readonly awaitingInit = new WeakMap<IncomingMessage, NodeJS.Timeout>();

  constructor(
    private readonly auth: AuthService,
    private readonly feed: DeskFeed,
  ) {}

  /** Mercurius's `subscription` options. */
  options(): SubscriptionOptions {
    return {
      // Mercurius's type wants an `emitter`, which it never reads when given a pubsub.
      pubsub: this.feed as unknown as CustomPubSub,
      keepAlive: KEEP_ALIVE_MS,
      queueHighWaterMark: QUEUE_LIMIT,
      verifyClient: (info, next) => {
        this.awaitInit(info.req);
        next(true);
      },
      onConnect: ({ payload }) => this.connect(payload),
      context: (socket, request) => {
        clearTimeout(this.awaitingInit.get(request.raw));
        return { socket, loaders: new RequestLoaders(), budget: new ResponseBudget(), cacheTags: new CacheTags(), auth: anonymous() };
      },
    };
  }

  /**
   * Mercurius's preSubscriptionExecution hook. Mercurius runs a subscription's document without
   * validating it (and takes a JSON syntax tree for text): it is held here to what HTTP
   * requests are held to by app.module.ts's validationRules.
   */
  checkDocument(production: boolean): preSubscriptionExecutionHookHandler {
    const rules: ValidationRule[] = [...specifiedRules, ...queryValidationRules(production)];
    return async (schema, document, context) => {
      try {
        await refuseParsedElsewhere(schema, document);
        const [error] = validate(schema, document, rules);
        if (error) throw error;
      } catch (error) {
        throw liveError(error, (context as { request?: FastifyRequest }).request, { hideSuggestions: production });
      }
    };
  }

  /** connection_init: accepted with a valid token (kept for the connection's subscriptions), refused otherwise. */
  private async connect(payload: unknown): Promise<Pick<LiveConnection, 'liveAuthorization'> | false> {
    const authorization = authorizationIn(payload);
    if (authorization === undefined) return false;
    try {
      return (await this.auth.viewerFromHeader(authorization)) ? { liveAuthorization: authorization } : false;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  /** A connection must say who it is soon: one that never does would be held open for nothing. */
  private awaitInit(request: IncomingMessage): void {
    const timer = setTimeout(() => request.socket.destroy(), INIT_TIMEOUT_MS);
    timer.unref();
    this.awaitingInit.set(request, timer);
  }
}

function anonymous(): RequestAuth {
  return new RequestAuth(() => Promise.resolve(null));
}

function authorizationIn(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { authorization, Authorization } = payload as Record<string, unknown>;
  const value = authorization ?? Authorization;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
