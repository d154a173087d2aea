import { ArgsType, Field, ID, InputType, Int, OmitType, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDate, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArticleImageInput } from '../../media/dto/image.inputs.js';
import { IsId, OptionalSlug, OptionalText, RequiredText } from '../../common/validation/input-decorators.js';
import { PageArgs } from '../../common/pagination/connection.js';
import { DateTimeScalar } from '../../common/scalars/date-time.scalar.js';
import { ARTICLE_STATUSES, type ArticleStatus } from '../domain/article-workflow.js';
import { ArticleStatusEnum } from '../models/article.model.js';
import { LIMITS } from './limits.js';

export { LIMITS };
@InputType()
export class CreateArticleInput {
  @Field(() => ID)
  @IsId()
  publicationId: string;

  @Field(() => ID)
  @IsId()
  sectionId: string;

  @Field()
  @RequiredText(LIMITS.headline)
  headline: string;

  @Field(() => [ID], { description: 'The byline, in order.' })
  @IsArray()
  @ArrayMaxSize(LIMITS.authors)
  @IsId({ each: true })
  authorIds: string[];

  @Field(() => String, { nullable: true })
  @OptionalText(LIMITS.standfirst)
  standfirst?: string | null;

  @Field(() => String, { nullable: true, description: 'HTML; sanitised against the allow-list.' })
  @OptionalText(LIMITS.body)
  bodyHtml?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(LIMITS.authorNote)
  authorNote?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.tags)
  @IsString({ each: true })
  @MaxLength(LIMITS.tag, { each: true })
  tags?: string[] | null;

  @Field(() => ArticleImageInput, { nullable: true, description: 'The picture at the head of the story (an image of its publication); null removes it.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ArticleImageInput)
  leadImage?: ArticleImageInput | null;

  @Field(() => String, { nullable: true, description: 'Made from the headline when a new article has none; a changed slug keeps the old one resolving.' })
  @OptionalSlug()
  slug?: string | null;
}

@InputType({ description: 'Only what is given changes.' })
export class UpdateArticleInput extends PartialType(OmitType(CreateArticleInput, ['publicationId', 'slug'] as const)) {
  @Field(() => String, { nullable: true, description: 'A new slug; the old one keeps resolving.' })
  @OptionalSlug()
  slug?: string | null;
}

@InputType()
export class TransitionArticleInput {
  @Field(() => ID)
  @IsId()
  id: string;

  @Field(() => ArticleStatusEnum)
  @IsIn(ARTICLE_STATUSES)
  to: ArticleStatus;

  @Field(() => String, { nullable: true, description: 'Required to return, spike and retract (the public reason).' })
  @OptionalText(LIMITS.comment)
  comment?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When to publish; required to schedule, in the future.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  publishAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'The version the move is based on; a stale one is CONFLICT.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;
}

@ArgsType()
export class DeskArgs extends PageArgs {
  @Field(() => [ArticleStatusEnum], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ARTICLE_STATUSES, { each: true })
  status?: ArticleStatus[] | null;

  @Field(() => String, { nullable: true, description: 'A section slug (with its subsections).' })
  @OptionalText(200)
  section?: string | null;
}

@ArgsType()
export class CorrectionArgs {
  @Field(() => ID)
  @IsId()
  articleId: string;

  @Field()
  @RequiredText(LIMITS.comment)
  text: string;
}

@ArgsType()
export class HistoryArgs {
  @Field(() => Int, { nullable: true, defaultValue: 100, description: 'The last this many moves, oldest first. At most 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  last: number = 100;
}

@ArgsType()
export class RevisionsArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'At most 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 20;

  @Field(() => Int, { nullable: true, description: 'Only versions below this one: the next page after the last version seen.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  before?: number | null;
}
