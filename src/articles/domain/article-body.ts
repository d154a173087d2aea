import { createRequire } from 'node:module';
import type * as Htmlparser2 from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

// The parser sanitize-html uses, loaded the way sanitize-html loads it (require): under the
// test runner an ES module import of it would see none of its named exports.
const { Parser } = createRequire(import.meta.url)('htmlparser2') as typeof Htmlparser2;

/** An article body as stored: the sanitised HTML and what derives from it. */
export interface ArticleBody {
  html: string;
  text: string;
  wordCount: number;
}

// Elements dropped with everything inside them: active content, never the writing.
const NON_TEXT_TAGS = ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'svg', 'math', 'template', 'object', 'title', 'xmp', 'noembed', 'noframes'];

// DESIGN.md's allow-list: paragraphs, headings, emphasis, links with http(s)/mailto hrefs,
// lists, quotes, figures and images. Everything else is dropped, its text kept (but never the
// text of script, style or other raw-text elements).
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'small', 'mark',
    'a', 'ul', 'ol', 'li', 'blockquote', 'q', 'cite', 'figure', 'figcaption', 'img', 'hr', 'code', 'pre',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    blockquote: ['cite'],
    q: ['cite'],
    ol: ['start'],
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
 * What in a body would make sanitising drop the writer's text along with active content: an
 * element of NON_TEXT_TAGS left open (`<svg>` with no `</svg>`: the parser closes it only
 * at its parent's end or the document's, so everything up to there goes with it) or an
 * unclosed comment. Null when there is none. `<svg/>` closes itself and loses nothing.
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
  if (found) return found;
  for (let at = html.indexOf('<!--'); at !== -1; at = html.indexOf('<!--', at + 4)) {
    const end = html.indexOf('-->', at + 4);
    if (end === -1) return 'comment (<!--)';
    at = end;
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
    .replace(/&(?:amp|lt|gt|quot|#39);/gu, (entity) => ENTITIES[entity]!)
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
