import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, Matches } from 'class-validator';
import { CalendarDate } from '../../common/scalars/date.scalar.js';

export const DEFAULT_EDITION_NAME = 'Daily';

@InputType()
export class CreatePrintEditionInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'is not an id' })
  publicationId: string;

  @Field(() => CalendarDate, { description: "The day of the paper, in the publication's time zone." })
  date: string;

  @Field(() => String, { nullable: true, defaultValue: DEFAULT_EDITION_NAME, description: 'e.g. "Daily", "City".' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(60)
  name?: string | null;
}

@InputType()
export class PlaceArticleInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'is not an id' })
  editionId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'is not an id' })
  articleId: string;

  @Field(() => Int, { description: 'From 1. Placing a placed article again moves it to this page.' })
  @IsInt()
  @Min(1)
  @Max(999)
  page: number;
}

@ArgsType()
export class PrintEditionArgs {
  @Field(() => CalendarDate)
  date: string;

  @Field(() => String, { nullable: true, description: 'Which edition of the day; the "Daily" one by default.' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  name?: string | null;
}
