import { Injectable } from '@nestjs/common';
import { asArticleImage, picturesOf } from '../articles/article-pictures.resolver.js';
import { ArticleLoaders } from '../articles/articles.loaders.js';
import { isPublic } from '../articles/domain/article-access.js';
import { TOMBSTONE_STATUS } from '../articles/domain/article-workflow.js';
import type { Article, ArticlePicture } from '../articles/models/article.model.js';
import { PublicArticlesService } from '../articles/public-articles.service.js';
import { RequestLoaders } from '../graphql/request-loaders.js';
import { drawFigures, figureImageIds, placesPictures, type DrawnPicture } from '../media/body-figures.js';
import type { RenditionFormat, RenditionRatio } from '../media/image-processing.js';
import { ImageLoaders } from '../media/images.loaders.js';
import type { ImageUse } from '../media/images.repository.js';
import { PictureUrls } from '../media/picture-urls.js';
import { PublicationLoaders } from '../publications/publications.loaders.js';
import { PublicationsService } from '../publications/publications.service.js';
import { SectionsService } from '../sections/sections.service.js';
import { absoluteUrl, siteOf } from './domain/site-urls.js';
import type { StoryPicture, StoryRendition, SyndicatedStory } from './domain/story.js';

/** The width the formats offer pictures at (search engines want 1,200 px or more). */
const PICTURE_WIDTH = 1280;

/** The renditions each picture is offered in, beside the WebP one a body draws. */
const RENDITIONS: readonly { name: string; ratio: RenditionRatio; format: RenditionFormat; contentType: string }[] = [
  { name: 'landscape-jpeg', ratio: 'LANDSCAPE', format: 'JPEG', contentType: 'image/jpeg' },
  { name: 'square-jpeg', ratio: 'SQUARE', format: 'JPEG', contentType: 'image/jpeg' },
  { name: 'original-jpeg', ratio: 'ORIGINAL', format: 'JPEG', contentType: 'image/jpeg' },
];

type PictureUse = ArticlePicture | ImageUse;

/**
 * Whether a story is given out in the formats: only what the public reads now, whoever asks
 * (a member of staff reading a draft by id gets null too), and never a tombstone.
 */
export function syndicates(article: Article, now = new Date()): boolean {
  return article.status !== TOMBSTONE_STATUS && article.bodyHtml !== null && isPublic(article, now);
}

/** A public story gathered for the news formats (JSON-LD, ninjs): its publication, section, byline, pictures and corrections. */
@Injectable()
export class SyndicationService {
  constructor(
    private readonly publications: PublicationsService,
    private readonly publicArticles: PublicArticlesService,
    private readonly sections: SectionsService,
    private readonly articleLoaders: ArticleLoaders,
    private readonly publicationLoaders: PublicationLoaders,
    private readonly imageLoaders: ImageLoaders,
    private readonly pictureUrls: PictureUrls,
  ) {}

  /** A story by its publication's slug and any slug it has had, with its body; null when the public cannot read it. */
  async publicStory(publicationSlug: string, slug: string): Promise<SyndicatedStory | null> {
    const publication = await this.publications.bySlug(publicationSlug);
    if (!publication) return null;
    const article = await this.publicArticles.bySlug(publication, slug);
    return article && this.story(article, new RequestLoaders(), { body: true });
  }

  /**
   * The story as the formats show it, or null when it is not given out (see `syndicates`).
   * Whatever was read with the article (its byline, pictures, body) is used; the rest is
   * loaded through the request's loaders, so a list of stories costs a statement a kind.
   */
  async story(article: Article, loaders: RequestLoaders, options: { body: boolean }): Promise<SyndicatedStory | null> {
    if (!syndicates(article)) return null;
    const articleLoaders = loaders.of(this.articleLoaders);
    const [publication, section, byline, uses, corrections, body] = await Promise.all([
      loaders.of(this.publicationLoaders).publication.load(article.publicationId),
      this.sections.inPublication(article.publicationId, article.sectionId),
      article.byline ?? articleLoaders.byline.load(article.id),
      options.body || article.leadImage === undefined
        ? picturesOf(article, loaders, this.imageLoaders)
        : Promise.resolve(article.leadImage ? [article.leadImage] : []),
      articleLoaders.corrections.load(article.id),
      options.body ? this.bodyOf(article, loaders) : Promise.resolve(undefined),
    ]);
    if (!publication || !section) return null;
    const site = siteOf(publication);
    const pictures = uses
      .filter((use) => options.body || use.position === 0)
      .map((use) => this.picture(use, site))
      .filter((picture): picture is StoryPicture => picture.renditions.length > 0);
    return {
      id: article.id,
      canonicalSlug: article.canonicalSlug,
      headline: article.headline,
      standfirst: article.standfirst,
      authorNote: article.authorNote,
      tags: article.tags,
      wordCount: article.wordCount,
      version: article.version,
      createdAt: article.createdAt,
      updatedAt: article.updatedAt,
      publishedAt: article.publishedAt!,
      publicationId: publication.id,
      publication: { name: publication.name, url: publication.url, locale: publication.locale },
      section: { slug: section.slug, name: section.name },
      byline: byline.map((author) => ({ id: author.id, name: author.name, slug: author.slug })),
      pictures,
      corrections: corrections.map((correction) => ({ text: correction.text, createdAt: correction.createdAt })),
      body: body && { html: this.drawn(body.html, uses, site), text: body.text },
    };
  }

  private async bodyOf(article: Article, loaders: RequestLoaders): Promise<{ html: string; text: string } | undefined> {
    if (typeof article.bodyHtml === 'string' && typeof article.bodyText === 'string') return { html: article.bodyHtml, text: article.bodyText };
    return (await loaders.of(this.articleLoaders).body.load(article.id)) ?? undefined;
  }

  private picture(use: PictureUse, site: string | null): StoryPicture {
    const { caption, credit, image } = asArticleImage(use);
    const renditions: StoryRendition[] = [];
    for (const { name, ratio, format, contentType } of RENDITIONS) {
      const href = absoluteUrl(site, this.pictureUrls.url(image, PICTURE_WIDTH, ratio, format));
      if (href) renditions.push({ name, href, contentType });
    }
    const drawn = this.pictureUrls.drawn({ caption, credit, image });
    const webp = absoluteUrl(site, drawn.src);
    if (webp) renditions.push({ name: 'original-webp', href: webp, contentType: 'image/webp', width: drawn.width, height: drawn.height });
    return { position: use.position, imageId: image.id, caption, credit, alt: image.alt, renditions };
  }

  /** The body with its placed pictures drawn, as `Article.bodyHtml` draws them, at absolute URLs where the site gives one. */
  private drawn(html: string, uses: readonly PictureUse[], site: string | null): string {
    if (!placesPictures(html)) return html;
    const byPosition = new Map(uses.map((use) => [use.position, use]));
    return drawFigures(
      html,
      Array.from({ length: figureImageIds(html).length }, (_, index) => {
        const use = byPosition.get(index + 1);
        return use ? absoluteDrawing(this.pictureUrls.drawn(asArticleImage(use)), site) : null;
      }),
    );
  }
}

/** A drawn picture with its URLs absolute (kept relative when there is no site to resolve them against). */
function absoluteDrawing(picture: DrawnPicture, site: string | null): DrawnPicture {
  const absolute = (url: string) => absoluteUrl(site, url) ?? url;
  return {
    ...picture,
    src: absolute(picture.src),
    srcset: picture.srcset
      .split(', ')
      .map((candidate) => {
        const [url, width] = candidate.split(' ');
        return `${absolute(url)} ${width}`;
      })
      .join(', '),
  };
}
