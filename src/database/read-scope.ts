import { fastifyRequestContext, requestContext } from '@fastify/request-context';
import type { FastifyInstance, FastifyRequest } from 'fastify';

// Which database a request may read from. Anonymous public reads may go to a streaming
// replica; everything else (staff, mutations, previews, and every read inside a transaction)
// reads the primary, so that an editor always sees their own save. The decision is per
// request, carried through its async work by @fastify/request-context (AsyncLocalStorage,
// kept across the body's parsing): TransactionHost.tx asks it.

declare module '@fastify/request-context' {
  interface RequestContextData {
    /** This request is an anonymous public read: a replica will do. */
    replica: boolean;
  }
}

/** Whether the work under way may read from a replica. */
export function mayReadFromReplica(): boolean {
  return requestContext.get('replica') === true;
}

/** The request is an anonymous public read (a GraphQL query without Authorization). */
export function allowReplicaReads(): void {
  requestContext.set('replica', true);
}

/** What the request reads from here on must be current (a preview of a draft just saved). */
export function readPrimaryOnly(): void {
  requestContext.set('replica', false);
}

/**
 * Gives each request its scope. Anonymous GETs of the public routes (feeds, sitemaps, ninjs,
 * pictures) are public reads from the start; GraphQL requests are decided once their
 * operation is known (app.module.ts: an anonymous query).
 */
export async function registerReadScope(app: FastifyInstance, graphqlPath = '/graphql'): Promise<void> {
  const publicGet = (request: FastifyRequest) =>
    (request.method === 'GET' || request.method === 'HEAD') &&
    request.headers.authorization === undefined &&
    !request.url.startsWith(graphqlPath) &&
    !request.url.startsWith('/health') &&
    !request.url.startsWith('/metrics');
  await app.register(fastifyRequestContext, { defaultStoreValues: (request) => ({ replica: publicGet(request) }) });
}
