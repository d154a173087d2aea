// Text from the newsroom on its way into XML through the `feed` library, which writes it with
// xml-js: that escapes element text, but an attribute only for `"` (and `&`, for the few the
// library sanitises), and splits only the first `]]>` of a CDATA section. The sitemap library
// escapes everything itself.

// XML 1.0 has no way to write these at all (control characters, lone surrogates, U+FFFE/F).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text any XML may hold: without the characters XML cannot carry, and no `]]>` to end a CDATA section early. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replaceAll(']]>', ']]\u200B>');
}

/** An attribute value the library writes as it is: a `<` would leave the document malformed, so a look-alike takes its place. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replaceAll('<', '\uFF1C');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Plain text as HTML, for the fields feeds define as HTML (Atom's `type="html"`, RSS descriptions). */
export function htmlOf(text: string): string {
  return xmlText(text).replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}
