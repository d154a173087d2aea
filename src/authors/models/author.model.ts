import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A writer; one author writes for any publication of the group.' })
export class Author {
  @Field(() => ID)
  id: string;

  @Field()
  slug: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  bio: string | null;

  /** Never public: exposed to staff only by a guarded field resolver. */
  email: string | null;

  userId: string | null;

  /** The publication the author was reached through (AuthorPage lists only its articles). */
  publicationId?: string;
}
