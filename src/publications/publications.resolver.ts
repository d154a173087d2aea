import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { SlugArgs } from './dto/publication.args.js';
import { CreatePublicationInput, UpdatePublicationInput } from './dto/publication.inputs.js';
import { Publication } from './models/publication.model.js';
import { PublicationsService } from './publications.service.js';

// The other modules add their own fields to Publication (sections, articles, authors, print
// editions), each in a resolver of its own.
@Resolver(() => Publication)
export class PublicationsResolver {
  constructor(private readonly publications: PublicationsService) {}

  @Query(() => Publication, { nullable: true })
  publication(@Args() { slug }: SlugArgs): Promise<Publication | null> {
    return this.publications.bySlug(slug);
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
