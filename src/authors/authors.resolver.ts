import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { PublicArticlesService } from '../articles/public-articles.service.js';
import { ArticleConnection } from '../articles/models/article-connection.model.js';
import { PageArgs } from '../common/pagination/connection.js';
import { Author } from './models/author.model.js';

@Resolver(() => Author)
export class AuthorsResolver {
  constructor(private readonly publicArticles: PublicArticlesService) {}

  @ResolveField(() => ArticleConnection, { description: "The author's public articles in this publication, newest first." })
  articles(@Parent() author: Author, @Args() page: PageArgs) {
    return this.publicArticles.byAuthor(author.publicationId!, author, page);
  }
}
