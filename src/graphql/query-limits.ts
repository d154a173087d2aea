import { GraphQLError, Kind, type ASTVisitor, type ValidationContext } from 'graphql';

// Guards against abusive documents, run with GraphQL validation (before any resolver).
// Depth is limited by Mercurius's queryDepth; these add what it does not.

export const QUERY_LIMITS = {
  depth: 10,
  aliases: 15,
  directives: 50,
  fields: 400,
} as const;

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
