import type { FastifyRequest } from 'fastify';

// Where the public reads what the feeds and sitemaps list. A story lives at
// `<publication url>/articles/<slug>`: the slug is unique in its publication and kept when the
// headline changes, where a section in the path would break every link when a story moved
// section or a section was renamed.

/** The origin the request came to (the proxy's, when TRUST_PROXY believes it); null for a Host no URL can have. */
export function originOf(request: FastifyRequest): string | null {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return null;
  }
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
