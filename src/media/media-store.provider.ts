import type { Provider } from '@nestjs/common';
import { MEDIA_OPTIONS, type MediaOptions } from '../config/app-options.js';
import { createMediaStore, type MediaStore } from './store/media-store.js';

/** The media store the API was configured with (MEDIA_STORE). */
export const MEDIA_STORE = Symbol('MEDIA_STORE');

export const mediaStoreProvider: Provider = {
  provide: MEDIA_STORE,
  inject: [MEDIA_OPTIONS],
  useFactory: (options: MediaOptions): MediaStore => createMediaStore(options.store),
};
