import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { DomainError } from '../common/errors/domain-error.js';
import { QUERY_LIMITS } from './query-limits.js';

// What one response may hold, enforced while it is being resolved. The cost limit refuses a
// document before anything runs, but it can only estimate lists whose size the data decides
// (sections, pages, bylines of a page) and it cannot know how long an article body is: a
// document under the cost limit asking for 15 articles' revisions could otherwise build
// hundreds of MiB. Lists of that kind and article text are charged here as they resolve.
export const RESPONSE_LIMITS = {
  /** Fields resolved inside lists whose length is only known at run time. */
  listFields: QUERY_LIMITS.cost,
  /** UTF-8 bytes of article bodies (HTML and text, of articles and of their revisions). */
  textBytes: 4 * 1024 * 1024,
} as const;

const tooLarge = (what: string) =>
  new DomainError('BAD_USER_INPUT', `The response would be too large (${what}): ask for fewer or smaller lists, or fewer bodies`, { fields: [] });

// Fields selected under a list field, per item, fragments expanded; cached per document node.
const fieldsPerItem = new WeakMap<readonly FieldNode[], number>();

function countFields(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo, seen: ReadonlySet<string>): number {
  let count = 0;
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      count += 1 + countFields(selection.selectionSet, info, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countFields(selection.selectionSet, info, seen);
    } else if (!seen.has(selection.name.value)) {
      const fragment = info.fragments[selection.name.value];
      count += countFields(fragment?.selectionSet, info, new Set([...seen, selection.name.value]));
    }
  }
  return count;
}

/** The response limits of one request. */
export class ResponseBudget {
  private listFields = 0;
  private textBytes = 0;

  /** Charges a list of `items` for the fields the request selects on each; refuses past the limit. */
  list<T>(items: readonly T[], info: GraphQLResolveInfo): readonly T[] {
    let perItem = fieldsPerItem.get(info.fieldNodes);
    if (perItem === undefined) {
      perItem = Math.max(1, info.fieldNodes.reduce((sum, node) => sum + countFields(node.selectionSet, info, new Set()), 0));
      fieldsPerItem.set(info.fieldNodes, perItem);
    }
    this.listFields += items.length * perItem;
    if (this.listFields > RESPONSE_LIMITS.listFields) throw tooLarge(`more than ${RESPONSE_LIMITS.listFields} fields in lists`);
    return items;
  }

  /** Charges `bytes` of article text before it is loaded; refuses past the limit. */
  text(bytes: number): void {
    this.textBytes += bytes;
    if (this.textBytes > RESPONSE_LIMITS.textBytes) {
      throw tooLarge(`more than ${RESPONSE_LIMITS.textBytes / 1024 / 1024} MiB of article text`);
    }
  }
}
