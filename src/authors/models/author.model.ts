import { Field, ID, ObjectType } from '@nestjs/graphql';
import { textUnits } from '../../graphql/query-cost.js';

/** The longest bio an author takes. */
export const MAX_BIO = 2000;

@ObjectType({ description: 'A writer; one author writes for any publication of the group.' })
export class Author {
  @Field(() => ID)
  id: string;

  @Field()
  slug: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true, complexity: textUnits(MAX_BIO) })
  bio: string | null;

  /** Never public: exposed to staff only by a guarded field resolver. */
  email: string | null;

  userId: string | null;

  /** The publication the author was reached through (AuthorPage lists only its articles). */
  publicationId?: string;
}
