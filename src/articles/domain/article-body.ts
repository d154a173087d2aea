import { createRequire } from 'node:module';
import type * as Entities from 'entities';
import type * as Htmlparser2 from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

// The parser sanitize-html uses and its entity decoder, loaded the way sanitize-html loads
// them (require): under the test runner an ES module import would see no named exports.
const require = createRequire(import.meta.url);
const { Parser } = require('htmlparser2') as typeof Htmlparser2;
const { decodeHTML } = require('entities') as typeof Entities;

/** An article body as stored: the sanitised HTML and what derives from it. */
export interface ArticleBody {
  html: string;
  text: string;
  wordCount: number;
}

// Elements dropped with everything inside them: active content, never the writing.
const NON_TEXT_TAGS = [
  'script',
  'style',
  'textarea',
  'option',
  'noscript',
  'iframe',
  'svg',
  'math',
  'template',
  'object',
  'title',
  'xmp',
  'noembed',
  'noframes',
];

// The allow-list: paragraphs, headings, emphasis, links with http(s)/mailto hrefs,
// lists, quotes, figures and images. Everything else is dropped, its text kept (but never the
// text of script, style or other raw-text elements).
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'small',
    'mark',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'q',
    'cite',
    'figure',
    'figcaption',
    'img',
    'hr',
    'code',
    'pre',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    blockquote: ['cite'],
    q: ['cite'],
    ol: ['start'],
    // A placed picture and this use's caption and credit (src/media/body-figures.ts).
    figure: ['data-image-id', 'data-caption', 'data-credit'],
    // A caption the API drew from the image on read: dropped again when the body is saved.
    figcaption: ['data-from-image'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: NON_TEXT_TAGS,
  transformTags: {
    // Links leave the site: never hand the opener to another origin.
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }, true),
  },
};

// Parsing cost grows with the square of unclosed nesting: 120,000 unclosed <i> took 16 s
// of a blocked event loop. A real body has a few hundred tags; this bounds the worst case
// at a fraction of a second.
export const MAX_BODY_TAGS = 20_000;

/** How many tags a body opens or closes (counted before parsing it). */
export function countTags(html: string): number {
  return html.match(/<\/?[a-zA-Z]/g)?.length ?? 0;
}

/**
 * An element of NON_TEXT_TAGS left open (`<svg>` with no `</svg>`): the parser closes it only
 * at its parent's end or the document's, so sanitising drops the writing up to there with
 * it. Its tag, or null. `<svg/>` closes itself and loses nothing.
 */
export function swallowingElement(html: string): string | null {
  let found: string | null = null;
  let events = 0;
  const open: { name: string; at: number }[] = [];
  const raw = new Set(NON_TEXT_TAGS);
  const parser = new Parser({
    onopentag(name) {
      events++;
      if (raw.has(name)) open.push({ name, at: events });
    },
    ontext() {
      events++;
    },
    onclosetag(name, isImplied) {
      if (raw.has(name)) {
        const element = open.pop();
        // Implied with nothing read since it opened: written self-closing.
        if (isImplied && element && events > element.at) found ??= `<${name}>`;
      }
      events++;
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

const LETTERS = /[\p{L}\p{N}]/u;
const TAG_START = /[a-zA-Z]/;

/**
 * The text a writer evidently meant, read forgivingly in one pass: closed comments, a
 * doctype and closed active content go (sanitising drops them on purpose), and so do tags;
 * but a `<` that does not start a tag is text, and so is whatever a broken tag (`<a
 * href="x>`, `<? …`, `<!x`, an unclosed comment or element) would swallow. Written by hand
 * rather than with regular expressions: those backtrack to quadratic time on bodies of many
 * unclosed openings.
 */
function intendedText(html: string): string {
  const lower = html.toLowerCase();
  // Where a search for each closing string last failed: no later search can succeed.
  const missing = new Map<string, number>();
  const find = (needle: string, from: number): number => {
    if ((missing.get(needle) ?? Infinity) <= from) return -1;
    const at = lower.indexOf(needle, from);
    if (at === -1) missing.set(needle, from);
    return at;
  };
  const out: string[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c !== '<') {
      out.push(c);
      i++;
      continue;
    }
    if (lower.startsWith('<!--', i)) {
      // A comment ends at `-->`, or at `--!>` as HTML parsers allow.
      const ends = [find('-->', i + 4), find('--!>', i + 4)].map((at, n) => (at === -1 ? Infinity : at + 3 + n));
      const end = Math.min(...ends);
      if (end !== Infinity) {
        i = end;
        out.push(' ');
        continue;
      }
    } else if (lower.startsWith('<!doctype', i)) {
      const end = find('>', i);
      if (end !== -1) {
        i = end + 1;
        continue;
      }
    } else {
      const closing = html[i + 1] === '/';
      const nameAt = i + (closing ? 2 : 1);
      if (TAG_START.test(html[nameAt] ?? '')) {
        const name = /^[a-z0-9]+/.exec(lower.slice(nameAt, nameAt + 20))![0];
        const end = tagEnd(html, nameAt, !closing && NON_TEXT_TAGS.includes(name), find);
        if (html[end] === '>') {
          let next = end + 1;
          if (!closing && NON_TEXT_TAGS.includes(name) && html[end - 1] !== '/') {
            const close = find(`</${name}`, next);
            if (close !== -1) {
              const closeEnd = find('>', close);
              next = closeEnd === -1 ? html.length : closeEnd + 1;
            }
          }
          i = next;
          out.push(' ');
          continue;
        }
      }
    }
    out.push(c);
    i++;
  }
  return decodeHTML(out.join(''));
}

/**
 * Where a tag starting at `from` ends (its `>`), or where it stops being one (a `<`, the
 * end). A tag of active content (an iframe's srcdoc) may hold markup in quoted values; in any
 * other, a quote that runs past a `>` is taken for a typo (`<a href="x>words</a>`), as the
 * writer meant it, where a parser would swallow the words into the value.
 */
function tagEnd(html: string, from: number, quoted: boolean, find: (needle: string, from: number) => number): number {
  let at = from;
  while (at < html.length && html[at] !== '>' && html[at] !== '<') {
    const quote = html[at];
    if (quoted && (quote === '"' || quote === "'")) {
      const close = find(quote, at + 1);
      if (close === -1) return html.length;
      at = close;
    }
    at++;
  }
  return at;
}

/**
 * The start of the writing that sanitising `html` into `sanitizedText` lost, or null when
 * no letter or digit was lost: the letters and digits of the text meant and of the text kept
 * must be the same, in the same order.
 */
export function lostText(html: string, sanitizedText: string): string | null {
  const meant = intendedText(html);
  const kept = [...sanitizedText].filter((c) => LETTERS.test(c));
  let k = 0;
  for (let i = 0; i < meant.length; i++) {
    const c = meant[i];
    if (!LETTERS.test(c)) continue;
    if (kept[k] !== c)
      return meant
        .slice(i, i + 40)
        .replace(/\s+/g, ' ')
        .trim();
    k++;
  }
  return null;
}

/** Sanitises an article body against the allow-list and derives its text and word count. */
export function sanitizeBody(input: string): ArticleBody {
  const html = sanitizeHtml(input, OPTIONS).trim();
  const text = htmlToText(html);
  const wordCount = text === '' ? 0 : text.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return { html, text, wordCount };
}

const BLOCK_END = /<\/(?:p|h[2-6]|li|blockquote|figcaption|figure|pre)>|<br\s*\/?>|<hr\s*\/?>/giu;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Plain text of sanitised HTML: one paragraph a line, entities decoded. */
export function htmlToText(html: string): string {
  // Every tag is dropped; a block's end becomes a line break first.
  const text = sanitizeHtml(html.replace(BLOCK_END, '$&\n'), { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&(?:amp|lt|gt|quot|#39);/gu, (entity) => ENTITIES[entity])
    .split('\n')
    .map((line) => line.replace(/\s+/gu, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** HTML paragraphs from plain text, one per non-empty line (demo data and imports). */
export function paragraphsToHtml(paragraphs: readonly string[]): string {
  return paragraphs.map((p) => `<p>${escapeText(p)}</p>`).join('\n');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
