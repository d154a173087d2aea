import { Readable } from 'node:stream';
import { XMLBuilder } from 'fast-xml-parser';
import { ErrorLevel, SitemapIndexStream, SitemapStream, streamToPromise, type IndexItem, type SitemapItemLoose } from 'sitemap';

// Sitemaps written by the `sitemap` library; only an empty urlset, which it refuses to write,
// is fast-xml-parser's.

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
export const IMAGE_NS = 'http://www.google.com/schemas/sitemap-image/1.1';

/** A `<urlset>` of these URLs, declaring the extensions they use. */
export async function urlsetXml(items: readonly SitemapItemLoose[], extensions: { news: boolean }): Promise<string> {
  if (items.length === 0) return emptyUrlset(extensions);
  // A value the library finds against the rules is ours (a bug), not the crawler's: it fails the
  // request rather than a line on the console. Collected, not thrown: a throw inside the stream
  // would escape every handler.
  const problems: Error[] = [];
  const stream = new SitemapStream({
    xmlns: { news: extensions.news, image: true, xhtml: false, video: false },
    level: ErrorLevel.THROW,
    errorHandler: (error) => problems.push(error),
  });
  const xml = await streamToPromise(Readable.from(items).pipe(stream));
  if (problems.length > 0) throw problems[0];
  return xml.toString('utf8');
}

/** A `<sitemapindex>` of these sitemaps. */
export async function sitemapIndexXml(sitemaps: readonly IndexItem[]): Promise<string> {
  const stream = new SitemapIndexStream({ level: ErrorLevel.THROW });
  return (await streamToPromise(Readable.from(sitemaps).pipe(stream))).toString('utf8');
}

function emptyUrlset(extensions: { news: boolean }): string {
  return new XMLBuilder({ ignoreAttributes: false }).build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    urlset: { '@_xmlns': SITEMAP_NS, ...(extensions.news ? { '@_xmlns:news': NEWS_NS } : {}), '@_xmlns:image': IMAGE_NS },
  });
}
