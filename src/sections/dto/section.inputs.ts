import { Field, ID, InputType, Int, OmitType, PartialType } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsId, OptionalSlug, OptionalText, RequiredText } from '../../common/validation/input-decorators.js';
import { MAX_SECTION_DESCRIPTION } from '../models/section.model.js';

@InputType()
export class CreateSectionInput {
  @Field(() => ID)
  @IsId()
  publicationId: string;

  @Field()
  @RequiredText(120)
  name: string;

  @Field(() => String, { nullable: true, description: 'Made from the name when a new one has none.' })
  @OptionalSlug()
  slug?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(MAX_SECTION_DESCRIPTION)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'The parent section; null for a top-level section.' })
  @IsOptional()
  @IsId()
  parentId?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number | null;
}

@InputType({ description: 'Only what is given changes; parentId null makes it a top-level section.' })
export class UpdateSectionInput extends PartialType(OmitType(CreateSectionInput, ['publicationId', 'slug'] as const)) {
  @Field(() => String, { nullable: true, description: 'A new slug.' })
  @OptionalSlug()
  slug?: string | null;
}
