import { readPrimaryOnly } from '../database/read-scope.js';
import { Args, Context, Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Author } from '../authors/models/author.model.js';
import { PageArgs, type Connection } from '../common/pagination/connection.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { pageComplexity } from '../graphql/query-cost.js';
import { Publication } from '../publications/models/publication.model.js';
import { PublicationArticlesArgs, SearchArgs } from './dto/article.args.js';
import { DeskArgs } from './dto/article.inputs.js';
import { ArticleBySlugArgs } from './dto/preview.args.js';
import { EditorialService } from './editorial.service.js';
import { ArticleConnection } from './models/article-connection.model.js';
import { Article } from './models/article.model.js';
import { PreviewLinksService } from './preview-links.service.js';
import { PublicArticlesService } from './public-articles.service.js';

/** The articles of a publication: public lists, an article by slug, search, and the staff desk. */
@Resolver(() => Publication)
export class PublicationArticlesResolver {
  constructor(
    private readonly publicArticles: PublicArticlesService,
    private readonly editorialService: EditorialService,
    private readonly previewLinks: PreviewLinksService,
  ) {}

  @ResolveField(() => ArticleConnection, { description: 'Public articles, newest first.', complexity: pageComplexity })
  async articles(
    @Parent() publication: Publication,
    @Args() args: PublicationArticlesArgs,
    @Context() { budget, cacheTags }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = await this.publicArticles.list(publication, args, args);
    cacheTags.list(publication.id, nodesOf(page));
    if (args.section != null) cacheTags.sections(publication.id);
    return budget.connection(page, info);
  }

  @ResolveField(() => Article, {
    nullable: true,
    description: 'A public article by its slug or an old one; with `preview`, the article the link was made for.',
  })
  async article(
    @Parent() publication: Publication,
    @Args() { slug, preview }: ArticleBySlugArgs,
    @Context() { cacheTags }: GraphQLContext,
  ): Promise<Article | null> {
    if (preview != null) {
      // Marked before the token is checked: a preview, shown or refused, is its reader's alone.
      cacheTags.noStore();
      // The draft as it stands now: a replica may not have the save just made.
      readPrimaryOnly();
      return this.previewLinks.article(publication, slug, preview);
    }
    const article = await this.publicArticles.bySlug(publication, slug);
    cacheTags.article(publication.id, article);
    return article;
  }

  @ResolveField(() => ArticleConnection, { description: 'Full-text search of public articles, newest first.', complexity: pageComplexity })
  async search(
    @Parent() publication: Publication,
    @Args() args: SearchArgs,
    @Context() { budget, cacheTags }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = await this.publicArticles.search(publication, args.query, args);
    cacheTags.list(publication.id, nodesOf(page), { search: true });
    return budget.connection(page, info);
  }

  @ResolveField(() => ArticleConnection, {
    description: "The newsroom's articles in any status, last updated first. Staff of the publication only.",
    complexity: pageComplexity,
  })
  async desk(@Parent() publication: Publication, @Args() args: DeskArgs, @Context() { auth, budget }: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return budget.connection(await this.editorialService.desk(await auth.require(), publication.id, args), info);
  }
}

@Resolver(() => Author)
export class AuthorArticlesResolver {
  constructor(private readonly publicArticles: PublicArticlesService) {}

  @ResolveField(() => ArticleConnection, { description: "The author's public articles in this publication, newest first.", complexity: pageComplexity })
  async articles(@Parent() author: Author, @Args() page: PageArgs, @Context() { budget, cacheTags }: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    // Reached outside a publication (e.g. from createAuthor), there is no page to list.
    if (!author.publicationId) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const list = await this.publicArticles.byAuthor(author.publicationId, author, page);
    cacheTags.list(author.publicationId, nodesOf(list));
    return budget.connection(list, info);
  }
}

const nodesOf = (connection: Connection<Article>) => connection.edges.map((edge) => edge.node);
