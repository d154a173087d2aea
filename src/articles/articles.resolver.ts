import { Args, Context, Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Author } from '../authors/models/author.model.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { listOf } from '../graphql/query-cost.js';
import { Section } from '../sections/models/section.model.js';
import { SectionsService } from '../sections/sections.service.js';
import { ArticleLoaders } from './articles.loaders.js';
import { RelatedArgs } from './dto/article.args.js';
import { LIMITS } from './dto/limits.js';
import { TOMBSTONE_STATUS } from './domain/article-workflow.js';
import { Article, Correction, Retraction } from './models/article.model.js';
import { drawFigures, figureImageIds, placesPictures } from '../media/body-figures.js';
import { ImageLoaders } from '../media/images.loaders.js';
import { PictureUrls } from '../media/picture-urls.js';
import { asArticleImage, picturesOf } from './article-pictures.resolver.js';

const MAX_BYLINE = LIMITS.authors;

/** The public fields of Article (the staff ones are in editorial.resolver.ts). */
@Resolver(() => Article)
export class ArticlesResolver {
  constructor(
    private readonly articleLoaders: ArticleLoaders,
    private readonly sections: SectionsService,
    private readonly imageLoaders: ImageLoaders,
    private readonly pictures: PictureUrls,
  ) {}

  @ResolveField(() => Section, { description: 'The primary section.' })
  async section(@Parent() article: Article, @Context() { cacheTags }: GraphQLContext): Promise<Section> {
    cacheTags.sections(article.publicationId);
    // From the publication's tree, which this instance keeps (sections.service.ts).
    return (await this.sections.inPublication(article.publicationId, article.sectionId))!;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Sanitised HTML, its placed pictures drawn (<img> with srcset, <figcaption>); null for a retracted article.',
  })
  async bodyHtml(@Parent() article: Article, @Context() { budget, loaders }: GraphQLContext): Promise<string | null> {
    if (article.bodyHtml === null) return null;
    budget.text(article.bodyBytes.html);
    const html = article.bodyHtml ?? (await loaders.of(this.articleLoaders).body.load(article.id))?.html ?? null;
    if (html === null || !placesPictures(html)) return html;
    const uses = await picturesOf(article, loaders, this.imageLoaders);
    const byPosition = new Map(uses.map((use) => [use.position, use]));
    const figures = figureImageIds(html).length;
    return drawFigures(
      html,
      Array.from({ length: figures }, (_, index) => {
        const use = byPosition.get(index + 1);
        return use ? this.pictures.drawn(asArticleImage(use)) : null;
      }),
    );
  }

  @ResolveField(() => String, { nullable: true, description: 'The body as plain text, a paragraph a line.' })
  async bodyText(@Parent() article: Article, @Context() { budget, loaders }: GraphQLContext): Promise<string | null> {
    if (article.bodyText === null) return null;
    budget.text(article.bodyBytes.text);
    return article.bodyText ?? (await loaders.of(this.articleLoaders).body.load(article.id))?.text ?? null;
  }

  @ResolveField(() => [Author], { description: 'The byline, in order.', complexity: listOf(MAX_BYLINE, MAX_BYLINE) })
  async authors(
    @Parent() article: Article,
    @Context() { loaders, budget, cacheTags }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<readonly Author[]> {
    // Lists and the article page read the byline with the article; other doors load it.
    const byline = article.byline ?? (await loaders.of(this.articleLoaders).byline.load(article.id));
    cacheTags.authors(byline);
    return budget.list(
      byline.map((author) => ({ ...author, publicationId: article.publicationId })),
      info,
    );
  }

  @ResolveField(() => [Correction], { description: 'Corrections, oldest first. Always public.' })
  async corrections(
    @Parent() article: Article,
    @Context() { loaders, budget }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<readonly Correction[]> {
    return budget.list(await loaders.of(this.articleLoaders).corrections.load(article.id), info);
  }

  @ResolveField(() => Retraction, { nullable: true })
  retraction(@Parent() article: Article): Retraction | null {
    return article.status === 'RETRACTED' && article.retractedAt ? { reason: article.retractionReason ?? '', retractedAt: article.retractedAt } : null;
  }

  @ResolveField(() => [Article], { description: 'Public stories sharing a tag, then the section; newest first.', complexity: listOf(4, 20) })
  async related(
    @Parent() article: Article,
    @Args() { first }: RelatedArgs,
    @Context() { loaders, budget, cacheTags }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<readonly Article[]> {
    // A tombstone is shown alone.
    if (article.status === TOMBSTONE_STATUS) return [];
    const related = await loaders.of(this.articleLoaders).related(first).load(article.id);
    cacheTags.list(article.publicationId, related);
    return budget.list(related, info);
  }
}
