import type { DomainError } from './errors/domain-error.js';

/** A URL slug: lower case, ASCII, words joined by hyphens, at most 80 characters. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The first of `base`, `base-2`, `base-3`... that `isTaken` does not claim. A slug made from
 * a name with no letters or digits falls back to `fallback`.
 */
export async function uniqueSlug(base: string, isTaken: (slug: string) => Promise<boolean>, fallback = 'untitled'): Promise<string> {
  const root = slugify(base) || fallback;
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? root : `${root.slice(0, 75)}-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
  return `${root.slice(0, 60)}-${Date.now().toString(36)}`;
}

export interface FreeSlugInsert<T> {
  /** The slug asked for, if any: used as it is, or refused with `taken()`. */
  given?: string | null;
  /** What a slug is made from when none is given, and what to fall back to. */
  name: string;
  fallback: string;
  isTaken(slug: string): Promise<boolean>;
  /** Inserts under the slug; null when the slug was taken between the check and the insert. */
  insert(slug: string): Promise<T | null>;
  taken(): DomainError;
}

/**
 * Inserts a record (an article, a section, an author) under a free slug: the one given, or
 * one made from its name. A made slug can be taken between the check and the insert (another
 * instance, the same name at once): then the next one is made.
 */
export async function insertWithFreeSlug<T>(options: FreeSlugInsert<T>): Promise<T> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const slug = options.given ?? (await uniqueSlug(options.name, (s) => options.isTaken(s), options.fallback));
    if (options.given && (await options.isTaken(slug))) break;
    const inserted = await options.insert(slug);
    if (inserted !== null) return inserted;
    if (options.given) break;
  }
  throw options.taken();
}
