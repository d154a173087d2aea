import { Field, ID, ObjectType } from '@nestjs/graphql';
import { listOf } from '../../graphql/query-cost.js';

/** How many offices a masthead lists at most. */
export const MAX_OFFICES = 20;

@ObjectType({ description: 'A street address of the publication, as its masthead prints it.' })
export class Office {
  @Field()
  label: string;

  @Field()
  address: string;
}

@ObjectType({ description: 'The credits a newspaper prints in its imprint.' })
export class Masthead {
  @Field(() => String, { nullable: true })
  editor: string | null;

  @Field(() => String, { nullable: true })
  publisher: string | null;

  @Field(() => String, { nullable: true })
  printer: string | null;

  @Field(() => String, { nullable: true })
  copyright: string | null;

  @Field(() => [Office], { description: 'At most 20.', complexity: listOf(MAX_OFFICES, MAX_OFFICES) })
  offices: Office[];
}

@ObjectType({ description: 'A newspaper or site of the group.' })
export class Publication {
  @Field(() => ID)
  id: string;

  @Field()
  slug: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  tagline: string | null;

  @Field(() => String, { nullable: true })
  url: string | null;

  @Field()
  locale: string;

  @Field({ description: 'IANA time zone, e.g. Asia/Dhaka.' })
  timeZone: string;

  @Field(() => Masthead)
  masthead: Masthead;
}
