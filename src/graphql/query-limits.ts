import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  Source,
  type ASTVisitor,
  type DocumentNode,
  type SelectionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { DomainError } from '../common/errors/domain-error.js';

// Guards against abusive documents, run with GraphQL validation (before any resolver).
// Depth, aliases and directives are graphql-armor's rules (see app.module.ts) with these
// limits; the cost is graphql-query-complexity's (query-cost.ts). What no library does is
// here: the number of fields with fragments expanded, reserved operation names, fields a
// request may ask once, and documents that were not GraphQL text.

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

/** At most `max` field selections in a document, counting each fragment where it is spread. */
export function maxFieldsRule(max: number = QUERY_LIMITS.fields) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const fragments = new Map(context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
      let count = 0;
      const visit = (selections: readonly SelectionNode[], path: Set<string>): void => {
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

/** Operation names starting with "__" are reserved for introspection. */
export function noReservedOperationNamesRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.name?.value.startsWith('__')) {
        context.reportError(
          new GraphQLError(`"${operation.name.value}" is a reserved name: names starting with "__" are for introspection`, { nodes: [operation] }),
        );
      }
    },
  };
}

/**
 * Root fields a request may ask once: a mutation runs its fields one after another and
 * stops at the first that fails, so a second `login` would be silently skipped after a
 * wrong password. Each sign-in attempt is a request of its own.
 */
export function onceOnlyRootFieldsRule(names: readonly string[] = ['login']) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const fragments = new Map(context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
      const seen = new Map<string, number>();
      const visit = (selections: readonly SelectionNode[], path: ReadonlySet<string>): void => {
        for (const selection of selections) {
          if (selection.kind === Kind.FIELD) {
            if (names.includes(selection.name.value)) seen.set(selection.name.value, (seen.get(selection.name.value) ?? 0) + 1);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            visit(selection.selectionSet.selections, path);
          } else {
            const fragment = fragments.get(selection.name.value);
            if (fragment && !path.has(fragment.name.value)) visit(fragment.selectionSet.selections, new Set([...path, fragment.name.value]));
          }
        }
      };
      visit(operation.selectionSet.selections, new Set());
      for (const [name, count] of seen) {
        if (count > 1) {
          context.reportError(new GraphQLError(`"${name}" may be asked once per request (this one asks ${count} times)`, { nodes: [operation] }));
        }
      }
    },
  });
}

/**
 * Mercurius preValidation hook: the document must have come from GraphQL text. When the
 * text does not parse, Mercurius tries it as a JSON-encoded syntax tree, and a malformed
 * tree then fails inside validation as an internal error; a tree the parser did not build
 * has no parsed source, and is refused here as the syntax error it is.
 */
export async function refuseParsedElsewhere(_schema: unknown, document: DocumentNode | null): Promise<void> {
  // JSON.parse of the text may give anything: null, a number, an array, a made-up tree.
  if (typeof document !== 'object' || document === null || !(document.loc?.source instanceof Source)) {
    throw Object.assign(new DomainError('BAD_USER_INPUT', 'The query must be a GraphQL document written as text', { fields: [] }), { statusCode: 400 });
  }
}

/**
 * The rules every document is held to beyond GraphQL's own, over HTTP (Mercurius's
 * validationRules) and over WebSocket (src/desk/live-transport.ts) alike.
 */
export function queryValidationRules(production: boolean): ValidationRule[] {
  return [
    // Fragments count as the fields they hold, not as a level of their own.
    maxDepthRule({ n: QUERY_LIMITS.depth, flattenFragments: true }),
    maxAliasesRule({ n: QUERY_LIMITS.aliases }),
    maxDirectivesRule({ n: QUERY_LIMITS.directives }),
    maxFieldsRule(),
    noReservedOperationNamesRule,
    onceOnlyRootFieldsRule(),
    ...(production ? [NoSchemaIntrospectionCustomRule] : []),
  ];
}
