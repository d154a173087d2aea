import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestAuth } from '../auth/viewer.js';
import type { RequestLoaders } from './request-loaders.js';

/** What every resolver of one request shares. */
export interface GraphQLContext {
  request: FastifyRequest;
  reply: FastifyReply;
  loaders: RequestLoaders;
  /** The signed-in staff member, if any. */
  auth: RequestAuth;
}
