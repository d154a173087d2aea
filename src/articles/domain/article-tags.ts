/** Tags are kept lower-case with single spaces, so "Afghan  Peace" and "afghan peace" are one. */
export function normalizeTag(tag: string): string {
  // Zero-width characters are invisible: a tag of them alone is no tag.
  return tag
    .normalize('NFC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/gu, '')
    .trim()
    .replace(/\s+/gu, ' ')
    .toLowerCase();
}

/** Normalised, without blanks or repeats, in the order given. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normalizeTag).filter((tag) => tag !== ''))];
}
