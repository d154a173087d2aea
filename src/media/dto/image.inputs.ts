import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/pagination/connection.js';
import { IsId, OptionalText } from '../../common/validation/input-decorators.js';
import type { RenditionFormat, RenditionRatio } from '../image-processing.js';
import { ImageFormatEnum, ImageRatioEnum } from '../models/image.model.js';
import { FORMATS, RATIOS, WIDTHS } from '../renditions.js';

export const IMAGE_LIMITS = { alt: 1_000, caption: 2_000, credit: 300, query: 200 } as const;

@InputType()
export class FocalPointInput {
  @Field(() => Float, { description: '0 (left) to 1 (right).' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  x: number;

  @Field(() => Float, { description: '0 (top) to 1 (bottom).' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  y: number;
}

@InputType({ description: 'Only what is given changes; an empty text clears it.' })
export class ImageInput {
  @Field(() => String, { nullable: true })
  @OptionalText(IMAGE_LIMITS.alt)
  alt?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(IMAGE_LIMITS.caption)
  caption?: string | null;

  @Field(() => String, { nullable: true })
  @OptionalText(IMAGE_LIMITS.credit)
  credit?: string | null;

  @Field(() => FocalPointInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FocalPointInput)
  focalPoint?: FocalPointInput | null;
}

@InputType({ description: "An image of the article's publication, as this article uses it." })
export class ArticleImageInput {
  @Field(() => ID)
  @IsId()
  imageId: string;

  @Field(() => String, { nullable: true, description: "This use's own caption (else the image's)." })
  @OptionalText(IMAGE_LIMITS.caption)
  caption?: string | null;

  @Field(() => String, { nullable: true, description: "This use's own credit (else the image's)." })
  @OptionalText(IMAGE_LIMITS.credit)
  credit?: string | null;
}

@ArgsType()
export class ImageUrlArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: 1280,
    description: `Wanted width; served from the ladder ${WIDTHS.join(', ')}, never wider than the original.`,
  })
  @IsInt()
  @Min(1)
  @Max(10_000)
  width: number = 1280;

  @Field(() => ImageRatioEnum, { nullable: true, defaultValue: 'ORIGINAL' })
  @IsIn(RATIOS)
  ratio: RenditionRatio = 'ORIGINAL';

  @Field(() => ImageFormatEnum, { nullable: true, description: "Unset: the format the browser's Accept header prefers (AVIF, WebP, JPEG)." })
  @IsOptional()
  @IsIn(FORMATS)
  format?: RenditionFormat | null;
}

@ArgsType()
export class ImageSrcsetArgs {
  @Field(() => ImageRatioEnum, { nullable: true, defaultValue: 'ORIGINAL' })
  @IsIn(RATIOS)
  ratio: RenditionRatio = 'ORIGINAL';

  @Field(() => ImageFormatEnum, { nullable: true, defaultValue: 'WEBP' })
  @IsIn(FORMATS)
  format: RenditionFormat = 'WEBP';
}

@ArgsType()
export class ImageLibraryArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Words to find in the caption, credit or alt text.' })
  @OptionalText(IMAGE_LIMITS.query)
  query?: string | null;
}
