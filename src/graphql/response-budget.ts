import {
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { DomainError } from '../common/errors/domain-error.js';
import { QUERY_LIMITS } from './query-limits.js';

// What one response may hold, enforced while it resolves. The cost limit refuses a document
// before anything runs, but it can only estimate lists whose length the data decides
// (sections, pages, the stories of a page) and cannot know how long a body is. So every list
// is charged here as it resolves, in the cost's own units: a field counts its declared
// complexity when that is a number (text fields declare their size class: a unit is about a
// kilobyte) and 1 otherwise; a list charges its items times the units of one item, less the
// lists inside it, which charge themselves. Bodies are charged by their bytes, before they
// are loaded. A response therefore holds at most RESPONSE_LIMITS.units units (about that many
// kilobytes), the fields outside lists (400 at most) and RESPONSE_LIMITS.textBytes of bodies.
export const RESPONSE_LIMITS = {
  /** Units of the fields inside lists. */
  units: QUERY_LIMITS.cost,
  /** UTF-8 bytes of article bodies (HTML and text, of articles and of their revisions). */
  textBytes: 4 * 1024 * 1024,
} as const;

const tooLarge = (what: string) =>
  new DomainError('BAD_USER_INPUT', `The response would be too large (${what}): ask for fewer or smaller lists, or fewer bodies`, { fields: [] });

/** The units a field counts for itself: its declared complexity when a number, else 1. */
function weightOf(complexity: unknown): number {
  return typeof complexity === 'number' ? complexity : 1;
}

/** The units of a selection on `type`: its fields, objects below them, and 1 for each list below (it charges itself). */
function unitsOf(type: GraphQLNamedType | undefined, selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo, seen: ReadonlySet<string>): number {
  if (!selectionSet || !type || !(isObjectType(type) || isInterfaceType(type))) return 0;
  const fields = type.getFields();
  let units = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const field = fields[selection.name.value];
      if (!field) {
        units += 1; // __typename
        continue;
      }
      units += weightOf(field.extensions.complexity);
      const named = getNamedType(field.type);
      if (isCompositeType(named) && !isListType(getNullableType(field.type))) units += unitsOf(named, selection.selectionSet, info, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const inner = selection.typeCondition ? info.schema.getType(selection.typeCondition.name.value) : type;
      units += unitsOf(inner ?? undefined, selection.selectionSet, info, seen);
    } else if (!seen.has(selection.name.value)) {
      const fragment = info.fragments[selection.name.value];
      if (fragment)
        units += unitsOf(
          info.schema.getType(fragment.typeCondition.name.value) ?? undefined,
          fragment.selectionSet,
          info,
          new Set([...seen, selection.name.value]),
        );
    }
  }
  return units;
}

/** The `edges` fields selected on a connection, fragments expanded. */
function edgeSelections(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo, seen: ReadonlySet<string>): FieldNode[] {
  const found: FieldNode[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === 'edges') found.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found.push(...edgeSelections(selection.selectionSet, info, seen));
    } else if (!seen.has(selection.name.value)) {
      found.push(...edgeSelections(info.fragments[selection.name.value]?.selectionSet, info, new Set([...seen, selection.name.value])));
    }
  }
  return found;
}

// Units per item, per field of a document (the same field nodes every time it is resolved).
const perItem = new WeakMap<readonly FieldNode[], number>();

function memo(info: GraphQLResolveInfo, compute: () => number): number {
  let units = perItem.get(info.fieldNodes);
  if (units === undefined) {
    units = compute();
    perItem.set(info.fieldNodes, units);
  }
  return units;
}

/** The response limits of one request. */
export class ResponseBudget {
  private units = 0;
  private textBytes = 0;

  /** Charges a list field's items; refuses past the limit. */
  list<T>(items: readonly T[], info: GraphQLResolveInfo): readonly T[] {
    const item = getNamedType(info.returnType);
    this.charge(items.length * memo(info, () => info.fieldNodes.reduce((sum, node) => sum + unitsOf(item, node.selectionSet, info, new Set()), 0)));
    return items;
  }

  /** Charges a connection's edges; refuses past the limit. */
  connection<C extends { edges: readonly unknown[] }>(connection: C, info: GraphQLResolveInfo): C {
    const type = getNamedType(info.returnType);
    const edge = isObjectType(type) ? getNamedType(type.getFields().edges?.type) : undefined;
    const units = memo(info, () =>
      info.fieldNodes
        .flatMap((node) => edgeSelections(node.selectionSet, info, new Set()))
        .reduce((sum, edges) => sum + unitsOf(edge, edges.selectionSet, info, new Set()), 0),
    );
    this.charge(connection.edges.length * units);
    return connection;
  }

  /** Charges `bytes` of article text before it is loaded; refuses past the limit. */
  text(bytes: number): void {
    this.textBytes += bytes;
    if (this.textBytes > RESPONSE_LIMITS.textBytes) {
      throw tooLarge(`more than ${RESPONSE_LIMITS.textBytes / 1024 / 1024} MiB of article text`);
    }
  }

  private charge(units: number): void {
    this.units += units;
    if (this.units > RESPONSE_LIMITS.units) throw tooLarge(`more than ${RESPONSE_LIMITS.units} units of fields in lists`);
  }
}
