import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  valueFromAST,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type SelectionNode,
  type ValidationContext,
  type DocumentNode,
  type GraphQLSchema,
  validate,
} from 'graphql';
import { DomainError } from '../common/errors/domain-error.js';
import { MAX_PAGE_SIZE } from '../common/pagination/connection.js';

// Guards against abusive documents, run with GraphQL validation (before any resolver).
// Depth is limited by Mercurius's queryDepth; these add what it does not.

export const QUERY_LIMITS = {
  depth: 10,
  aliases: 15,
  directives: 50,
  fields: 400,
  /** Fields the document may make the server resolve, list sizes multiplied out. */
  cost: 10_000,
  /** Characters of a document (a token limit, counted before parsing). */
  documentLength: 20_000,
} as const;

// A list without `first` is costed as this many items (bylines, sections, pages...).
const UNBOUNDED_LIST_ESTIMATE = 10;

/** At most `max` aliased fields in a document (aliases multiply work, e.g. 100 logins). */
export function maxAliasesRule(max: number = QUERY_LIMITS.aliases) {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias && ++count === max + 1) {
          context.reportError(new GraphQLError(`A document may use at most ${max} aliases`, { nodes: [node] }));
        }
      },
    };
  };
}

/** At most `max` directives in a document. */
export function maxDirectivesRule(max: number = QUERY_LIMITS.directives) {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    return {
      Directive(node) {
        if (++count === max + 1) {
          context.reportError(new GraphQLError(`A document may use at most ${max} directives`, { nodes: [node] }));
        }
      },
    };
  };
}

/** At most `max` field selections in a document, counting each fragment where it is spread. */
export function maxFieldsRule(max: number = QUERY_LIMITS.fields) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const fragments = new Map(
        context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
      );
      let count = 0;
      const visit = (selections: readonly import('graphql').SelectionNode[], path: Set<string>): void => {
        for (const selection of selections) {
          if (count > max) return;
          if (selection.kind === Kind.FIELD) {
            count++;
            if (selection.selectionSet) visit(selection.selectionSet.selections, path);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            visit(selection.selectionSet.selections, path);
          } else {
            const name = selection.name.value;
            const fragment = fragments.get(name);
            // A cycle is reported by graphql's own NoFragmentCycles rule; just stop here.
            if (fragment && !path.has(name)) visit(fragment.selectionSet.selections, new Set([...path, name]));
          }
        }
      };
      visit(operation.selectionSet.selections, new Set());
      if (count > max) {
        context.reportError(new GraphQLError(`A document may select at most ${max} fields`, { nodes: [operation] }));
      }
    },
  });
}

/**
 * The cost of a document: every field resolved counts 1, times the size of each list it
 * sits in. A list's size is its `first` argument (from the document or its variables, else
 * the argument's default), 10 for a list with no `first`, and 1 for a connection's edges
 * (the connection's `first` already counts them). Refused above `max`.
 */
export function maxCostRule(variables: Record<string, unknown> | undefined, max: number = QUERY_LIMITS.cost) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const schema = context.getSchema();
      const root = schema.getRootType(operation.operation);
      if (!root) return;
      const fragments = new Map(
        context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
      );
      const costOf = (type: GraphQLNamedType, selections: readonly SelectionNode[], seen: ReadonlySet<string>): number => {
        let total = 0;
        for (const selection of selections) {
          if (total > max) return total;
          if (selection.kind === Kind.FIELD) {
            const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
            if (!field || !selection.selectionSet) {
              total += 1;
              continue;
            }
            const size = listSize(field, selection, variables);
            total += 1 + size * costOf(getNamedType(field.type), selection.selectionSet.selections, seen);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            const inner = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? type) : type;
            total += costOf(inner, selection.selectionSet.selections, seen);
          } else {
            const fragment: FragmentDefinitionNode | undefined = fragments.get(selection.name.value);
            // Unknown fragments and cycles are reported by graphql's own rules.
            if (!fragment || seen.has(fragment.name.value)) continue;
            const inner = schema.getType(fragment.typeCondition.name.value) ?? type;
            total += costOf(inner, fragment.selectionSet.selections, new Set([...seen, fragment.name.value]));
          }
        }
        return total;
      };
      const cost = costOf(root, operation.selectionSet.selections, new Set());
      if (cost > max) {
        context.reportError(
          new GraphQLError(`This document would cost ${cost > 10 * max ? `over ${10 * max}` : cost} (at most ${max}): ask for fewer or smaller lists`, {
            nodes: [operation],
          }),
        );
      }
    },
  });
}

function listSize(field: GraphQLField<unknown, unknown>, node: import('graphql').FieldNode, variables: Record<string, unknown> | undefined): number {
  const first = field.args.find((arg) => arg.name === 'first');
  if (first) {
    const given = node.arguments?.find((arg) => arg.name.value === 'first');
    const value = given ? valueFromAST(given.value, first.type, variables) : first.defaultValue;
    // Out-of-range values are refused, naming the argument, when the field resolves.
    return typeof value === 'number' && value > 0 ? Math.min(value, MAX_PAGE_SIZE) : 1;
  }
  if (field.name === 'edges') return 1;
  return isListType(getNullableType(field.type)) ? UNBOUNDED_LIST_ESTIMATE : 1;
}

/**
 * Mercurius preExecution hook: refuses a document whose cost, with this request's
 * variables, is over the limit. Nothing has run yet; the client gets BAD_USER_INPUT (400).
 */
export async function refuseCostlyExecution(
  schema: GraphQLSchema,
  document: DocumentNode,
  _context: unknown,
  variables: Record<string, unknown> | undefined,
): Promise<void> {
  const [error] = validate(schema, document, [maxCostRule(variables)]);
  if (error) throw Object.assign(new DomainError('BAD_USER_INPUT', error.message, { fields: [] }), { statusCode: 400 });
}

/** Operation names starting with "__" are reserved for introspection. */
export function noReservedOperationNamesRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.name?.value.startsWith('__')) {
        context.reportError(new GraphQLError(`"${operation.name.value}" is a reserved name: names starting with "__" are for introspection`, { nodes: [operation] }));
      }
    },
  };
}
