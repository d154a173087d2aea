import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A section of a publication; sections form a tree.' })
export class Section {
  @Field(() => ID)
  id: string;

  publicationId: string;

  @Field()
  slug: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  parentId: string | null;

  @Field(() => Int)
  position: number;
}
