import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Author } from '../authors/models/author.model.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { PrintAppearance } from '../print-editions/models/print-edition.model.js';
import { RelatedArgs } from '../publications/dto/publication.args.js';
import { Section } from '../sections/models/section.model.js';
import { Article, Correction, Retraction } from './models/article.model.js';
import { PublicArticlesService } from './public-articles.service.js';

@Resolver(() => Article)
export class ArticlesResolver {
  constructor(private readonly publicArticles: PublicArticlesService) {}

  @ResolveField(() => Section, { description: 'The primary section.' })
  async section(@Parent() article: Article, @Context() { loaders }: GraphQLContext): Promise<Section> {
    return (await loaders.section.load(article.sectionId))!;
  }

  @ResolveField(() => [Author], { description: 'The byline, in order.' })
  async authors(@Parent() article: Article, @Context() { loaders }: GraphQLContext): Promise<Author[]> {
    const byline = await loaders.byline.load(article.id);
    return byline.map((author) => ({ ...author, publicationId: article.publicationId }));
  }

  @ResolveField(() => [Correction], { description: 'Corrections, oldest first. Always public.' })
  corrections(@Parent() article: Article, @Context() { loaders }: GraphQLContext): Promise<Correction[]> {
    return loaders.corrections.load(article.id);
  }

  @ResolveField(() => Retraction, { nullable: true })
  retraction(@Parent() article: Article): Retraction | null {
    return article.status === 'RETRACTED' && article.retractedAt
      ? { reason: article.retractionReason ?? '', retractedAt: article.retractedAt }
      : null;
  }

  @ResolveField(() => [PrintAppearance], { description: 'The printed editions and pages the story ran on.' })
  printAppearance(@Parent() article: Article, @Context() { loaders }: GraphQLContext): Promise<PrintAppearance[]> {
    return loaders.printAppearances.load(article.id);
  }

  @ResolveField(() => [Article], { description: 'Public stories sharing a tag, then the section; newest first.' })
  related(@Parent() article: Article, @Args() { first }: RelatedArgs): Promise<Article[]> {
    return this.publicArticles.related(article, first);
  }
}
