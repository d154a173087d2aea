import { Inject, Injectable } from '@nestjs/common';
import { MEDIA_OPTIONS, type MediaOptions } from '../config/app-options.js';
import type { DrawnPicture } from './body-figures.js';
import { renditionSize, workingSize, type RenditionFormat, type RenditionRatio } from './image-processing.js';
import { renditionPath, widthsFor, type RenditionSource } from './renditions.js';

/** The width a body's picture is drawn at (its srcset offers the others). */
const BODY_WIDTH = 1280;

type Picture = RenditionSource & { height: number };

/** The URLs of an image's renditions: under MEDIA_BASE_URL (a CDN) or relative to the API. */
@Injectable()
export class PictureUrls {
  private readonly base: string;

  constructor(@Inject(MEDIA_OPTIONS) options: MediaOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  /**
   * The rendition nearest the wished width on the ladder, among those the ratio's crop can fill
   * (a wider one would be the same pixels); unset format: the browser's Accept decides.
   */
  url(image: Picture, width: number, ratio: RenditionRatio, format?: RenditionFormat | null): string {
    return this.base + renditionPath(image, ratio, ladderStep(image, ratio, width), format ?? undefined);
  }

  /** Every width the ratio's crop fills, for `srcset`, each with its real width. */
  srcset(image: Picture, ratio: RenditionRatio, format: RenditionFormat): string {
    return widthsFor(image, ratio)
      .map((width) => `${this.base}${renditionPath(image, ratio, width, format)} ${sizeOf(image, ratio, width).width}w`)
      .join(', ');
  }

  /** A picture placed in a body, as drawn there: WebP (every current browser), the original's shape. */
  drawn(use: { caption: string | null; credit: string | null; image: Picture & { alt: string | null } }): DrawnPicture {
    const { image } = use;
    const size = sizeOf(image, 'ORIGINAL', ladderStep(image, 'ORIGINAL', BODY_WIDTH));
    return {
      src: this.url(image, BODY_WIDTH, 'ORIGINAL', 'WEBP'),
      srcset: this.srcset(image, 'ORIGINAL', 'WEBP'),
      width: size.width,
      height: size.height,
      alt: image.alt ?? '',
      caption: use.caption,
      credit: use.credit,
    };
  }
}

/** The widest step the crop fills that is not over the wish (the narrowest when none is). */
function ladderStep(image: Picture, ratio: RenditionRatio, wanted: number): number {
  const widths = widthsFor(image, ratio);
  return [...widths].reverse().find((width) => width <= wanted) ?? widths[0];
}

const sizeOf = (image: Picture, ratio: RenditionRatio, width: number) => renditionSize(workingSize(image), { width, ratio });
