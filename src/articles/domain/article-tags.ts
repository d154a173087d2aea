/** Tags are kept lower-case with single spaces, so "Afghan  Peace" and "afghan peace" are one. */
export function normalizeTag(tag: string): string {
  return tag.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** Normalised, without blanks or repeats, in the order given. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normalizeTag).filter((tag) => tag !== ''))];
}
