import { ArgsType, Field } from '@nestjs/graphql';
import { OptionalText } from '../../common/validation/input-decorators.js';
import { SlugArgs } from '../../publications/dto/publication.args.js';

/** A signed preview token is a few hundred characters; anything far longer is not one. */
export const MAX_PREVIEW_TOKEN_LENGTH = 2048;

@ArgsType()
export class ArticleBySlugArgs extends SlugArgs {
  @Field(() => String, {
    nullable: true,
    description: 'A preview token (createPreviewLink): shows the article it was made for in any status, never cached.',
  })
  @OptionalText(MAX_PREVIEW_TOKEN_LENGTH)
  preview?: string | null;
}
