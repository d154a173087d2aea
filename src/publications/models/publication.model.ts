import { Field, ID, ObjectType } from '@nestjs/graphql';
import { textUnits } from '../../graphql/query-cost.js';

/** How many offices a masthead lists at most. */
export const MAX_OFFICES = 20;

@ObjectType({ description: 'A street address of the publication, as its masthead prints it.' })
export class Office {
  @Field()
  label: string;

  @Field({ complexity: textUnits(1000) })
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

  /** At most MAX_OFFICES; resolved with the response budget (publications.resolver.ts). */
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

  @Field(() => String, { nullable: true, complexity: textUnits(500) })
  url: string | null;

  @Field()
  locale: string;

  @Field({ description: 'IANA time zone, e.g. Asia/Dhaka.' })
  timeZone: string;

  @Field(() => Masthead)
  masthead: Masthead;
}
