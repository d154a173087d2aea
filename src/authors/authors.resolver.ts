import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { PublicArticlesService } from '../articles/public-articles.service.js';
import { ArticleConnection } from '../articles/models/article-connection.model.js';
import { PageArgs } from '../common/pagination/connection.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { pageComplexity } from '../graphql/query-cost.js';
import { AuthorsService } from './authors.service.js';
import { CreateAuthorInput, UpdateAuthorInput } from './dto/author.inputs.js';
import { Author } from './models/author.model.js';

@Resolver(() => Author)
export class AuthorsResolver {
  constructor(
    private readonly publicArticles: PublicArticlesService,
    private readonly authorsService: AuthorsService,
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

  @ResolveField(() => ArticleConnection, { description: "The author's public articles in this publication, newest first.", complexity: pageComplexity })
  articles(@Parent() author: Author, @Args() page: PageArgs) {
    // Reached outside a publication (e.g. from createAuthor), there is no page to list.
    if (!author.publicationId) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    return this.publicArticles.byAuthor(author.publicationId, author, page);
  }

  @ResolveField(() => String, { nullable: true, description: 'Staff only; null for the public.' })
  async email(@Parent() author: Author, @Context() { auth }: GraphQLContext): Promise<string | null> {
    // A bad token here reads as anonymous rather than failing a public page.
    return this.authorsService.emailFor(await auth.optional().catch(() => null), author);
  }
}
