import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { SlugArgs } from '../publications/dto/publication.args.js';
import { Publication } from '../publications/models/publication.model.js';
import { textUnits } from '../graphql/query-cost.js';
import { AuthorLoaders } from './authors.loaders.js';
import { AuthorsService } from './authors.service.js';
import { CreateAuthorInput, UpdateAuthorInput } from './dto/author.inputs.js';
import { Author, MAX_BIO } from './models/author.model.js';

// The articles module adds Author.articles (an author's page lists their public articles).
@Resolver(() => Author)
export class AuthorsResolver {
  constructor(
    private readonly authorsService: AuthorsService,
    private readonly authorLoaders: AuthorLoaders,
  ) {}

  @Mutation(() => Author, { description: 'Editors (of any publication) and admins.' })
  async createAuthor(@Args('input') input: CreateAuthorInput, @Context() { auth }: GraphQLContext): Promise<Author> {
    return this.authorsService.create(await auth.require(), input);
  }

  @Mutation(() => Author, { description: 'Editors (of any publication) and admins.' })
  async updateAuthor(
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateAuthorInput,
    @Context() { auth }: GraphQLContext,
  ): Promise<Author> {
    return this.authorsService.update(await auth.require(), id, input);
  }

  @ResolveField(() => String, { nullable: true, complexity: textUnits(MAX_BIO) })
  async bio(@Parent() author: Author, @Context() { loaders }: GraphQLContext): Promise<string | null> {
    return (await this.whole(author, loaders)).bio ?? null;
  }

  @ResolveField(() => String, { nullable: true, description: 'Staff only; null for the public.' })
  async email(@Parent() author: Author, @Context() { auth, loaders }: GraphQLContext): Promise<string | null> {
    // A bad token here reads as anonymous rather than failing a public page.
    const viewer = await auth.optional().catch(() => null);
    return viewer ? this.authorsService.emailFor(viewer, await this.whole(author, loaders)) : null;
  }

  /** The author with bio and email: a list's byline reads them only when a field asks. */
  private async whole(author: Author, loaders: GraphQLContext['loaders']): Promise<Author> {
    if (author.bio !== undefined && author.email !== undefined) return author;
    const found = await loaders.of(this.authorLoaders).author.load(author.id);
    return { ...author, bio: found?.bio ?? null, email: found?.email ?? null };
  }
}

@Resolver(() => Publication)
export class PublicationAuthorsResolver {
  constructor(private readonly authorsService: AuthorsService) {}

  @ResolveField(() => Author, { nullable: true })
  async author(@Parent() publication: Publication, @Args() { slug }: SlugArgs, @Context() { cacheTags }: GraphQLContext): Promise<Author | null> {
    const author = await this.authorsService.bySlugIn(publication.id, slug);
    cacheTags.author(author);
    return author;
  }
}
