import { Args, Context, ID, Info, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { Publication } from '../publications/models/publication.model.js';
import { CreateSectionInput, UpdateSectionInput } from './dto/section.inputs.js';
import { Section } from './models/section.model.js';
import { SectionsService } from './sections.service.js';

@Resolver(() => Section)
export class SectionsResolver {
  constructor(private readonly sectionsService: SectionsService) {}

  @Mutation(() => Section, { description: 'Editors of the publication.' })
  async createSection(@Args('input') input: CreateSectionInput, @Context() { auth }: GraphQLContext): Promise<Section> {
    return this.sectionsService.create(await auth.require(), input);
  }

  @Mutation(() => Section, { description: 'Editors of the publication.' })
  async updateSection(
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateSectionInput,
    @Context() { auth }: GraphQLContext,
  ): Promise<Section> {
    return this.sectionsService.update(await auth.require(), id, input);
  }

  // The tree comes from the publication's, which this instance keeps (sections.service.ts).
  @ResolveField(() => Section, { nullable: true })
  async parent(@Parent() section: Section, @Context() { cacheTags }: GraphQLContext): Promise<Section | null> {
    cacheTags.sections(section.publicationId);
    return section.parentId ? this.sectionsService.inPublication(section.publicationId, section.parentId) : null;
  }

  @ResolveField(() => [Section])
  async children(@Parent() section: Section, @Context() { budget, cacheTags }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<readonly Section[]> {
    cacheTags.sections(section.publicationId);
    return budget.list(await this.sectionsService.childrenOf(section), info);
  }
}

@Resolver(() => Publication)
export class PublicationSectionsResolver {
  constructor(private readonly sectionsService: SectionsService) {}

  @ResolveField(() => [Section], { description: 'Every section, in order; the tree is in parent and children.' })
  async sections(
    @Parent() publication: Publication,
    @Context() { budget, cacheTags }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<readonly Section[]> {
    cacheTags.sections(publication.id);
    return budget.list(await this.sectionsService.ofPublication(publication.id), info);
  }
}
