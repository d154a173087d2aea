import { createHash } from 'node:crypto';
import { badInput } from '../errors/domain-error.js';
import { isUuid } from '../validation/uuid.js';

/** A position in a keyset-ordered list: the sort value and the id that breaks ties. */
export interface KeysetPosition {
  at: Date;
  id: string;
}

// The cursor names the list it was issued for (a short hash of the list's identity: the
// query, the publication, the filters), so one list's cursor is refused by another.
const listTag = (list: string) => createHash('sha256').update(list).digest('base64url').slice(0, 8);

/** An opaque cursor for `position` in the list identified by `list`. */
export function encodeCursor(list: string, position: KeysetPosition): string {
  return cursorEncoder(list)(position);
}

/** Cursors of one list: its tag hashed once for a whole page. */
export function cursorEncoder(list: string): (position: KeysetPosition) => string {
  const tag = listTag(list);
  return (position) => Buffer.from(JSON.stringify([tag, position.at.toISOString(), position.id])).toString('base64url');
}

/** The position a cursor stands for; BAD_USER_INPUT if this API did not issue it for `list`. */
export function decodeCursor(list: string, cursor: string, field = 'after'): KeysetPosition {
  const refuse = () => badInput([{ field, message: 'is not a cursor of this list' }]);
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw refuse();
  const [tag, at, id] = parsed as unknown[];
  if (tag !== listTag(list) || typeof at !== 'string' || !isUuid(id)) throw refuse();
  const date = new Date(at);
  // Only the years every date of the API takes (0001-9999): an edited date out of range would fail in SQL.
  if (Number.isNaN(date.getTime()) || date.toISOString() !== at || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) throw refuse();
  return { at: date, id };
}
