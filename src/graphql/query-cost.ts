import { GraphQLError, getNamedType, getNullableType, isCompositeType, isListType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DomainError } from '../common/errors/domain-error.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/pagination/connection.js';
import { QUERY_LIMITS } from './query-limits.js';

// The cost of a document is what it will make the server resolve: every field counts 1,
// times the size of each list it sits in. A list with a `first` argument declares its
// size from it (`listOf`); graphql-query-complexity gives the estimator the argument as
// execution will see it: the request's variable, else the variable's default, else the
// argument's default. Lists whose size only the data knows (bylines, sections, pages) are
// estimated here and held to the same limit at run time by the ResponseBudget.

/** How many items a list without `first` is expected to hold, for the cost before running. */
export const ESTIMATED_LIST_SIZE = 10;

/**
 * A field's complexity when it returns up to `first` items (`defaultSize` when not given).
 * Sizes beyond `max` are counted as `max`: the argument's own validation refuses them with
 * a message that names it.
 */
export function listOf(defaultSize: number, max: number, argument = 'first') {
  return ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }): number => {
    const given = args[argument];
    const size = typeof given === 'number' && given > 0 ? Math.min(given, max) : defaultSize;
    return 1 + size * childComplexity;
  };
}

/** The complexity of a Relay connection: `first` (default 20, at most 100) items. */
export const pageComplexity = listOf(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);

const estimatedLists: ComplexityEstimator = ({ field, childComplexity }) => {
  const many = isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
  return 1 + (many ? ESTIMATED_LIST_SIZE : 1) * childComplexity;
};

/** The cost of the operation that this request runs, with its variables. */
export function documentCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string): number {
  return getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    operationName,
    estimators: [fieldExtensionsEstimator(), estimatedLists],
  });
}

interface HookContext {
  reply?: { request?: { body?: unknown; query?: unknown } };
}

/**
 * Mercurius preExecution hook: refuses a document whose cost, with this request's
 * variables, is over the limit. Validation cannot (Mercurius caches it per document,
 * without the variables); nothing has run yet. The client gets BAD_USER_INPUT (400).
 */
export async function refuseCostlyExecution(
  schema: GraphQLSchema,
  document: DocumentNode,
  context: HookContext,
  variables: Record<string, unknown> | undefined,
): Promise<void> {
  const request = context.reply?.request;
  const params = (request?.body ?? request?.query) as { operationName?: unknown } | undefined;
  const operationName = typeof params?.operationName === 'string' ? params.operationName : undefined;
  let cost: number;
  try {
    cost = documentCost(schema, document, variables, operationName);
  } catch (error) {
    // Variables that cannot be coerced are refused, naming the variable, by execution.
    if (error instanceof GraphQLError && error.message.startsWith('Variable "$')) return;
    throw Object.assign(new DomainError('BAD_USER_INPUT', (error as Error).message, { fields: [] }), { statusCode: 400 });
  }
  if (cost > QUERY_LIMITS.cost) {
    const shown = cost > 10 * QUERY_LIMITS.cost ? `over ${10 * QUERY_LIMITS.cost}` : String(cost);
    throw Object.assign(
      new DomainError('BAD_USER_INPUT', `This document would cost ${shown} (at most ${QUERY_LIMITS.cost}): ask for fewer or smaller lists`, { fields: [] }),
      { statusCode: 400 },
    );
  }
}
