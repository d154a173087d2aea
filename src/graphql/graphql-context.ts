import { Injectable, Module } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperationTypeNode } from 'graphql';
import { AuthModule } from '../auth/auth.module.js';
import { AuthService } from '../auth/auth.service.js';
import { RequestAuth } from '../auth/viewer.js';
import { CacheTags } from './cache-tags.js';
import { RequestLoaders } from './request-loaders.js';
import { ResponseBudget } from './response-budget.js';

/** What every resolver of one request shares. */
export interface GraphQLContext {
  request: FastifyRequest;
  /** Absent when the response cache runs a read for whoever asks next. */
  reply?: FastifyReply;
  /** The operation the request names (operationName), if it names one. */
  operationName?: string;
  loaders: RequestLoaders;
  /** The signed-in staff member, if any. */
  auth: RequestAuth;
  /** What the response may still hold (lists sized by the data, article text). */
  budget: ResponseBudget;
  /** What the response shows, as change tags (for the response cache and a CDN). */
  cacheTags: CacheTags;
  /** The operation run, once checked before execution (query-cost.ts). */
  operationType?: OperationTypeNode;
  /** Whether the execution ended with errors (set when it resolves). */
  failed?: boolean;
}

// The context of each GraphQL request, for the HTTP hooks that answer around GraphQL (the
// response cache's headers): Mercurius keeps it under a symbol of its own.
const contexts = new WeakMap<object, GraphQLContext>();

export function contextOf(request: object): GraphQLContext | undefined {
  return contexts.get(request);
}

/** The operationName a GraphQL request over HTTP sends (POST body or GET query string). */
function operationNameOf(request: FastifyRequest): string | undefined {
  const params = (request.method === 'GET' ? request.query : request.body) as { operationName?: unknown } | null | undefined;
  const name = params && typeof params === 'object' ? params.operationName : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** Makes the context of a GraphQL execution. */
@Injectable()
export class GraphQLContexts {
  constructor(private readonly authService: AuthService) {}

  /** For the request Mercurius is answering. */
  forRequest(request: FastifyRequest, reply: FastifyReply): GraphQLContext {
    const auth = new RequestAuth(() => this.authService.viewerFromHeader(request.headers.authorization));
    const context = { ...fresh(request, operationNameOf(request), auth), reply };
    contexts.set(request, context);
    return context;
  }

  /** For an anonymous read run on behalf of `request` and whoever asks the same (the response cache). */
  forSharedRead(request: FastifyRequest, operationName: string | undefined): GraphQLContext {
    return fresh(request, operationName, new RequestAuth(() => Promise.resolve(null)));
  }
}

function fresh(request: FastifyRequest, operationName: string | undefined, auth: RequestAuth): GraphQLContext {
  return { request, operationName, auth, loaders: new RequestLoaders(), budget: new ResponseBudget(), cacheTags: new CacheTags() };
}

@Module({
  imports: [AuthModule],
  providers: [GraphQLContexts],
  exports: [GraphQLContexts],
})
export class GraphQLContextModule {}
