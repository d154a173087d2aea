import { Args, Context, ID, Info, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
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

  @ResolveField(() => Section, { nullable: true })
  parent(@Parent() section: Section, @Context() { loaders }: GraphQLContext): Promise<Section | null> | null {
    return section.parentId ? loaders.section.load(section.parentId) : null;
  }

  @ResolveField(() => [Section])
  async children(@Parent() section: Section, @Context() { loaders, budget }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<readonly Section[]> {
    return budget.list(await loaders.sectionChildren.load(section.id), info);
  }
}
