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
