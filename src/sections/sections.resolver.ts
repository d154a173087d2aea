import { Args, Context, ID, Info, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { Publication } from '../publications/models/publication.model.js';
import { CreateSectionInput, UpdateSectionInput } from './dto/section.inputs.js';
import { Section } from './models/section.model.js';
import { SectionLoaders } from './sections.loaders.js';
import { SectionsService } from './sections.service.js';

@Resolver(() => Section)
export class SectionsResolver {
  constructor(
    private readonly sectionsService: SectionsService,
    private readonly sectionLoaders: SectionLoaders,
  ) {}

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
    return section.parentId ? loaders.of(this.sectionLoaders).section.load(section.parentId) : null;
  }

  @ResolveField(() => [Section])
  async children(@Parent() section: Section, @Context() { loaders, budget }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<readonly Section[]> {
    return budget.list(await loaders.of(this.sectionLoaders).children.load(section.id), info);
  }
}

@Resolver(() => Publication)
export class PublicationSectionsResolver {
  constructor(private readonly sectionsService: SectionsService) {}

  @ResolveField(() => [Section], { description: 'Every section, in order; the tree is in parent and children.' })
  async sections(@Parent() publication: Publication, @Context() { budget }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<readonly Section[]> {
    return budget.list(await this.sectionsService.ofPublication(publication.id), info);
  }
}
