import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { SLUG_PATTERN } from '../../common/slug.js';

const SLUG_MESSAGE = 'must be lower case letters, digits and single hyphens';

@InputType()
export class CreateAuthorInput {
  @Field()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true, description: 'Made from the name when left out.' })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @MaxLength(80)
  slug?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  bio?: string | null;

  @Field(() => String, { nullable: true, description: 'Never shown to the public.' })
  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => ID, { nullable: true, description: 'The staff user who writes as this author.' })
  @IsOptional()
  @IsUUID('all', { message: 'is not an id' })
  userId?: string | null;
}

@InputType({ description: 'Only what is given changes; null clears bio, email or userId.' })
export class UpdateAuthorInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @MaxLength(80)
  slug?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  bio?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'is not an id' })
  userId?: string | null;
}
