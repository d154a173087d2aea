import { GraphQLError } from 'graphql';
import { DomainError, type DomainErrorCode } from './domain-error.js';

export type ErrorCode = DomainErrorCode | 'INTERNAL_SERVER_ERROR';

interface Logger {
  error(object: object, message: string): void;
}

/** The `extensions` a DomainError carries to the client: the one mapping of codes. */
export function extensionsFor(error: DomainError): Record<string, unknown> {
  const code: DomainErrorCode = error.code;
  switch (code) {
    case 'BAD_USER_INPUT':
      return { code, fields: error.details.fields ?? [] };
    case 'CONFLICT':
      return { code, currentVersion: error.details.currentVersion };
    case 'INVALID_TRANSITION':
      return { code, allowed: error.details.allowed ?? [] };
    case 'NOT_FOUND':
    case 'FORBIDDEN':
    case 'UNAUTHENTICATED':
      return { code };
    default: {
      const unreachable: never = code;
      throw new Error(`unmapped error code ${String(unreachable)}`);
    }
  }
}

const DATABASE_UNAVAILABLE =
  /timeout exceeded when trying to connect|ECONNREFUSED|Connection terminated|the database system is (starting up|shutting down)|Can't reach database server|terminating connection/i;

interface StatusError extends Error {
  statusCode?: number;
  errors?: unknown[];
}

/** The error an error wraps, with the status and bundled errors Mercurius may have given it. */
const originalOf = (error: GraphQLError): StatusError | undefined => error.originalError;

/**
 * An error of the request itself, found before anything ran: the document and its variables
 * (no path: nothing was executed; the original error, if any, is a scalar's parsing) or a
 * refusal with a 4xx status (the query guards).
 */
function isRequestError(error: GraphQLError): boolean {
  const original = originalOf(error);
  const documentError = error.path === undefined && (original === undefined || original instanceof GraphQLError);
  const refusedRequest =
    original !== undefined &&
    !(original instanceof GraphQLError) &&
    typeof original.statusCode === 'number' &&
    original.statusCode >= 400 &&
    original.statusCode < 500;
  return documentError || refusedRequest;
}

/**
 * What the client sees of one error:
 * - a DomainError keeps its message, with its code and details in `extensions`;
 * - an error of the document itself (syntax, an unknown field, a variable of the wrong type,
 *   a missing argument, a limit of the query guards) is BAD_USER_INPUT;
 * - anything else (a bug, the database) is masked as INTERNAL_SERVER_ERROR and logged with
 *   the request id: no message, stack or SQL leaves the server.
 */
export function mapGraphQLError(error: GraphQLError, log: Logger, requestId: string, options: FormatOptions = {}): GraphQLError {
  const original = originalOf(error);
  const keep = { nodes: error.nodes, path: error.path };
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, { ...keep, extensions: extensionsFor(original) });
  }
  if (isRequestError(error)) {
    // In production, "Did you mean ...?" would reveal the schema that introspection hides.
    const message = options.hideSuggestions ? error.message.replace(/ ?Did you mean .*\?$/s, '') : error.message;
    return new GraphQLError(message, { ...keep, extensions: { code: 'BAD_USER_INPUT', fields: [] } });
  }
  log.error({ err: original ?? error, requestId, path: error.path }, 'unexpected error while answering a GraphQL request');
  // An unreachable or saturated database is worth saying plainly (it passes); no detail leaves.
  const message = DATABASE_UNAVAILABLE.test(original?.message ?? '') ? 'The database is unavailable or busy: try again shortly' : 'Internal server error';
  return new GraphQLError(message, { ...keep, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
}

interface FormatterContext {
  request?: { id?: unknown; log?: Logger };
  reply?: { request?: { id?: unknown; log?: Logger } };
}

interface Execution {
  data?: unknown;
  errors?: readonly GraphQLError[];
  statusCode?: number;
}

/** Mercurius's errorFormatter: every error of a response goes through mapGraphQLError. */
export interface FormatOptions {
  hideSuggestions?: boolean;
}

/** What Mercurius is to answer, and what kind of failure it is (for the GraphQL-over-HTTP dialect of the request). */
export interface FormattedExecution {
  statusCode: number;
  response: { data?: Record<string, unknown> | null; errors: ReturnType<GraphQLError['toJSON']>[] };
  /** Refused before anything ran: the request, its document or its variables. */
  beforeExecution: boolean;
  /** A mutation sent over GET. */
  methodNotAllowed: boolean;
}

export function formatExecutionErrors(execution: Execution, context: FormatterContext, options: FormatOptions = {}): FormattedExecution {
  const request = context.request ?? context.reply?.request;
  const log: Logger = request?.log ?? console;
  const requestId = typeof request?.id === 'string' ? request.id : 'unknown';
  // Mercurius bundles validation errors into one error whose originalError lists them.
  const flat = (execution.errors ?? []).flatMap((error) => {
    const bundled = originalOf(error)?.errors;
    return Array.isArray(bundled) ? bundled.map(toGraphQLError) : [error];
  });
  const errors = flat.map((error) => mapGraphQLError(error, log, requestId, options).toJSON());
  const refusal = (execution.errors ?? []).map((e) => originalOf(e)?.statusCode).find(Boolean);
  // A refused request is a 400, a mutation sent over GET included (for which Mercurius would
  // answer 405), and so are variables refused by a compiled query, which Mercurius would
  // answer with 200 where the same request answered 400 before the query was compiled.
  const refused = flat.length > 0 && flat.every(isRequestError);
  const statusCode = execution.data ? 200 : refusal === 405 || (refused && !refusal) ? 400 : (execution.statusCode ?? refusal ?? 200);
  return {
    statusCode,
    response: { data: (execution.data ?? null) as Record<string, unknown> | null, errors },
    beforeExecution: !execution.data && refused,
    methodNotAllowed: refusal === 405,
  };
}

function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const err = error as Error & { nodes?: never; path?: never };
  // Validation errors arrive serialised-looking but without a path: keep them document errors.
  return new GraphQLError(err.message, { nodes: err.nodes, path: err.path });
}
