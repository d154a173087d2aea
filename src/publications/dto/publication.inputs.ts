import { Field, InputType, OmitType, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsUrl,
  Matches,
  MaxLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { OptionalText, RequiredText } from '../../common/validation/input-decorators.js';
import { SLUG_PATTERN } from '../../common/slug.js';
import { MAX_OFFICES } from '../models/publication.model.js';

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
  @RequiredText(200)
  label: string;

  @Field()
  @RequiredText(1000)
  address: string;
}

@InputType()
export class MastheadInput {
  @Field(() => String, { nullable: true })
  @OptionalText(300)
  editor?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(300)
  publisher?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(300)
  printer?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(300)
  copyright?: string | null;

  @Field(() => [OfficeInput], { nullable: true, description: 'Replaces the offices, in order.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_OFFICES)
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
  @RequiredText(200)
  name: string;

  @Field()
  @Validate(IsTimeZone)
  timeZone: string;

  @Field(() => String, { nullable: true })
  @OptionalText(300)
  tagline?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http(s) URL' })
  @MaxLength(500)
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'A language tag; en when left out.' })
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
export class UpdatePublicationInput extends PartialType(OmitType(CreatePublicationInput, ['masthead'] as const)) {
  @Field(() => MastheadInput, { nullable: true, description: 'Fields given replace those of the masthead.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MastheadInput)
  masthead?: MastheadInput | null;
}
