import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { groupBy, type LoaderSet } from '../graphql/request-loaders.js';
import { ImagesRepository, type ImageUse } from './images.repository.js';

export interface ImageLoaderSet {
  /** Each article's pictures (position 0 its lead picture, then its body's in order). */
  uses: DataLoader<string, ImageUse[]>;
}

@Injectable()
export class ImageLoaders implements LoaderSet<ImageLoaderSet> {
  constructor(private readonly images: ImagesRepository) {}

  create(): ImageLoaderSet {
    return {
      uses: new DataLoader(async (articleIds) => groupBy(articleIds, await this.images.usesOf(articleIds), (use) => use.articleId)),
    };
  }
}
