import { Field, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../common/scalars/date-time.scalar.js';

@ObjectType({ description: 'A link that shows one article as the public would read it, whatever its status, until it expires.' })
export class PreviewLink {
  @Field({ description: 'Send it as `preview` with the article’s slug: `publication { article(slug, preview) }`.' })
  token: string;

  @Field(() => DateTimeScalar)
  expiresAt: Date;
}
