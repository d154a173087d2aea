import { Injectable } from '@nestjs/common';
import { Feed, type Item } from 'feed';
import type { Article } from '../articles/models/article.model.js';
import { PublicArticlesService } from '../articles/public-articles.service.js';
import type { Publication } from '../publications/models/publication.model.js';
import { PublicationsService } from '../publications/publications.service.js';
import type { Section } from '../sections/models/section.model.js';
import { SectionsService } from '../sections/sections.service.js';
import { KeptDocuments, type BuiltDocument, type Document } from './kept-documents.js';
import { articleUrl, siteOf } from './public-links.js';
import { SyndicatedPictures, type SyndicatedPicture } from './syndicated-pictures.js';
import { htmlOf, xmlAttribute, xmlText } from './xml-text.js';

export type FeedFormat = 'rss' | 'atom';

/** What a feed asks for: the path's publication and section slugs, and the origin it was asked on. */
export interface FeedRequest {
  publication: string;
  section: string | null;
  origin: string;
}

/** How many stories a feed carries: the newest. */
export const FEED_STORIES = 50;

const MEDIA_RSS = 'http://search.yahoo.com/mrss/';

const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

const newest = (dates: Date[]): Date => new Date(Math.max(...dates.map((date) => date.getTime())));

/** RSS 2.0 and Atom feeds of a publication's public stories, or of a section's and its subsections'. */
@Injectable()
export class FeedsService {
  constructor(
    private readonly publications: PublicationsService,
    private readonly sections: SectionsService,
    private readonly publicArticles: PublicArticlesService,
    private readonly pictures: SyndicatedPictures,
    private readonly kept: KeptDocuments,
  ) {}

  /** The feed; null when the publication or the section does not exist. */
  feed(format: FeedFormat, request: FeedRequest): Promise<Document | null> {
    const key = `feed ${format} ${request.origin} ${request.publication} ${request.section ?? ''}`;
    return this.kept.get(key, () => this.build(format, request));
  }

  private async build(format: FeedFormat, request: FeedRequest): Promise<BuiltDocument | null> {
    const publication = await this.publications.bySlug(request.publication);
    if (!publication) return null;
    const sections = await this.sections.ofPublication(publication.id);
    const section = request.section === null ? null : sections.find((candidate) => candidate.slug === request.section);
    if (section === undefined) return null;
    // The front page's own read (FrontPage, with `section:` its subsections too): the same stories, by the same rule.
    const [page, nextScheduledAt] = await Promise.all([
      this.publicArticles.list(publication, { section: section?.slug }, { first: FEED_STORIES }),
      this.publicArticles.nextScheduledAt(publication.id),
    ]);
    const stories = page.edges.map((edge) => edge.node);
    const feed = this.feedOf(format, publication, section, stories, new Map(sections.map((each) => [each.id, each])), request.origin);
    return {
      body: format === 'rss' ? feed.rss2() : feed.atom1(),
      contentType: CONTENT_TYPES[format],
      tags: [
        `publication:${publication.id}`,
        `list:${publication.id}`,
        `sections:${publication.id}`,
        ...stories.map((story) => `article:${story.id}`),
        ...stories.flatMap((story) => (story.byline ?? []).map((author) => `author:${author.id}`)),
      ],
      // A scheduled story joins the feed when its time comes, with no change announced.
      expiresAt: nextScheduledAt ?? Number.POSITIVE_INFINITY,
    };
  }

  private feedOf(
    format: FeedFormat,
    publication: Publication,
    section: Section | null,
    stories: Article[],
    sections: Map<string, Section>,
    origin: string,
  ): Feed {
    const site = siteOf(publication, origin);
    const path = `${origin}/feeds/${encodeURIComponent(publication.slug)}${section ? `/${encodeURIComponent(section.slug)}` : ''}`;
    const feed = new Feed({
      id: `urn:uuid:${section?.id ?? publication.id}`,
      title: xmlText(section ? `${publication.name}: ${section.name}` : publication.name),
      description: xmlText(section?.description ?? publication.tagline ?? publication.name),
      link: site,
      language: publication.locale,
      // An empty feed has no date of its own: it says when it was made.
      updated: stories.length > 0 ? newest(stories.map(changedAt)) : new Date(),
      generator: 'Newsroom CMS',
      copyright: publication.masthead.copyright === null ? undefined : xmlText(publication.masthead.copyright),
      feedLinks: { rss: `${path}/rss.xml`, atom: `${path}/atom.xml` },
      // Atom wants an author for every entry: a story without a byline is the publication's.
      author: { name: xmlText(publication.name), link: site },
    });
    for (const story of stories) feed.addItem(this.itemOf(format, story, site, sections.get(story.sectionId), origin));
    return feed;
  }

  private itemOf(format: FeedFormat, story: Article, site: string, section: Section | undefined, origin: string): Item {
    const picture = this.pictures.of(story.leadImage, origin);
    return {
      // Atom's titles and summaries are HTML (the library writes type="html"); an RSS title is plain text, its description HTML.
      title: format === 'atom' ? htmlOf(story.headline) : xmlText(story.headline),
      id: `urn:uuid:${story.id}`,
      link: articleUrl(site, story.slug),
      date: changedAt(story),
      published: story.publishedAt!,
      description: story.standfirst ? htmlOf(story.standfirst) : undefined,
      author: (story.byline ?? []).map((author) => ({ name: xmlText(author.name) })),
      category: [...(section ? [{ name: section.name, term: section.slug }] : []), ...story.tags.map((tag) => ({ name: tag, term: tag }))].map((category) => ({
        name: format === 'atom' ? xmlAttribute(category.name) : xmlText(category.name),
        term: xmlAttribute(category.term),
      })),
      image: picture ? { url: picture.url, type: picture.type } : undefined,
      extensions: picture && format === 'rss' ? [{ name: 'media:content', objects: mediaContent(picture) }] : undefined,
    };
  }
}

/** When a story last changed as the public sees it: an edit, or coming online (a scheduled story). */
function changedAt(story: Article): Date {
  return newest([story.updatedAt, story.publishedAt!]);
}

/**
 * Media RSS's `<media:content>`, in xml-js's terms (the library's own writer). The library has
 * no place for a namespace on `<rss>`, so each element declares its own: the same namespace to
 * any namespace-aware reader.
 */
function mediaContent(picture: SyndicatedPicture): Record<string, unknown> {
  return {
    _attributes: { 'xmlns:media': MEDIA_RSS, url: picture.url, type: picture.type, medium: 'image' },
    ...(picture.caption ? { 'media:description': { _attributes: { type: 'plain' }, _text: xmlText(picture.caption) } } : {}),
    ...(picture.credit ? { 'media:credit': { _text: xmlText(picture.credit) } } : {}),
  };
}
