import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageArgs } from '../../common/pagination/connection.js';
import { DateTimeScalar } from '../../common/scalars/date-time.scalar.js';
import { SLUG_PATTERN } from '../../common/slug.js';
import { ARTICLE_STATUSES, type ArticleStatus } from '../domain/article-workflow.js';
import { ArticleStatusEnum } from '../models/article.model.js';

export const LIMITS = { headline: 300, standfirst: 1_000, body: 500_000, authorNote: 1_000, tags: 30, tag: 60, authors: 20, comment: 2_000 };
const SLUG_MESSAGE = 'must be lower case letters, digits and single hyphens';

@InputType()
export class CreateArticleInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'is not an id' })
  publicationId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'is not an id' })
  sectionId: string;

  @Field()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(LIMITS.headline)
  headline: string;

  @Field(() => [ID], { description: 'The byline, in order.' })
  @IsArray()
  @ArrayMaxSize(LIMITS.authors)
  @IsUUID('all', { each: true, message: 'must list author ids' })
  authorIds: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.standfirst)
  standfirst?: string | null;

  @Field(() => String, { nullable: true, description: 'HTML; sanitised against the allow-list.' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.body)
  bodyHtml?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.authorNote)
  authorNote?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.tags)
  @IsString({ each: true })
  @MaxLength(LIMITS.tag, { each: true })
  tags?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Made from the headline when left out.' })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @MaxLength(80)
  slug?: string | null;
}

@InputType({ description: 'Only what is given changes.' })
export class UpdateArticleInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'is not an id' })
  sectionId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(LIMITS.headline)
  headline?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.standfirst)
  standfirst?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.body)
  bodyHtml?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.authorNote)
  authorNote?: string | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.authors)
  @IsUUID('all', { each: true, message: 'must list author ids' })
  authorIds?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.tags)
  @IsString({ each: true })
  @MaxLength(LIMITS.tag, { each: true })
  tags?: string[] | null;

  @Field(() => String, { nullable: true, description: 'A new slug; the old one keeps resolving.' })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @MaxLength(80)
  slug?: string | null;
}

@InputType()
export class TransitionArticleInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'is not an id' })
  id: string;

  @Field(() => ArticleStatusEnum)
  @IsIn(ARTICLE_STATUSES)
  to: ArticleStatus;

  @Field(() => String, { nullable: true, description: 'Required to return, spike and retract (the public reason).' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.comment)
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
  @IsOptional()
  @IsString()
  @MaxLength(200)
  section?: string | null;
}

@ArgsType()
export class CorrectionArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'is not an id' })
  articleId: string;

  @Field()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(LIMITS.comment)
  text: string;
}
