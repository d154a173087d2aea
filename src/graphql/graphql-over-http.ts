import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import type { FormattedExecution } from '../common/errors/graphql-error-mapping.js';

// The GraphQL-over-HTTP specification's rules for /graphql: which media type an answer is
// written in (from the request's Accept header), which status a request error gets in it, and
// which requests are well-formed at all. graphql-http's audit checks them
// (test/graphql-over-http.e2e-spec.ts).

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

/**
 * How an answer of /graphql is written:
 * - `graphql-response+json`, asked for: a request error (refused before anything ran) is a 4xx
 *   and has no `data` entry, so a client can trust the status whatever proxy stands between;
 * - `json`, asked for or picked by the server for a wildcard (`*\/*`): a well-formed request is
 *   answered 200 whatever GraphQL errors it meets (only a proxy's own answer is a 4xx), also
 *   without `data` when nothing ran;
 * - `unstated`, no Accept at all: the status codes of graphql-response+json (the specification's
 *   default since 2025, and what clients of this API have always had: 400 for a refused
 *   document, `data: null`), written as application/json, the one media type every client that
 *   never says what it reads understands.
 */
type ResponseDialect = 'graphql-response+json' | 'json' | 'unstated';

const dialects = new WeakMap<FastifyRequest, ResponseDialect>();
/** Requests whose parameters were found well-formed: what fails after that is a GraphQL error. */
const wellFormed = new WeakSet<FastifyRequest>();

interface MediaRange {
  type: string;
  q: number;
  index: number;
}

function mediaRanges(accept: string): MediaRange[] {
  return accept.split(',').flatMap((part, index) => {
    const [type, ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    let q = 1;
    for (const parameter of parameters) {
      const [name, value = ''] = parameter.split('=').map((piece) => piece.trim());
      if (name === 'q') q = Number(value);
      // Answers are UTF-8 only: a range asking for another charset matches nothing.
      if (name === 'charset' && !['utf-8', 'utf8'].includes(value.replace(/"/g, ''))) return [];
    }
    return type && Number.isFinite(q) ? [{ type, q: Math.min(Math.max(q, 0), 1), index }] : [];
  });
}

/** The quality of one media type: the q of the most specific range that names it (RFC 9110). */
function qualityOf(ranges: MediaRange[], type: string): { q: number; named: boolean; index: number } {
  const specificity = (range: MediaRange) => (range.type === type ? 2 : range.type === 'application/*' ? 1 : range.type === '*/*' ? 0 : -1);
  let best: MediaRange | undefined;
  for (const range of ranges) if (specificity(range) >= 0 && (best === undefined || specificity(range) > specificity(best))) best = range;
  return best === undefined ? { q: 0, named: false, index: Infinity } : { q: best.q, named: best.type === type, index: best.index };
}

/** The dialect a request asks for; null when it accepts neither media type (406). */
function negotiate(accept: string | undefined): ResponseDialect | null {
  if (accept === undefined || accept.trim() === '') return 'unstated';
  const ranges = mediaRanges(accept);
  const strict = qualityOf(ranges, GRAPHQL_RESPONSE_JSON);
  const json = qualityOf(ranges, JSON_TYPE);
  if (strict.q === 0 && json.q === 0) return null;
  // A client that names neither type (a browser's fetch and curl send `*/*`) is answered as
  // before the specification was followed: application/json, 400 for a refused document and
  // `"data": null`. Only a client that asks for application/json by name gets its 200s.
  if (!strict.named && !json.named) return 'unstated';
  if (strict.q !== json.q) return strict.q > json.q ? 'graphql-response+json' : 'json';
  // Equal: the type named rather than matched by a wildcard, then the one listed first; for a
  // bare wildcard, application/json, which every client reads.
  if (strict.named !== json.named) return strict.named ? 'graphql-response+json' : 'json';
  return strict.named && strict.index < json.index ? 'graphql-response+json' : 'json';
}

function dialectOf(request: FastifyRequest | undefined): ResponseDialect {
  return (request && dialects.get(request)) ?? 'unstated';
}

interface ContextWithRequest {
  request?: unknown;
  reply?: { request?: unknown };
}

/**
 * Mercurius's errorFormatter's answer in the dialect of the request: a request error keeps its
 * status only where the dialect wants one (a well-formed request asking for application/json is
 * answered 200), and loses its `data` entry unless the client stated nothing.
 */
export function inDialect(formatted: FormattedExecution, context: ContextWithRequest): FormattedExecution {
  if (!formatted.beforeExecution) return formatted;
  const request = (context.request ?? context.reply?.request) as FastifyRequest | undefined;
  const dialect = dialectOf(request);
  if (dialect === 'unstated') return formatted;
  const { data: _data, ...response } = formatted.response;
  // A mutation over GET is a 405 by the specification (400 for clients that state nothing, as it always was).
  const statusCode = formatted.methodNotAllowed
    ? 405
    : dialect === 'json' && request !== undefined && wellFormed.has(request) && formatted.statusCode < 500
      ? 200
      : formatted.statusCode;
  return { ...formatted, statusCode, response };
}

/** A request refused for what it is, before GraphQL reads it: a 4xx in every dialect. */
function notWellFormed(message: string): Error {
  return Object.assign(new DomainError('BAD_USER_INPUT', message, { fields: [] }), { statusCode: 400 });
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parsedJson(value: unknown, name: string): unknown {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw notWellFormed(`${name} must be given once, as JSON`);
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw notWellFormed(`${name} is not JSON`);
  }
}

/**
 * A request's parameters as the specification has them: `query` a string (or absent, for a
 * persisted query named by its hash in `extensions`), `operationName` a string, `variables` and
 * `extensions` maps; null is the same as absent (and is removed, so that Mercurius, whose
 * schema refuses a null `extensions`, sees what the client meant).
 */
function checkParameters(params: Record<string, unknown>, fromQueryString: boolean): void {
  for (const name of ['query', 'operationName', 'variables', 'extensions']) if (params[name] === null) delete params[name];
  const variables = fromQueryString ? parsedJson(params.variables, 'variables') : params.variables;
  const extensions = fromQueryString ? parsedJson(params.extensions, 'extensions') : params.extensions;
  if (variables !== undefined && variables !== null && !isMap(variables)) throw notWellFormed('variables must be a map of names to values');
  if (extensions !== undefined && extensions !== null && !isMap(extensions)) throw notWellFormed('extensions must be a map');
  if (params.operationName !== undefined && typeof params.operationName !== 'string') throw notWellFormed('operationName must be a string');
  if (params.query === undefined ? !isMap(extensions) || !isMap(extensions.persistedQuery) : typeof params.query !== 'string')
    throw notWellFormed('query must be a GraphQL document, as a string');
}

/**
 * Adds the hooks of the specification to /graphql: 406 for a client that reads neither media
 * type, the parameters checked before Mercurius sees them, and every answer labelled with the
 * media type negotiated. Register after any plugin that makes the body (mercurius-upload), so
 * that its body is what is checked.
 */
export function registerGraphQLOverHttp(app: FastifyInstance, graphqlPath = '/graphql'): void {
  // A WebSocket upgrade (subscriptions, src/desk/live-transport.ts) is no request of this
  // specification: the graphql-ws protocol has its own rules (@fastify/websocket marks it `ws`).
  const isGraphQL = (request: FastifyRequest) => request.routeOptions.url === graphqlPath && (request as { ws?: boolean }).ws !== true;
  app.addHook('onRequest', async (request) => {
    if (!isGraphQL(request)) return;
    const dialect = negotiate(request.headers.accept);
    if (dialect === null)
      throw Object.assign(new DomainError('BAD_USER_INPUT', `Not acceptable: answers are ${GRAPHQL_RESPONSE_JSON} or ${JSON_TYPE}`, { fields: [] }), {
        statusCode: 406,
      });
    dialects.set(request, dialect);
  });
  app.addHook('preValidation', async (request) => {
    if (!isGraphQL(request)) return;
    const inBody = request.method === 'POST';
    const params = inBody ? request.body : request.query;
    if (!isMap(params)) throw notWellFormed('The request must be a map of GraphQL parameters (query, operationName, variables, extensions)');
    checkParameters(params, !inBody);
    wellFormed.add(request);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!isGraphQL(request)) return payload;
    // A shared cache must not hand one client's media type to another.
    const vary = reply.getHeader('vary');
    void reply.header('vary', vary ? `${String(vary)}, Accept` : 'Accept');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith(JSON_TYPE) && dialectOf(request) === 'graphql-response+json')
      void reply.header('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
    if (reply.statusCode === 405) void reply.header('allow', 'POST');
    return payload;
  });
}
