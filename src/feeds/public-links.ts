import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Document } from './kept-documents.js';

// Where the public reads what the feeds and sitemaps list. A story lives at
// `<publication url>/articles/<slug>`: the slug is unique in its publication and kept when the
// headline changes, where a section in the path would break every link when a story moved
// section or a section was renamed.

/**
 * The origin the request came to, from its own Host header (never X-Forwarded-Host, which a
 * CDN would not key its cache by); null for a Host no URL can have.
 */
export function originOf(request: FastifyRequest): string | null {
  try {
    return new URL(`${request.protocol}://${request.headers.host ?? ''}`).origin;
  } catch {
    return null;
  }
}

/**
 * Documents are built and kept once for every Host, with this in place of the origin asked,
 * which is put in when one is sent: a client cannot make the server build (or evict) a
 * document per Host it invents, nor see another client's Host in its links.
 */
export const ORIGIN_PLACEHOLDER = 'https://origin.placeholder.invalid';

/** A kept document as sent to one origin. */
export function forOrigin(document: Document | null, origin: string): Document | null {
  if (!document) return null;
  const body = document.body.toString('utf8').replaceAll(ORIGIN_PLACEHOLDER, origin);
  const tag = createHash('sha256').update(origin).digest('base64url').slice(0, 8);
  return { ...document, body: Buffer.from(body, 'utf8'), etag: document.etag.replace(/"$/, `-${tag}"`) };
}

/** The site of a publication: its `url` (without a trailing slash), or the origin asked when it has none that is a web address. */
export function siteOf(publication: { url: string | null }, origin: string): string {
  let url: URL;
  try {
    url = new URL(publication.url ?? '');
  } catch {
    return origin;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return origin;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export function articleUrl(site: string, slug: string): string {
  return `${site}/articles/${encodeURIComponent(slug)}`;
}

/** A picture's URL made absolute: relative ones (no MEDIA_BASE_URL) are the API's own. */
export function absoluteUrl(url: string, origin: string): string {
  return new URL(url, `${origin}/`).toString();
}
