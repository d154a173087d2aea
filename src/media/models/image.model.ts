import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination/connection.js';
import { DateTimeScalar } from '../../common/scalars/date-time.scalar.js';
import type { RenditionFormat, RenditionRatio } from '../image-processing.js';
import { FORMATS, RATIOS } from '../renditions.js';

export const ImageRatioEnum = Object.fromEntries(RATIOS.map((r) => [r, r])) as { [R in RenditionRatio]: R };
registerEnumType(ImageRatioEnum, {
  name: 'ImageRatio',
  description: 'The shape of a rendition, cropped around the focal point.',
  valuesMap: {
    ORIGINAL: { description: 'As the picture was taken.' },
    LANDSCAPE: { description: '16:9' },
    PORTRAIT: { description: '4:5' },
    SQUARE: { description: '1:1' },
  },
});

export const ImageFormatEnum = Object.fromEntries(FORMATS.map((f) => [f, f])) as { [F in RenditionFormat]: F };
registerEnumType(ImageFormatEnum, { name: 'ImageFormat', description: 'How a rendition is encoded.' });

@ObjectType({ description: 'Where the subject of a picture is: crops keep it in frame.' })
export class FocalPoint {
  @Field(() => Float, { description: '0 (left) to 1 (right).' })
  x: number;

  @Field(() => Float, { description: '0 (top) to 1 (bottom).' })
  y: number;
}

@ObjectType({ description: "A photograph of a publication's library." })
export class Image {
  @Field(() => ID)
  id: string;

  publicationId: string;

  @Field(() => Int, { description: 'Pixels, as displayed (orientation applied).' })
  width: number;

  @Field(() => Int)
  height: number;

  @Field({ description: 'Sniffed from the bytes: image/jpeg, image/png, image/webp, image/avif or image/gif.' })
  mimeType: string;

  @Field(() => Int, { description: 'The size of the kept original.' })
  bytes: number;

  @Field(() => String, { nullable: true, description: 'For readers who cannot see it.' })
  alt: string | null;

  @Field(() => String, { nullable: true })
  caption: string | null;

  @Field(() => String, { nullable: true, description: 'The photographer or agency.' })
  credit: string | null;

  focalX: number;
  focalY: number;
  contentHash: string;
  version: number;
  uploadedById: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}

@ObjectType({ description: 'An image as an article uses it: this use may have its own caption and credit.' })
export class ArticleImage {
  @Field(() => String, { nullable: true, description: "This use's caption, else the image's." })
  caption: string | null;

  @Field(() => String, { nullable: true, description: "This use's credit, else the image's." })
  credit: string | null;

  @Field(() => Image)
  image: Image;
}

@ObjectType()
export class ImageConnection extends ConnectionType(Image) {}
