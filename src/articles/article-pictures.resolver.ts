import { Context, Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import type { RequestLoaders } from '../graphql/request-loaders.js';
import { ImageLoaders } from '../media/images.loaders.js';
import type { ImageUse } from '../media/images.repository.js';
import { ArticleImage } from '../media/models/image.model.js';
import { Article, type ArticlePicture } from './models/article.model.js';

/** An article's pictures: its lead picture and those placed in its body. */
@Resolver(() => Article)
export class ArticlePicturesResolver {
  constructor(private readonly imageLoaders: ImageLoaders) {}

  @ResolveField(() => ArticleImage, { nullable: true, description: 'The picture at the head of the story.' })
  async leadImage(@Parent() article: Article, @Context() { loaders }: GraphQLContext): Promise<ArticleImage | null> {
    // A tombstone shows no pictures.
    if (article.bodyHtml === null) return null;
    // Lists and the article page read it with the story; other doors load it.
    const lead =
      article.leadImage !== undefined ? article.leadImage : (await picturesOf(article, loaders, this.imageLoaders)).find((use) => use.position === 0);
    return lead ? asArticleImage(lead) : null;
  }

  @ResolveField(() => [ArticleImage], { description: 'The pictures placed in the body, in body order.' })
  async images(@Parent() article: Article, @Context() { loaders, budget }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<readonly ArticleImage[]> {
    if (article.bodyHtml === null) return [];
    const uses = await picturesOf(article, loaders, this.imageLoaders);
    return budget.list(uses.filter((use) => use.position > 0).map(asArticleImage), info);
  }
}

/** An article's pictures (lead and body, in position order): read with it (its page), else loaded. */
export async function picturesOf(article: Article, loaders: RequestLoaders, imageLoaders: ImageLoaders): Promise<readonly (ArticlePicture | ImageUse)[]> {
  return article.pictures ?? (await loaders.of(imageLoaders).uses.load(article.id));
}

/** A use of an image: its own caption and credit, else the image's. */
export function asArticleImage(use: { caption: string | null; credit: string | null; image: ArticleImage['image'] }): ArticleImage {
  return { caption: use.caption ?? use.image.caption, credit: use.credit ?? use.image.credit, image: use.image };
}
