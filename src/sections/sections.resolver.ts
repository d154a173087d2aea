import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { Section } from './models/section.model.js';

@Resolver(() => Section)
export class SectionsResolver {
  @ResolveField(() => Section, { nullable: true })
  parent(@Parent() section: Section, @Context() { loaders }: GraphQLContext): Promise<Section | null> | null {
    return section.parentId ? loaders.section.load(section.parentId) : null;
  }

  @ResolveField(() => [Section])
  children(@Parent() section: Section, @Context() { loaders }: GraphQLContext): Promise<Section[]> {
    return loaders.sectionChildren.load(section.id);
  }
}
