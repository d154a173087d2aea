import { Args, Context, ID, Info, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ArticleLoaders } from '../articles/articles.loaders.js';
import { Article } from '../articles/models/article.model.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { pageComplexity } from '../graphql/query-cost.js';
import { Publication } from '../publications/models/publication.model.js';
import { CreatePrintEditionInput, PlaceArticleInput, PrintEditionArgs, PrintEditionsArgs } from './dto/print-edition.inputs.js';
import { EditionPage, PrintAppearance, PrintEdition, PrintEditionConnection } from './models/print-edition.model.js';
import { PrintEditionLoaders } from './print-editions.loaders.js';
import { PrintEditionsService } from './print-editions.service.js';

@Resolver(() => PrintEdition)
export class PrintEditionsResolver {
  constructor(
    private readonly editionsService: PrintEditionsService,
    private readonly editionLoaders: PrintEditionLoaders,
    private readonly articleLoaders: ArticleLoaders,
  ) {}

  @Mutation(() => PrintEdition, { description: 'Production staff and editors of the publication.' })
  async createPrintEdition(@Args('input') input: CreatePrintEditionInput, @Context() { auth }: GraphQLContext): Promise<PrintEdition> {
    return this.editionsService.create(await auth.require(), input);
  }

  @Mutation(() => PrintEdition, { description: 'Puts an approved, scheduled or published article on a page (or moves it there).' })
  async placeArticle(@Args('input') input: PlaceArticleInput, @Context() { auth }: GraphQLContext): Promise<PrintEdition> {
    return this.editionsService.place(await auth.require(), input);
  }

  @Mutation(() => PrintEdition)
  async unplaceArticle(
    @Args('editionId', { type: () => ID }, ParseIdPipe) editionId: string,
    @Args('articleId', { type: () => ID }, ParseIdPipe) articleId: string,
    @Context() { auth }: GraphQLContext,
  ): Promise<PrintEdition> {
    return this.editionsService.unplace(await auth.require(), editionId, articleId);
  }

  @Mutation(() => PrintEdition, { description: 'Moves every placed article to PRINTED and freezes the edition.' })
  async markEditionPrinted(@Args('editionId', { type: () => ID }, ParseIdPipe) editionId: string, @Context() { auth }: GraphQLContext): Promise<PrintEdition> {
    return this.editionsService.markPrinted(await auth.require(), editionId);
  }

  @ResolveField(() => [EditionPage], { description: 'Pages in order, each with the stories the viewer may read on it, in placement order.' })
  async pages(
    @Parent() edition: PrintEdition,
    @Context() { loaders, auth, budget }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<readonly EditionPage[]> {
    const { pages } = loaders.of(this.editionLoaders);
    const { article, writers } = loaders.of(this.articleLoaders);
    return budget.list(await this.editionsService.pagesFor(await auth.optional(), edition, { pages, article, writers }), info);
  }
}

@Resolver(() => EditionPage)
export class EditionPageResolver {
  @ResolveField(() => [Article])
  articles(@Parent() page: EditionPage, @Context() { budget, cacheTags }: GraphQLContext, @Info() info: GraphQLResolveInfo): readonly Article[] {
    cacheTags.articles(page.articles);
    return budget.list(page.articles, info);
  }
}

/** The print editions of a publication: the public's printed paper, and every edition for staff. */
@Resolver(() => Publication)
export class PublicationEditionsResolver {
  constructor(private readonly editionsService: PrintEditionsService) {}

  @ResolveField(() => PrintEdition, { nullable: true, description: 'A printed edition of the day; null until it is printed.' })
  printEdition(
    @Parent() publication: Publication,
    @Args() { date, name }: PrintEditionArgs,
    @Context() { cacheTags }: GraphQLContext,
  ): Promise<PrintEdition | null> {
    cacheTags.editions(publication.id);
    return this.editionsService.printed(publication.id, date, name);
  }

  @ResolveField(() => PrintEditionConnection, {
    description: 'Every edition, planned or printed, newest date first. Staff of the publication only.',
    complexity: pageComplexity,
  })
  async printEditions(
    @Parent() publication: Publication,
    @Args() args: PrintEditionsArgs,
    @Context() { auth, budget }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return budget.connection(await this.editionsService.list(await auth.require(), publication.id, args), info);
  }
}

/** Where a printed story ran, on the article. */
@Resolver(() => Article)
export class ArticlePrintResolver {
  constructor(private readonly editionLoaders: PrintEditionLoaders) {}

  @ResolveField(() => [PrintAppearance], { description: 'The printed editions and pages the story ran on.' })
  async printAppearance(
    @Parent() article: Article,
    @Context() { loaders, budget, cacheTags }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<readonly PrintAppearance[]> {
    cacheTags.editions(article.publicationId);
    return budget.list(await loaders.of(this.editionLoaders).printAppearances.load(article.id), info);
  }
}
