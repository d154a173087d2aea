// Where the publication's site shows a story and an author, for the formats that must link
// to them (JSON-LD, ninjs). The API does not serve those pages; the newsroom frontend does,
// at these paths under the publication's `url`. A publication without a `url` has no page
// to link to, and the formats leave the links out.

/** The site's address without a trailing slash, or null when the publication has none. */
export function siteOf(publication: { url: string | null }): string | null {
  const url = publication.url?.trim();
  if (!url || !/^https?:\/\/[^\s/?#]+/i.test(url)) return null;
  return url.replace(/\/+$/, '');
}

/** The story's page: `<site>/articles/<current slug>` (old slugs still resolve there). */
export function articlePageUrl(site: string | null, article: { canonicalSlug: string }): string | null {
  return site === null ? null : `${site}/articles/${encodeURIComponent(article.canonicalSlug)}`;
}

/** An author's page: `<site>/authors/<slug>`. */
export function authorPageUrl(site: string | null, author: { slug: string }): string | null {
  return site === null ? null : `${site}/authors/${encodeURIComponent(author.slug)}`;
}

/**
 * A picture's URL made absolute: a CDN's (MEDIA_BASE_URL) is already; a relative
 * `/images/...` one is taken as served under the site (which passes /images to the API, as
 * it passes /graphql). Never the request's own Host: a cached answer would carry whatever
 * Host a client sent. Null when there is nothing to resolve it against.
 */
export function absoluteUrl(site: string | null, url: string): string | null {
  if (/^https?:\/\//i.test(url)) return url;
  if (site === null || !url.startsWith('/')) return null;
  return site + url;
}
