import sanitizeHtml from 'sanitize-html';

/** An article body as stored: the sanitised HTML and what derives from it. */
export interface ArticleBody {
  html: string;
  text: string;
  wordCount: number;
}

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
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'svg', 'math', 'template', 'object'],
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
