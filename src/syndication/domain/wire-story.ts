import { basename } from 'node:path';
import { htmlToText, paragraphsToHtml } from '../../articles/domain/article-body.js';
import { NINJS_ROLES } from './ninjs.js';

// What a wire file holds, read into a story the newsroom can take: an IPTC ninjs item (2.x,
// or 1.x as many agencies still send), or a story page saved as plain text (the scraped page
// format of fixtures/independent-opinion-2021-04-05.txt). Pure: no database, no Nest.

/** A story read from a wire file, before it is checked and written. */
export interface WireStory {
  /** What identifies the item at its source: a ninjs `uri`, `file:<name>` for a page. */
  sourceId: string;
  headline: string;
  standfirst: string | null;
  /** HTML as the source gave it (a page's paragraphs made HTML); sanitised when written. */
  bodyHtml: string;
  authorNote: string | null;
  /** Names, in byline order. */
  byline: string[];
  tags: string[];
}

/** A file that cannot be imported, and why (said to the operator as it is). */
export class WireFileRefused extends Error {}

const refuse = (reason: string): never => {
  throw new WireFileRefused(reason);
};

/** Reads a wire file: JSON (a `.json` name, or text starting with `{`) as ninjs, anything else as a text page. */
export function readWireFile(path: string, text: string): WireStory {
  const content = text.replace(/^\uFEFF/, '');
  if (path.toLowerCase().endsWith('.json') || content.trimStart().startsWith('{')) return readNinjs(content);
  return readTextPage(basename(path), content);
}

/** The names of a byline: "By A, B and C" is A, B and C. */
export function bylineNames(byline: string): string[] {
  return byline
    .replace(/^\s*by\s+/i, '')
    .split(/\s*(?:,|;|&|\band\b)\s*/i)
    .map((name) => name.replace(/[^\S\u00a0]+/g, ' ').trim())
    .filter((name) => name !== '');
}

// ---- ninjs ----------------------------------------------------------------------------------

interface Text {
  role?: unknown;
  contenttype?: unknown;
  value?: unknown;
}

/** A ninjs item (2.x names first, then 1.x's): only `uri`, a headline, a body and a byline are required. */
export function readNinjs(json: string): WireStory {
  let item: unknown;
  try {
    item = JSON.parse(json);
  } catch (error) {
    return refuse(`not JSON: ${(error as Error).message}`);
  }
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return refuse('not a ninjs item: the JSON is not an object');
  const ninjs = item as Record<string, unknown>;
  const uri = typeof ninjs.uri === 'string' ? ninjs.uri.trim() : '';
  if (!uri) refuse('no "uri": a ninjs item must have one (it identifies the story on a second import)');
  if (uri.length > 1000) refuse('"uri" is longer than 1000 characters');
  if (ninjs.type !== undefined && ninjs.type !== 'text') refuse(`a ${JSON.stringify(ninjs.type)} item, not a story ("type" must be "text")`);
  if (ninjs.pubstatus === 'canceled') refuse('canceled by the wire ("pubstatus": "canceled"): not imported; if the story ran, tell the desk');

  const headline = pick(texts(ninjs.headlines), [NINJS_ROLES.main]) ?? stringOr(ninjs.headline);
  if (!headline?.trim()) refuse('no headline ("headlines" or "headline")');

  const description = pick(texts(ninjs.descriptions), [NINJS_ROLES.summary, 'description', 'abstract', 'text']) ?? stringOr(ninjs.description_text);
  const bodies = texts(ninjs.bodies);
  const mainBodies = bodies.filter((body) => body.role !== NINJS_ROLES.authorNote);
  const htmlBody =
    mainBodies.find((body) => isHtml(body) && (body.role === undefined || body.role === NINJS_ROLES.main)) ??
    mainBodies.find(isHtml) ??
    (typeof ninjs.body_html === 'string' ? { value: ninjs.body_html } : undefined) ??
    (typeof ninjs.body_xhtml === 'string' ? { value: ninjs.body_xhtml } : undefined);
  const textBody = mainBodies.find((body) => !isHtml(body)) ?? (typeof ninjs.body_text === 'string' ? { value: ninjs.body_text } : undefined);
  const bodyHtml = htmlBody ? innerBody(String(htmlBody.value)) : textBody ? paragraphsToHtml(plainParagraphs(String(textBody.value))) : '';
  if (!bodyHtml.trim()) refuse('no body ("bodies", "body_html" or "body_text")');

  const by = stringOr(ninjs.by) ?? stringOr(ninjs.byline);
  const byline = by ? bylineNames(by) : [];
  if (byline.length === 0) refuse('no byline ("by" or "byline"): the desk needs an author');

  const note = bodies.find((body) => body.role === NINJS_ROLES.authorNote);
  const subjects = [...namesOf(ninjs.subjects), ...namesOf(ninjs.subject), ...(Array.isArray(ninjs.keywords) ? ninjs.keywords.filter(isString) : [])];
  return {
    sourceId: uri,
    headline: oneLine(headline!),
    standfirst: description ? oneLine(isHtmlText(description) ? htmlToText(description) : description) || null : null,
    bodyHtml,
    authorNote: note ? oneLine(String(note.value)) || null : null,
    byline,
    tags: subjects,
  };
}

/** The objects of a ninjs list (headlines, descriptions, bodies) that carry a string value. */
function texts(list: unknown): Text[] {
  return Array.isArray(list)
    ? list.filter((entry): entry is Text => entry !== null && typeof entry === 'object' && typeof (entry as Text).value === 'string')
    : [];
}

/** The value of the first entry with one of the roles, else of the first entry. */
function pick(list: Text[], roles: readonly string[]): string | undefined {
  const found = roles.map((role) => list.find((entry) => entry.role === role)).find(Boolean) ?? list[0];
  return found ? String(found.value) : undefined;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const isHtml = (text: Text) => typeof text.contenttype === 'string' && /html/i.test(text.contenttype);
const isHtmlText = (text: string) => /<[a-z][^>]*>/i.test(text);
// Whitespace runs become one space; a no-break space is the writer's and stays.
const oneLine = (text: string) => text.replace(/[^\S\u00a0]+/g, ' ').trim();

function namesOf(list: unknown): string[] {
  return Array.isArray(list)
    ? list.flatMap((entry: unknown) =>
        entry && typeof entry === 'object' && isString((entry as { name?: unknown }).name) ? [(entry as { name: string }).name] : [],
      )
    : [];
}

/** A whole HTML document's body (some wires send `<html><head>...<body>`); a fragment as it is. */
function innerBody(html: string): string {
  const match = /<body[^>]*>([\s\S]*?)<\/body>/i.exec(html);
  return match ? match[1] : html;
}

/** Paragraphs of plain text: separated by blank lines when it has any, else one a line. */
function plainParagraphs(text: string): string[] {
  const separator = /\n[ \t]*\n/.test(text) ? /\n[ \t]*\n/ : /\n/;
  return text
    .split(separator)
    .map(oneLine)
    .filter((paragraph) => paragraph !== '');
}

// ---- a story page as text -------------------------------------------------------------------

// The furniture of a news site's page around the story, as a scraper saves it. Above: the
// date of the day, "Latest News", the story's time, "Print". Below: "Comments", "More ...
// Stories", the masthead (copyright, editor, publisher, offices) and the footer's links.
const ABOVE: readonly RegExp[] = [
  /^(mon|tues|wednes|thurs|fri|satur|sun)day,?\s+\d{1,2}\s+[a-z]+,?\s+\d{4}\s*,?$/i,
  /^\d{1,2}\s+[a-z]+,?\s+\d{4}(\s+\d{1,2}:\d{2}(:\d{2})?\s*([ap]m)?)?$/i,
  /^(latest news|print|home|e-?paper)$/i,
];
const BELOW: readonly RegExp[] = [
  /^comments?$/i,
  /^video$/i,
  /^(more|related)\b.{0,40}\b(stories|news)$/i,
  /^copyright\b/i,
  /^editor\s*:/i,
  /^published by\b/i,
  /^editorial, news\b/i,
  /^(disclaimer|about us|contact us|advertisement|subscription)\b/i,
  /^powered by\b/i,
  /^\.{5,}$/,
];

const isAbove = (line: string) => ABOVE.some((pattern) => pattern.test(line));
const isBelow = (line: string) => BELOW.some((pattern) => pattern.test(line));

/** "The writer is a student of ..." and the like: the note a page prints under a column. */
const AUTHOR_NOTE = /^the (writer|writers|author|authors) (is|are|was|were)\b/i;

/** A byline: a few words naming people, not a sentence. */
function looksLikeByline(line: string): boolean {
  const words = line.split(/\s+/);
  return line.length <= 120 && words.length <= 12 && !/[.!?:;"”]$/.test(line);
}

/**
 * A story page saved as text: its furniture above and below dropped; then the headline; a
 * block of the standfirst (optional) and the byline (the page may print the headline again
 * after them); the paragraphs, one a line, blocks apart; the author's note if the last
 * paragraph is one. The source id is the file's name: the page a scraper saved under it.
 */
export function readTextPage(name: string, text: string): WireStory {
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.trim());
  let at = 0;
  while (at < lines.length && (lines[at] === '' || isAbove(lines[at]))) at++;
  const headline = lines[at++] ?? '';
  if (!headline) refuse('no headline: the page is empty once its furniture is dropped');

  // Blocks of consecutive lines, up to the furniture below the story.
  const blocks: string[][] = [];
  for (let block: string[] | null = null; at < lines.length; at++) {
    const line = lines[at];
    if (line === '') {
      block = null;
      continue;
    }
    if (block === null && isBelow(line)) break;
    if (block === null) blocks.push((block = []));
    block.push(line);
  }
  const lead = blocks.shift() ?? [];
  if (lead.at(-1) === headline) lead.pop();
  const byline = lead.at(-1);
  if (!byline || !looksLikeByline(byline)) refuse(`no byline under the headline (found "${truncate(byline ?? '')}")`);
  const standfirst = lead.slice(0, -1).join(' ');
  const paragraphs = blocks.flat();
  const note = paragraphs.length > 1 && AUTHOR_NOTE.test(paragraphs.at(-1)!) ? paragraphs.pop()! : null;
  if (paragraphs.length === 0) refuse('no body: nothing follows the byline');
  return {
    sourceId: `file:${name}`,
    headline,
    standfirst: standfirst || null,
    bodyHtml: paragraphsToHtml(paragraphs),
    authorNote: note,
    byline: bylineNames(byline!),
    tags: [],
  };
}

const truncate = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
