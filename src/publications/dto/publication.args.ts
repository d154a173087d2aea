import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';

export const MAX_SLUG_LENGTH = 200;

@ArgsType()
export class SlugArgs {
  @Field()
  @IsString()
  @MaxLength(MAX_SLUG_LENGTH)
  slug: string;
}
