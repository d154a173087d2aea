import { Field, ID, InputType, OmitType, PartialType } from '@nestjs/graphql';
import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { IsId, OptionalSlug, OptionalText, RequiredText } from '../../common/validation/input-decorators.js';
import { MAX_BIO } from '../models/author.model.js';

@InputType()
export class CreateAuthorInput {
  @Field()
  @RequiredText(200)
  name: string;

  @Field(() => String, { nullable: true, description: 'Made from the name when a new one has none.' })
  @OptionalSlug()
  slug?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(MAX_BIO)
  bio?: string | null;

  @Field(() => String, { nullable: true, description: 'Never shown to the public.' })
  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => ID, { nullable: true, description: 'The staff user who writes as this author.' })
  @IsOptional()
  @IsId()
  userId?: string | null;
}

@InputType({ description: 'Only what is given changes; null clears bio, email or userId.' })
export class UpdateAuthorInput extends PartialType(OmitType(CreateAuthorInput, ['slug'] as const)) {
  @Field(() => String, { nullable: true, description: 'A new slug.' })
  @OptionalSlug()
  slug?: string | null;
}
