import { Inject, Injectable } from '@nestjs/common';
import { MEDIA_OPTIONS, type MediaOptions } from '../config/app-options.js';
import { renditionSize, type RenditionFormat, type RenditionRatio } from './image-processing.js';
import type { DrawnPicture } from './body-figures.js';
import { ladderFor, ladderWidth, renditionPath, type RenditionSource } from './renditions.js';

/** The width a body's picture is drawn at (its srcset offers the others). */
const BODY_WIDTH = 1280;

/** The URLs of an image's renditions: under MEDIA_BASE_URL (a CDN) or relative to the API. */
@Injectable()
export class PictureUrls {
  private readonly base: string;

  constructor(@Inject(MEDIA_OPTIONS) options: MediaOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  /** The rendition nearest the wished width on the ladder; unset format: the browser's Accept decides. */
  url(image: RenditionSource, width: number, ratio: RenditionRatio, format?: RenditionFormat | null): string {
    return this.base + renditionPath(image, ratio, ladderWidth(width, image.width), format ?? undefined);
  }

  /** A picture placed in a body, as drawn there: WebP (every current browser), the original's shape. */
  drawn(use: { caption: string | null; credit: string | null; image: RenditionSource & { height: number; alt: string | null } }): DrawnPicture {
    const { image } = use;
    const size = renditionSize(image, { width: ladderWidth(BODY_WIDTH, image.width), ratio: 'ORIGINAL' });
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

  /** Every width on the ladder the original fills, for `srcset`. */
  srcset(image: RenditionSource, ratio: RenditionRatio, format: RenditionFormat): string {
    return ladderFor(image.width)
      .map((width) => `${this.base}${renditionPath(image, ratio, width, format)} ${Math.min(width, image.width)}w`)
      .join(', ');
  }
}
