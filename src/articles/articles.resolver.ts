import { Args, Context, Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { listOf } from '../graphql/query-cost.js';
import { Author } from '../authors/models/author.model.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { PrintAppearance } from '../print-editions/models/print-edition.model.js';
import { RelatedArgs } from '../publications/dto/publication.args.js';
import { LIMITS } from './dto/article.inputs.js';
import { Section } from '../sections/models/section.model.js';
import { Article, Correction, Retraction } from './models/article.model.js';
import { PublicArticlesService } from './public-articles.service.js';

const MAX_BYLINE = LIMITS.authors;

@Resolver(() => Article)
export class ArticlesResolver {
  constructor(private readonly publicArticles: PublicArticlesService) {}

  @ResolveField(() => Section, { description: 'The primary section.' })
  async section(@Parent() article: Article, @Context() { loaders }: GraphQLContext): Promise<Section> {
    return (await loaders.section.load(article.sectionId))!;
  }

  @ResolveField(() => String, { nullable: true, description: 'Sanitised HTML; null for a retracted article.' })
  async bodyHtml(@Parent() article: Article, @Context() { budget, loaders }: GraphQLContext): Promise<string | null> {
    if (article.bodyHtml === null) return null;
    budget.text(article.bodyBytes.html);
    return article.bodyHtml ?? (await loaders.articleBody.load(article.id))?.html ?? null;
  }

  @ResolveField(() => String, { nullable: true, description: 'The body as plain text, a paragraph a line.' })
  async bodyText(@Parent() article: Article, @Context() { budget, loaders }: GraphQLContext): Promise<string | null> {
    if (article.bodyText === null) return null;
    budget.text(article.bodyBytes.text);
    return article.bodyText ?? (await loaders.articleBody.load(article.id))?.text ?? null;
  }

  @ResolveField(() => [Author], { description: 'The byline, in order.', complexity: listOf(MAX_BYLINE, MAX_BYLINE) })
  async authors(@Parent() article: Article, @Context() { loaders }: GraphQLContext): Promise<Author[]> {
    const byline = await loaders.byline.load(article.id);
    return byline.map((author) => ({ ...author, publicationId: article.publicationId }));
  }

  @ResolveField(() => [Correction], { description: 'Corrections, oldest first. Always public.' })
  async corrections(@Parent() article: Article, @Context() { loaders, budget }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<readonly Correction[]> {
    return budget.list(await loaders.corrections.load(article.id), info);
  }

  @ResolveField(() => Retraction, { nullable: true })
  retraction(@Parent() article: Article): Retraction | null {
    return article.status === 'RETRACTED' && article.retractedAt
      ? { reason: article.retractionReason ?? '', retractedAt: article.retractedAt }
      : null;
  }

  @ResolveField(() => [PrintAppearance], { description: 'The printed editions and pages the story ran on.' })
  async printAppearance(@Parent() article: Article, @Context() { loaders, budget }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<readonly PrintAppearance[]> {
    return budget.list(await loaders.printAppearances.load(article.id), info);
  }

  @ResolveField(() => [Article], { description: 'Public stories sharing a tag, then the section; newest first.', complexity: listOf(4, 20) })
  related(@Parent() article: Article, @Args() { first }: RelatedArgs): Promise<Article[]> {
    return this.publicArticles.related(article, first);
  }
}
