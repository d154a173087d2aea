import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestAuth } from '../auth/viewer.js';
import type { RequestLoaders } from './request-loaders.js';
import type { ResponseBudget } from './response-budget.js';

/** What every resolver of one request shares. */
export interface GraphQLContext {
  request: FastifyRequest;
  reply: FastifyReply;
  loaders: RequestLoaders;
  /** The signed-in staff member, if any. */
  auth: RequestAuth;
  /** What the response may still hold (lists sized by the data, article text). */
  budget: ResponseBudget;
}
