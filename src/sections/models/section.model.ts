import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { textUnits } from '../../graphql/query-cost.js';

/** The longest description a section takes. */
export const MAX_SECTION_DESCRIPTION = 1000;

@ObjectType({ description: 'A section of a publication; sections form a tree.' })
export class Section {
  @Field(() => ID)
  id: string;

  publicationId: string;

  @Field()
  slug: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true, complexity: textUnits(MAX_SECTION_DESCRIPTION) })
  description: string | null;

  parentId: string | null;

  @Field(() => Int)
  position: number;
}
