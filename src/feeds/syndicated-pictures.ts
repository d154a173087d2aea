import { Injectable } from '@nestjs/common';
import type { ArticlePicture } from '../articles/models/article.model.js';
import { PictureUrls } from '../media/picture-urls.js';
import { absoluteUrl } from './public-links.js';

/** A use of a picture by a story, as a list row reads it. */
export interface PictureUse {
  caption: string | null;
  credit: string | null;
  image: Pick<ArticlePicture['image'], 'id' | 'contentHash' | 'focalX' | 'focalY' | 'width' | 'height' | 'caption' | 'credit'>;
}

/** A story's lead picture as feeds and sitemaps give it. */
export interface SyndicatedPicture {
  url: string;
  type: string;
  caption: string | null;
  credit: string | null;
}

/** Wide enough for the large cards of aggregators (Google asks 1200 pixels); PictureUrls picks the step. */
const WIDTH = 1280;

@Injectable()
export class SyndicatedPictures {
  constructor(private readonly urls: PictureUrls) {}

  /**
   * The rendition other sites show: JPEG, which every reader and mail client draws (a feed ends up
   * in newsletters too), in the photographer's framing; the use's own caption and credit, else the
   * picture's, as Article.leadImage gives them.
   */
  of(picture: PictureUse | null | undefined, origin: string): SyndicatedPicture | null {
    if (!picture) return null;
    const { image } = picture;
    return {
      url: absoluteUrl(this.urls.url(image, WIDTH, 'ORIGINAL', 'JPEG'), origin),
      type: 'image/jpeg',
      caption: picture.caption ?? image.caption,
      credit: picture.credit ?? image.credit,
    };
  }
}
