import { Args, Context, ID, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { pageComplexity } from '../graphql/query-cost.js';
import { PublicArticlesService } from '../articles/public-articles.service.js';
import { ArticleConnection } from '../articles/models/article-connection.model.js';
import { Article } from '../articles/models/article.model.js';
import { AuthorsService } from '../authors/authors.service.js';
import { Author } from '../authors/models/author.model.js';
import { Section } from '../sections/models/section.model.js';
import { SectionsService } from '../sections/sections.service.js';
import { PublicationArticlesArgs, SearchArgs, SlugArgs } from './dto/publication.args.js';
import { CreatePublicationInput, UpdatePublicationInput } from './dto/publication.inputs.js';
import { DeskArgs } from '../articles/dto/article.inputs.js';
import { EditorialService } from '../articles/editorial.service.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import { PrintEditionArgs, PrintEditionsArgs } from '../print-editions/dto/print-edition.inputs.js';
import { PrintEdition, PrintEditionConnection } from '../print-editions/models/print-edition.model.js';
import { PrintEditionsService } from '../print-editions/print-editions.service.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { Publication } from './models/publication.model.js';
import { PublicationsService } from './publications.service.js';

@Resolver(() => Publication)
export class PublicationsResolver {
  constructor(
    private readonly publications: PublicationsService,
    private readonly sectionsService: SectionsService,
    private readonly authorsService: AuthorsService,
    private readonly publicArticles: PublicArticlesService,
    private readonly editorialService: EditorialService,
    private readonly editionsService: PrintEditionsService,
  ) {}

  @Mutation(() => Publication, { description: 'Admins only.' })
  async createPublication(@Args('input') input: CreatePublicationInput, @Context() { auth }: GraphQLContext): Promise<Publication> {
    return this.publications.create(await auth.require(), input);
  }

  @Mutation(() => Publication, { description: 'Admins only.' })
  async updatePublication(
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdatePublicationInput,
    @Context() { auth }: GraphQLContext,
  ): Promise<Publication> {
    return this.publications.update(await auth.require(), id, input);
  }

  @ResolveField(() => PrintEdition, { nullable: true, description: 'A printed edition of the day; null until it is printed.' })
  printEdition(@Parent() publication: Publication, @Args() { date, name }: PrintEditionArgs): Promise<PrintEdition | null> {
    return this.editionsService.printed(publication.id, date, name);
  }

  @ResolveField(() => PrintEditionConnection, { description: 'Every edition, planned or printed, newest date first. Staff of the publication only.', complexity: pageComplexity })
  async printEditions(@Parent() publication: Publication, @Args() args: PrintEditionsArgs, @Context() { auth }: GraphQLContext) {
    return this.editionsService.list(await auth.require(), publication.id, args);
  }

  @ResolveField(() => ArticleConnection, { description: "The newsroom's articles in any status, last updated first. Staff of the publication only.", complexity: pageComplexity })
  async desk(@Parent() publication: Publication, @Args() args: DeskArgs, @Context() { auth }: GraphQLContext) {
    return this.editorialService.desk(await auth.require(), publication.id, args);
  }

  @Query(() => Publication, { nullable: true })
  publication(@Args() { slug }: SlugArgs): Promise<Publication | null> {
    return this.publications.bySlug(slug);
  }

  @ResolveField(() => [Section], { description: 'Every section, in order; the tree is in parent and children.' })
  async sections(@Parent() publication: Publication, @Context() { budget }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<readonly Section[]> {
    return budget.list(await this.sectionsService.ofPublication(publication.id), info);
  }

  @ResolveField(() => ArticleConnection, { description: 'Public articles, newest first.', complexity: pageComplexity })
  articles(@Parent() publication: Publication, @Args() args: PublicationArticlesArgs) {
    return this.publicArticles.list(publication, args, args);
  }

  @ResolveField(() => Article, { nullable: true, description: 'A public article by its slug or an old one.' })
  article(@Parent() publication: Publication, @Args() { slug }: SlugArgs): Promise<Article | null> {
    return this.publicArticles.bySlug(publication, slug);
  }

  @ResolveField(() => Author, { nullable: true })
  author(@Parent() publication: Publication, @Args() { slug }: SlugArgs): Promise<Author | null> {
    return this.authorsService.bySlugIn(publication.id, slug);
  }

  @ResolveField(() => ArticleConnection, { description: 'Full-text search of public articles, newest first.', complexity: pageComplexity })
  search(@Parent() publication: Publication, @Args() args: SearchArgs) {
    return this.publicArticles.search(publication, args.query, args);
  }
}
