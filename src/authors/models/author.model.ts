import { Field, ID, ObjectType } from '@nestjs/graphql';

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

  /** Resolved (authors.resolver.ts): undefined when read as part of a list's byline. */
  bio?: string | null;

  /** Never public: exposed to staff only by a guarded field resolver; undefined as bio. */
  email?: string | null;

  userId: string | null;

  /** The publication the author was reached through (AuthorPage lists only its articles). */
  publicationId?: string;
}
