// The archive sitemaps' files: one a month (`2021-04`), in the publication's time zone. A month
// of more stories than a sitemap may hold continues in `2021-04-2`, `2021-04-3`..., each the next
// stories in publication order; a story added later goes at the end, so earlier files keep theirs.

/**
 * The most URLs one archive file lists. sitemaps.org allows 50,000, but a file that long (with
 * its pictures, 15 MB and more) is past what a kept document may be (kept-documents.ts) and
 * would be built anew for every request; at 10,000 each file is kept like the rest.
 */
export const SITEMAP_MAX_URLS = 10_000;

export interface ArchiveFile {
  year: number;
  month: number;
  /** 1 for the month's first file. */
  part: number;
}

/** The file a name stands for (`2021-04.xml`, `2021-04-2.xml`); null for any other name. */
export function parseArchiveFile(name: string): ArchiveFile | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])(?:-([2-9]|[1-9]\d{1,5}))?\.xml$/.exec(name);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 1) return null;
  return { year, month: Number(match[2]), part: match[3] === undefined ? 1 : Number(match[3]) };
}

/** The names of a month's files (`2021-04`, `2021-04-2`...), for `stories` stories. */
export function archiveFileNames(month: string, stories: number, perFile = SITEMAP_MAX_URLS): string[] {
  const files = Math.max(1, Math.ceil(stories / perFile));
  return Array.from({ length: files }, (_, index) => (index === 0 ? month : `${month}-${index + 1}`));
}
