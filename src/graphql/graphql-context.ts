import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestLoaders } from './request-loaders.js';

/** What every resolver of one request shares. */
export interface GraphQLContext {
  request: FastifyRequest;
  reply: FastifyReply;
  loaders: RequestLoaders;
}
