import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { SlugArgs } from '../publications/dto/publication.args.js';
import { Publication } from '../publications/models/publication.model.js';
import { AuthorsService } from './authors.service.js';
import { CreateAuthorInput, UpdateAuthorInput } from './dto/author.inputs.js';
import { Author } from './models/author.model.js';

// The articles module adds Author.articles (an author's page lists their public articles).
@Resolver(() => Author)
export class AuthorsResolver {
  constructor(private readonly authorsService: AuthorsService) {}

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

  @ResolveField(() => String, { nullable: true, description: 'Staff only; null for the public.' })
  async email(@Parent() author: Author, @Context() { auth }: GraphQLContext): Promise<string | null> {
    // A bad token here reads as anonymous rather than failing a public page.
    return this.authorsService.emailFor(await auth.optional().catch(() => null), author);
  }
}

@Resolver(() => Publication)
export class PublicationAuthorsResolver {
  constructor(private readonly authorsService: AuthorsService) {}

  @ResolveField(() => Author, { nullable: true })
  author(@Parent() publication: Publication, @Args() { slug }: SlugArgs): Promise<Author | null> {
    return this.authorsService.bySlugIn(publication.id, slug);
  }
}
