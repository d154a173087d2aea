import { Args, Context, ID, Info, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Article } from '../articles/models/article.model.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { CreatePrintEditionInput, PlaceArticleInput } from './dto/print-edition.inputs.js';
import { EditionPage, PrintEdition } from './models/print-edition.model.js';
import { PrintEditionsService } from './print-editions.service.js';

@Resolver(() => PrintEdition)
export class PrintEditionsResolver {
  constructor(private readonly editionsService: PrintEditionsService) {}

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
  async markEditionPrinted(
    @Args('editionId', { type: () => ID }, ParseIdPipe) editionId: string,
    @Context() { auth }: GraphQLContext,
  ): Promise<PrintEdition> {
    return this.editionsService.markPrinted(await auth.require(), editionId);
  }

  @ResolveField(() => [EditionPage], { description: 'Pages in order, each with the stories the viewer may read on it, in placement order.' })
  async pages(@Parent() edition: PrintEdition, @Context() { loaders, auth, budget }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<readonly EditionPage[]> {
    return budget.list(await this.editionsService.pagesFor(await auth.optional(), edition, loaders), info);
  }
}

@Resolver(() => EditionPage)
export class EditionPageResolver {
  @ResolveField(() => [Article])
  articles(@Parent() page: EditionPage, @Context() { budget }: GraphQLContext, @Info() info: GraphQLResolveInfo): readonly Article[] {
    return budget.list(page.articles, info);
  }
}
