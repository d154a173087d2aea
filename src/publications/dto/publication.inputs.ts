import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { SLUG_PATTERN } from '../../common/slug.js';

@ValidatorConstraint({ name: 'timeZone' })
export class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || value.length > 64) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return value.includes('/') || value === 'UTC';
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'must be an IANA time zone such as Asia/Dhaka';
  }
}

@InputType()
export class OfficeInput {
  @Field()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  label: string;

  @Field()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(1000)
  address: string;
}

@InputType()
export class MastheadInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  editor?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  publisher?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  printer?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  copyright?: string | null;

  @Field(() => [OfficeInput], { nullable: true, description: 'Replaces the offices, in order.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OfficeInput)
  offices?: OfficeInput[] | null;
}

@InputType()
export class CreatePublicationInput {
  @Field()
  @Matches(SLUG_PATTERN, { message: 'must be lower case letters, digits and single hyphens' })
  @MaxLength(80)
  slug: string;

  @Field()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  name: string;

  @Field()
  @Validate(IsTimeZone)
  timeZone: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  tagline?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http(s) URL' })
  @MaxLength(500)
  url?: string | null;

  @Field(() => String, { nullable: true, defaultValue: 'en' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a language tag such as en or en-BD' })
  locale?: string | null;

  @Field(() => MastheadInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MastheadInput)
  masthead?: MastheadInput | null;
}

@InputType({ description: 'Only what is given changes.' })
export class UpdatePublicationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'must be lower case letters, digits and single hyphens' })
  @MaxLength(80)
  slug?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Validate(IsTimeZone)
  timeZone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  tagline?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http(s) URL' })
  @MaxLength(500)
  url?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a language tag such as en or en-BD' })
  locale?: string | null;

  @Field(() => MastheadInput, { nullable: true, description: 'Fields given replace those of the masthead.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MastheadInput)
  masthead?: MastheadInput | null;
}
