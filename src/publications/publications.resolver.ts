import { Args, Context, ID, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { listOf } from '../graphql/query-cost.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { SlugArgs } from './dto/publication.args.js';
import { CreatePublicationInput, UpdatePublicationInput } from './dto/publication.inputs.js';
import { MAX_OFFICES, Masthead, Office, Publication } from './models/publication.model.js';
import { PublicationsService } from './publications.service.js';

@Resolver(() => Masthead)
export class MastheadResolver {
  @ResolveField(() => [Office], { description: 'At most 20.', complexity: listOf(MAX_OFFICES, MAX_OFFICES) })
  offices(@Parent() masthead: Masthead, @Context() { budget }: GraphQLContext, @Info() info: GraphQLResolveInfo): readonly Office[] {
    return budget.list(masthead.offices, info);
  }
}

// The other modules add their own fields to Publication (sections, articles, authors, print
// editions), each in a resolver of its own.
@Resolver(() => Publication)
export class PublicationsResolver {
  constructor(private readonly publications: PublicationsService) {}

  @Query(() => Publication, { nullable: true })
  async publication(@Args() { slug }: SlugArgs, @Context() { cacheTags }: GraphQLContext): Promise<Publication | null> {
    const publication = await this.publications.bySlug(slug);
    cacheTags.publication(publication?.id ?? null);
    return publication;
  }

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
}
