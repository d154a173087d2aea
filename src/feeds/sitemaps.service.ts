import { Injectable } from '@nestjs/common';
import type { SitemapItemLoose } from 'sitemap';
import { PublicArticlesService } from '../articles/public-articles.service.js';
import type { Publication } from '../publications/models/publication.model.js';
import { PublicationsService } from '../publications/publications.service.js';
import { KeptDocuments, type BuiltDocument, type Document } from './kept-documents.js';
import { articleUrl, siteOf } from './public-links.js';
import { archiveFileNames, parseArchiveFile, SITEMAP_MAX_URLS } from './sitemap-archive.js';
import { sitemapIndexXml, urlsetXml } from './sitemap-xml.js';
import { SitemapsRepository } from './sitemaps.repository.js';
import { SyndicatedPictures } from './syndicated-pictures.js';

/** What a sitemap asks for: the path's publication slug and the origin it was asked on. */
export interface SitemapRequest {
  publication: string;
  origin: string;
}

/** A Google News sitemap lists the stories of the last two days, at most 1,000 of them. */
export const NEWS_HOURS = 48;
export const NEWS_MAX_STORIES = 1_000;

const XML = 'application/xml; charset=utf-8';

/** Google News, a sitemap index of the months, and a sitemap of each month's stories. */
@Injectable()
export class SitemapsService {
  constructor(
    private readonly publications: PublicationsService,
    private readonly publicArticles: PublicArticlesService,
    private readonly sitemaps: SitemapsRepository,
    private readonly pictures: SyndicatedPictures,
    private readonly kept: KeptDocuments,
  ) {}

  /** The news sitemap; null for no such publication. */
  news(request: SitemapRequest): Promise<Document | null> {
    return this.kept.get(`news ${request.origin} ${request.publication}`, () =>
      this.withPublication(request, (publication) => this.buildNews(publication, request)),
    );
  }

  /** The index of the monthly sitemaps; null for no such publication. */
  index(request: SitemapRequest): Promise<Document | null> {
    return this.kept.get(`index ${request.origin} ${request.publication}`, () =>
      this.withPublication(request, (publication) => this.buildIndex(publication, request)),
    );
  }

  /** One file of a month (`2021-04.xml`, `2021-04-2.xml`); null for a name that is none, or a file with no stories. */
  archive(request: SitemapRequest & { file: string }): Promise<Document | null> {
    const file = parseArchiveFile(request.file);
    if (!file) return Promise.resolve(null);
    return this.kept.get(`archive ${request.origin} ${request.publication} ${request.file}`, () =>
      this.withPublication(request, async (publication) => {
        const [stories, nextScheduledAt] = await Promise.all([
          this.sitemaps.month(publication.id, publication.timeZone, file.year, file.month, (file.part - 1) * SITEMAP_MAX_URLS, SITEMAP_MAX_URLS),
          this.publicArticles.nextScheduledAt(publication.id),
        ]);
        if (stories.length === 0) return null;
        const site = siteOf(publication, request.origin);
        const items = stories.map((story) => {
          const picture = this.pictures.of(story.leadImage, request.origin);
          return { url: articleUrl(site, story.slug), lastmod: story.lastModified.toISOString(), img: picture ? [{ url: picture.url }] : [] };
        });
        return { body: await urlsetXml(items, { news: false }), contentType: XML, tags: archiveTags(publication), expiresAt: nextScheduledAt ?? Infinity };
      }),
    );
  }

  private async withPublication(request: SitemapRequest, build: (publication: Publication) => Promise<BuiltDocument | null>): Promise<BuiltDocument | null> {
    const publication = await this.publications.bySlug(request.publication);
    return publication ? build(publication) : null;
  }

  private async buildNews(publication: Publication, request: SitemapRequest): Promise<BuiltDocument> {
    const [stories, nextScheduledAt] = await Promise.all([
      this.sitemaps.recent(publication.id, NEWS_HOURS, NEWS_MAX_STORIES),
      this.publicArticles.nextScheduledAt(publication.id),
    ]);
    const site = siteOf(publication, request.origin);
    const language = newsLanguage(publication.locale);
    const items: SitemapItemLoose[] = stories.map((story) => {
      const picture = this.pictures.of(story.leadImage, request.origin);
      return {
        url: articleUrl(site, story.slug),
        lastmod: new Date(Math.max(story.updatedAt.getTime(), story.publishedAt!.getTime())).toISOString(),
        news: { publication: { name: publication.name, language }, publication_date: story.publishedAt!.toISOString(), title: story.headline },
        img: picture ? [{ url: picture.url }] : [],
      };
    });
    // The oldest story leaves the 48 hours, and a scheduled one comes in, with no change announced.
    const leavesAt = Math.min(...stories.map((story) => story.publishedAt!.getTime() + NEWS_HOURS * 3_600_000));
    return {
      body: await urlsetXml(items, { news: true }),
      contentType: XML,
      tags: [`publication:${publication.id}`, `list:${publication.id}`, ...stories.map((story) => `article:${story.id}`)],
      expiresAt: Math.min(leavesAt, nextScheduledAt ?? Infinity),
    };
  }

  private async buildIndex(publication: Publication, request: SitemapRequest): Promise<BuiltDocument> {
    const [months, nextScheduledAt] = await Promise.all([
      this.sitemaps.months(publication.id, publication.timeZone),
      this.publicArticles.nextScheduledAt(publication.id),
    ]);
    const base = `${request.origin}/sitemaps/${encodeURIComponent(publication.slug)}`;
    // Every file of a month carries the month's lastmod: at worst a crawler reads one that had not changed.
    const sitemaps = months.flatMap((month) =>
      archiveFileNames(month.month, month.stories).map((name) => ({ url: `${base}/${name}.xml`, lastmod: month.lastModified.toISOString() })),
    );
    return { body: await sitemapIndexXml(sitemaps), contentType: XML, tags: archiveTags(publication), expiresAt: nextScheduledAt ?? Infinity };
  }
}

/**
 * An archive sitemap shows which stories are public (their lists) and when each last changed: a
 * change to a story's text is announced on its publication's search. (Naming each of up to
 * 10,000 stories would outgrow the header and memory; what neither tag announces, a correction,
 * shows in lastmod once the document's lifetime ends.)
 */
function archiveTags(publication: Publication): string[] {
  return [`publication:${publication.id}`, `list:${publication.id}`, `search:${publication.id}`];
}

/** The language Google News wants: ISO 639 (two or three letters), or zh-cn / zh-tw. */
export function newsLanguage(locale: string): string {
  let parsed: Intl.Locale;
  try {
    parsed = new Intl.Locale(locale);
  } catch {
    return 'und';
  }
  if (parsed.language === 'zh') return parsed.script === 'Hant' || ['TW', 'HK', 'MO'].includes(parsed.region ?? '') ? 'zh-tw' : 'zh-cn';
  return /^[a-z]{2,3}$/.test(parsed.language) ? parsed.language : 'und';
}
