import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CalendarDate } from '../../common/scalars/date.scalar.js';
import { ConnectionType } from '../../common/pagination/connection.js';
import { DateTimeScalar } from '../../common/scalars/date-time.scalar.js';
import type { Article } from '../../articles/models/article.model.js';

export const PrintEditionStatusEnum = { PLANNING: 'PLANNING', PRINTED: 'PRINTED' } as const;
export type PrintEditionStatus = keyof typeof PrintEditionStatusEnum;
registerEnumType(PrintEditionStatusEnum, { name: 'PrintEditionStatus' });

@ObjectType({ description: "One day's printed paper of a publication." })
export class PrintEdition {
  @Field(() => ID)
  id: string;

  publicationId: string;

  @Field(() => CalendarDate, { description: "In the publication's time zone." })
  date: Date;

  @Field()
  name: string;

  @Field(() => PrintEditionStatusEnum)
  status: PrintEditionStatus;

  @Field(() => DateTimeScalar, { nullable: true })
  printedAt?: Date | null;
}

@ObjectType({ description: 'Where a printed story ran.' })
export class PrintAppearance {
  @Field(() => Int)
  page: number;

  @Field(() => PrintEdition)
  edition: PrintEdition;
}

@ObjectType({ description: 'A page of an edition and the stories on it, in placement order.' })
export class EditionPage {
  @Field(() => Int)
  number: number;

  /** The stories the viewer may see on the page, in placement order (resolved with the response budget). */
  articles: Article[];
}

@ObjectType()
export class PrintEditionConnection extends ConnectionType(PrintEdition) {}
