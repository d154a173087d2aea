import {
  GraphQLError,
  Kind,
  getNamedType,
  getOperationAST,
  getNullableType,
  isCompositeType,
  isListType,
  type DocumentNode,
  type GraphQLSchema,
  type OperationTypeNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import { DomainError } from '../common/errors/domain-error.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/pagination/connection.js';
import { QUERY_LIMITS } from './query-limits.js';

// The cost of a document is what it will make the server resolve: every field counts 1,
// times the size of each list it sits in. A list with a `first` argument declares its
// size from it (`listOf`); graphql-query-complexity gives the estimator the argument as
// execution will see it: the request's variable, else the variable's default, else the
// argument's default. Lists whose size only the data knows (bylines, sections, pages) are
// estimated here and held to the same limit at run time by the ResponseBudget.

/**
 * The units a text field of at most `maxChars` characters counts (about a kilobyte of UTF-8
 * each): what it can add to a response, for the cost and for the response budget.
 */
export function textUnits(maxChars: number): number {
  return Math.max(1, Math.ceil((maxChars * 3) / 1024));
}

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

// Costs computed, per document (Mercurius parses a document text once and hands the same
// node to every request of it) and operation and variables: a front page asked a thousand
// times is costed once (the walk was a twentieth of its time in a profile).
const costs = new WeakMap<DocumentNode, LRUCache<string, number>>();

/** The cost of the operation that this request runs, with its variables. */
export function documentCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string): number {
  let known = costs.get(document);
  if (!known) costs.set(document, (known = new LRUCache({ max: 200 })));
  const key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}`;
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const cost = getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    operationName,
    estimators: [fieldExtensionsEstimator(), estimatedLists],
  });
  // Not the variables of a whole article body: only small keys are kept.
  if (key.length <= 1_000) known.set(key, cost);
  return cost;
}

interface HookContext {
  operationName?: string;
  operationType?: OperationTypeNode;
}

const refuse = (message: string) => Object.assign(new DomainError('BAD_USER_INPUT', message, { fields: [] }), { statusCode: 400 });

/** A request GraphQL over HTTP does not serve (a subscription): BAD_USER_INPUT, 400. */
export const refusedOverHttp = refuse;

/**
 * Mercurius preExecution hook, before anything runs: the operation the request names must be
 * in the document, and its cost with this request's variables within the limit (validation
 * cannot see the variables: Mercurius caches it per document). The client gets
 * BAD_USER_INPUT (400).
 *
 * Mercurius keeps one compiled query per document text, whatever operation it was compiled
 * for: a document of several operations is therefore run uncompiled (returning it as
 * "modified" tells Mercurius so), or a later request could run an operation other than the
 * one it named and was costed for.
 */
export async function checkExecution(
  schema: GraphQLSchema,
  document: DocumentNode,
  context: HookContext,
  variables: Record<string, unknown> | undefined,
): Promise<{ document: DocumentNode } | undefined> {
  const operationName = context.operationName;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    throw refuse(
      operationName
        ? `"${operationName.slice(0, 100)}" is not an operation of this document`
        : 'This document has several operations: name the one to run with operationName',
    );
  }
  context.operationType = operation.operation;
  let cost: number;
  try {
    cost = documentCost(schema, document, variables, operations.length > 1 ? operation.name?.value : undefined);
  } catch (error) {
    // Variables that cannot be coerced are refused, naming the variable, by execution.
    if (error instanceof GraphQLError && error.message.startsWith('Variable "$')) return operations.length > 1 ? { document } : undefined;
    throw refuse((error as Error).message);
  }
  if (cost > QUERY_LIMITS.cost) {
    const shown = cost > 10 * QUERY_LIMITS.cost ? `over ${10 * QUERY_LIMITS.cost}` : String(cost);
    throw refuse(`This document would cost ${shown} (at most ${QUERY_LIMITS.cost}): ask for fewer or smaller lists`);
  }
  return operations.length > 1 ? { document } : undefined;
}
