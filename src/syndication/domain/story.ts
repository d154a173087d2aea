// A public story as the news ecosystem's formats show it: what the public may read of it and
// its publication, gathered once (syndication.service.ts) and laid out by each format
// (news-article.ts, ninjs.ts). Only public fields: no email, no status, no desk.

/** One rendition of a picture, at an absolute URL. */
export interface StoryRendition {
  /** A name for it among the picture's renditions, e.g. `landscape-jpeg`. */
  name: string;
  href: string;
  contentType: string;
  width?: number;
  height?: number;
}

export interface StoryPicture {
  /** 0: the lead picture; 1, 2, ...: the body's, in body order. */
  position: number;
  imageId: string;
  /** This use's caption and credit, else the image's. */
  caption: string | null;
  credit: string | null;
  alt: string | null;
  renditions: StoryRendition[];
}

export interface SyndicatedStory {
  id: string;
  canonicalSlug: string;
  headline: string;
  standfirst: string | null;
  authorNote: string | null;
  tags: string[];
  wordCount: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** When it went online. */
  publishedAt: Date;
  publicationId: string;
  publication: { name: string; url: string | null; locale: string };
  section: { slug: string; name: string };
  byline: { id: string; name: string; slug: string }[];
  /** Pictures with at least one rendition at an absolute URL, in position order. */
  pictures: StoryPicture[];
  corrections: { text: string; createdAt: Date }[];
  /** The body (ninjs only): sanitised HTML with its pictures drawn at absolute URLs, and its text. */
  body?: { html: string; text: string };
}

/** When the story last changed as the public sees it: never before it went online. */
export function lastModified(story: Pick<SyndicatedStory, 'updatedAt' | 'publishedAt'>): Date {
  return story.updatedAt.getTime() > story.publishedAt.getTime() ? story.updatedAt : story.publishedAt;
}

/** ISO 8601 in UTC, without milliseconds when there are none (as the GraphQL DateTime). */
export function isoTime(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

/** "A", "A and B", "A, B and C": a byline as a page prints it. */
export function bylineText(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The object without its undefined properties and empty lists (the formats leave out what a story lacks). */
export function withoutEmpty(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)));
}
