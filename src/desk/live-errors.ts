import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { GqlArgumentsHost } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { mapGraphQLError } from '../common/errors/graphql-error-mapping.js';

/** Ends a subscription for a reason the client acts on by subscribing again: said plainly, not masked. */
export class LiveDeskInterrupted extends Error {}

/**
 * An error that ends a subscription (refused at subscribe time, or stopped later), as the
 * client is to see it. Mercurius sends these without the errorFormatter that answers over HTTP,
 * so they are mapped here, by the same rules: a DomainError keeps its message and code, a
 * document error is BAD_USER_INPUT, anything else is masked and logged.
 */
export function liveError(error: unknown, request: FastifyRequest | undefined, options: { hideSuggestions?: boolean } = {}): GraphQLError {
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string') return error;
  if (error instanceof LiveDeskInterrupted) return new GraphQLError(error.message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  const located =
    error instanceof GraphQLError ? error : new GraphQLError(error instanceof Error ? error.message : String(error), { originalError: error as Error });
  return mapGraphQLError(located, request?.log ?? console, typeof request?.id === 'string' ? request.id : 'unknown', options);
}

/** Subscribe-time refusals of the live desk's resolvers (thrown before any change is sent), mapped as above. */
@Catch()
export class LiveErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): GraphQLError {
    const context = GqlArgumentsHost.create(host).getContext<{ request?: FastifyRequest } | undefined>();
    return liveError(error, context?.request);
  }
}
