import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';
import { PageArgs } from '../../common/pagination/connection.js';
import { OptionalText, RequiredText } from '../../common/validation/input-decorators.js';
import { MAX_SLUG_LENGTH } from '../../publications/dto/publication.args.js';

@ArgsType()
export class PublicationArticlesArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'A section slug: its articles and those of its subsections.' })
  @OptionalText(MAX_SLUG_LENGTH)
  section?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(100)
  tag?: string | null;
}

@ArgsType()
export class SearchArgs extends PageArgs {
  @Field({ description: 'Words, "a phrase", -excluded, or: web-search syntax.' })
  @RequiredText(200)
  query: string;
}

@ArgsType()
export class RelatedArgs {
  @Field(() => Int, { nullable: true, defaultValue: 4 })
  @IsInt()
  @Min(1)
  @Max(20)
  first: number = 4;
}
