import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { PublicationsModule } from '../publications/publications.module.js';
import { ImageLoaders } from './images.loaders.js';
import { ImageWork } from './image-work.js';
import { ImagesRepository } from './images.repository.js';
import { ImagesResolver, PublicationImagesResolver } from './images.resolver.js';
import { ImagesService } from './images.service.js';
import { MEDIA_STORE, mediaStoreProvider } from './media-store.provider.js';
import { PictureUrls } from './picture-urls.js';
import { RenditionsService } from './renditions.service.js';

/** Pictures: the library, uploads, the media store and the renditions served at /images. */
@Module({
  imports: [DatabaseModule, PublicationsModule],
  providers: [
    mediaStoreProvider,
    ImageWork,
    ImagesRepository,
    ImagesService,
    ImageLoaders,
    PictureUrls,
    RenditionsService,
    ImagesResolver,
    PublicationImagesResolver,
  ],
  exports: [ImagesService, ImageLoaders, PictureUrls, RenditionsService, MEDIA_STORE],
})
export class MediaModule {}
