import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsId, OptionalText, RequiredText } from '../../common/validation/input-decorators.js';
import { CalendarDate } from '../../common/scalars/date.scalar.js';
import { PageArgs } from '../../common/pagination/connection.js';
import { PrintEditionStatusEnum, type PrintEditionStatus } from '../models/print-edition.model.js';

export const DEFAULT_EDITION_NAME = 'Daily';

@InputType()
export class CreatePrintEditionInput {
  @Field(() => ID)
  @IsId()
  publicationId: string;

  @Field(() => CalendarDate, { description: "The day of the paper, in the publication's time zone." })
  date: string;

  @Field(() => String, { nullable: true, defaultValue: DEFAULT_EDITION_NAME, description: 'e.g. "Daily", "City".' })
  @IsOptional()
  @RequiredText(60)
  name?: string | null;
}

@InputType()
export class PlaceArticleInput {
  @Field(() => ID)
  @IsId()
  editionId: string;

  @Field(() => ID)
  @IsId()
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
  @OptionalText(60)
  name?: string | null;
}

@ArgsType()
export class PrintEditionsArgs extends PageArgs {
  @Field(() => PrintEditionStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(['PLANNING', 'PRINTED'])
  status?: PrintEditionStatus | null;
}
