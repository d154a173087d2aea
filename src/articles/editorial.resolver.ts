import { Args, Context, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import { DateTimeScalar } from '../common/scalars/date-time.scalar.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { User } from '../users/models/user.model.js';
import { CorrectionArgs, CreateArticleInput, HistoryArgs, RevisionsArgs, TransitionArticleInput, UpdateArticleInput } from './dto/article.inputs.js';
import { listOf } from '../graphql/query-cost.js';
import { ArticleLoaders } from './articles.loaders.js';
import { UserLoaders } from '../users/users.loaders.js';
import { EditorialService, assertMayReadOnDesk } from './editorial.service.js';
import { ArticleEvent, ArticleRevision } from './models/article-history.model.js';
import { Article, ArticleStatusEnum } from './models/article.model.js';
import { PreviewLink } from './models/preview-link.model.js';
import { PreviewLinksService } from './preview-links.service.js';
import type { ArticleStatus } from './domain/article-workflow.js';

/** Staff operations on articles and the staff-only fields of Article. */
@Resolver(() => Article)
export class EditorialResolver {
  constructor(
    private readonly editorialService: EditorialService,
    private readonly articleLoaders: ArticleLoaders,
    private readonly previewLinks: PreviewLinksService,
  ) {}

  @Query(() => Article, { description: 'An article in any status, for staff of its publication.' })
  async article(@Args('id', { type: () => ID }, ParseIdPipe) id: string, @Context() { auth }: GraphQLContext): Promise<Article> {
    return this.editorialService.byId(await auth.require(), id);
  }

  @Mutation(() => Article, { description: 'A new DRAFT, by a contributor, copy editor or editor of the publication.' })
  async createArticle(@Args('input') input: CreateArticleInput, @Context() { auth }: GraphQLContext): Promise<Article> {
    return this.editorialService.create(await auth.require(), input);
  }

  @Mutation(() => Article, { description: 'Saves content based on `version`; a stale version is CONFLICT.' })
  async updateArticle(
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('version', { type: () => Int }) version: number,
    @Args('input') input: UpdateArticleInput,
    @Context() { auth }: GraphQLContext,
  ): Promise<Article> {
    return this.editorialService.update(await auth.require(), id, version, input);
  }

  @Mutation(() => Article, { description: 'Moves an article through the workflow (see availableTransitions).' })
  async transitionArticle(@Args('input') input: TransitionArticleInput, @Context() { auth }: GraphQLContext): Promise<Article> {
    return this.editorialService.transition(await auth.require(), input);
  }

  @Mutation(() => Article, { description: 'A public correction note. Editors only.' })
  async addCorrection(@Args() { articleId, text }: CorrectionArgs, @Context() { auth }: GraphQLContext): Promise<Article> {
    return this.editorialService.addCorrection(await auth.require(), articleId, text);
  }

  @Mutation(() => PreviewLink, { description: 'A short-lived link showing the article as the public would read it, in any status. Its desk readers only.' })
  async createPreviewLink(@Args('articleId', { type: () => ID }, ParseIdPipe) articleId: string, @Context() { auth }: GraphQLContext): Promise<PreviewLink> {
    return this.previewLinks.create(await auth.require(), articleId);
  }

  @ResolveField(() => [ArticleStatusEnum], { description: 'The moves the viewer may make now; empty for the public.' })
  async availableTransitions(@Parent() article: Article, @Context() { auth, loaders }: GraphQLContext): Promise<ArticleStatus[]> {
    const viewer = await auth.optional();
    if (!viewer) return [];
    return this.editorialService.availableMoves(viewer, article, await loaders.of(this.articleLoaders).writers.load(article.id));
  }

  @ResolveField(() => DateTimeScalar, { nullable: true, description: 'When a SCHEDULED article goes live. Staff only.' })
  async scheduledFor(@Parent() article: Article, @Context() context: GraphQLContext): Promise<Date | null> {
    await this.assertStaffRead(article, context);
    return article.scheduledFor;
  }

  @ResolveField(() => [ArticleEvent], {
    description: 'Who moved it, from, to, why and when: the last moves, oldest first. Staff only.',
    complexity: listOf(100, 100, 'last'),
  })
  async history(
    @Parent() article: Article,
    @Args() { last }: HistoryArgs,
    @Context() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<readonly ArticleEvent[]> {
    await this.assertStaffRead(article, context);
    return context.budget.list(await this.editorialService.history(article.id, last), info);
  }

  @ResolveField(() => [ArticleRevision], { description: 'Saved versions, newest first, a page at a time. Staff only.', complexity: listOf(20, 100) })
  async revisions(
    @Parent() article: Article,
    @Args() { first, before }: RevisionsArgs,
    @Context() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<readonly ArticleRevision[]> {
    await this.assertStaffRead(article, context);
    return context.budget.list(await this.editorialService.revisions(article.id, first, before ?? undefined), info);
  }

  private async assertStaffRead(article: Article, { auth, loaders }: GraphQLContext): Promise<void> {
    assertMayReadOnDesk(await auth.require(), article, await loaders.of(this.articleLoaders).writers.load(article.id));
  }
}

@Resolver(() => ArticleEvent)
export class ArticleEventResolver {
  constructor(private readonly userLoaders: UserLoaders) {}

  @ResolveField(() => User, { nullable: true, description: 'Null when the scheduler made the move.' })
  actor(@Parent() event: ArticleEvent, @Context() { loaders }: GraphQLContext): Promise<User | null> | null {
    return event.actorId ? loaders.of(this.userLoaders).user.load(event.actorId) : null;
  }
}

@Resolver(() => ArticleRevision)
export class ArticleRevisionResolver {
  constructor(
    private readonly userLoaders: UserLoaders,
    private readonly articleLoaders: ArticleLoaders,
  ) {}

  @ResolveField(() => String)
  async bodyHtml(@Parent() revision: ArticleRevision, @Context() { budget, loaders }: GraphQLContext): Promise<string> {
    budget.text(revision.bodyHtmlBytes);
    return (await loaders.of(this.articleLoaders).revisionBody.load(revision.id)) ?? '';
  }

  @ResolveField(() => User, { nullable: true })
  by(@Parent() revision: ArticleRevision, @Context() { loaders }: GraphQLContext): Promise<User | null> | null {
    return revision.createdById ? loaders.of(this.userLoaders).user.load(revision.createdById) : null;
  }
}
