import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';

// Reading feeds and sitemaps as their consumers do: RSS and Atom through a feed reader's parser
// (rss-parser), sitemaps through a plain XML parser, their namespaces checked by URI.

export const MEDIA_RSS_NS = 'http://search.yahoo.com/mrss/';
export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
export const IMAGE_NS = 'http://www.google.com/schemas/sitemap-image/1.1';

export interface Fetched {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export async function fetchFrom(base: string, path: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(`${base}${path}`, { headers });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

type XmlAttributes = { $: Record<string, string> };

export interface RssItem {
  mediaContent?: (XmlAttributes & { 'media:description'?: (string | { _: string })[]; 'media:credit'?: string[] })[];
  authors?: string[];
}

export interface AtomItem {
  /** rss-parser reads an entry's id, but its types do not say so. */
  id?: string;
  updated?: string;
  atomCategories?: XmlAttributes[];
  links?: XmlAttributes[];
  authors?: { name: string[] }[];
}

const rssParser = new Parser<Record<string, unknown>, RssItem>({
  customFields: {
    item: [
      ['media:content', 'mediaContent', { keepArray: true }],
      ['author', 'authors', { keepArray: true }],
    ],
  },
});

const atomParser = new Parser<Record<string, unknown>, AtomItem>({
  customFields: {
    item: ['updated', ['category', 'atomCategories', { keepArray: true }], ['link', 'links', { keepArray: true }], ['author', 'authors', { keepArray: true }]],
  },
});

/** The XML is well-formed (a feed reader's parser forgives more). */
export function wellFormed(xml: string): boolean {
  return XMLValidator.validate(xml) === true;
}

export const parseRss = (xml: string) => rssParser.parseString(xml);
export const parseAtom = (xml: string) => atomParser.parseString(xml);

/** Atom titles and summaries are HTML: their text as a reader shows it. */
export function textOfHtml(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!);
}

export interface SitemapUrl {
  loc: string;
  lastmod?: string;
  'news:news'?: {
    'news:publication': { 'news:name': string; 'news:language': string };
    'news:publication_date': string;
    'news:title': string;
  };
  'image:image'?: { 'image:loc': string }[];
}

export interface Urlset {
  '@_xmlns': string;
  '@_xmlns:news'?: string;
  '@_xmlns:image'?: string;
  url: SitemapUrl[];
}

export interface SitemapIndex {
  '@_xmlns': string;
  sitemap: { loc: string; lastmod?: string }[];
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => name === 'url' || name === 'sitemap' || name === 'image:image',
});

export function parseUrlset(xml: string): Urlset {
  const urlset = (xmlParser.parse(xml) as { urlset: Urlset | '' }).urlset;
  return typeof urlset === 'object' ? { ...urlset, url: urlset.url ?? [] } : ({ url: [] } as unknown as Urlset);
}

export function parseSitemapIndex(xml: string): SitemapIndex {
  const index = (xmlParser.parse(xml) as { sitemapindex: SitemapIndex }).sitemapindex;
  return { ...index, sitemap: index.sitemap ?? [] };
}
