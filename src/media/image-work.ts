import { availableParallelism } from 'node:os';
import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';

/** Refused because too much image work is waiting: the caller answers 503, to be tried again. */
export class ImageWorkBusy extends Error {
  constructor() {
    super('Too many pictures are being made right now: try again in a moment');
  }
}

/** How many renditions may wait for their turn before more are refused. */
const MAX_WAITING_RENDITIONS = 32;

/**
 * Decoding and encoding pictures, one job per core at a time. sharp runs on libuv's thread
 * pool, which the file system, DNS and crypto share: unbounded, a burst of rendition requests
 * (96 valid URLs a picture) would queue seconds of work there and stall every other request.
 * Uploads wait their turn; renditions past a short queue are refused (a CDN or browser asks
 * again).
 */
@Injectable()
export class ImageWork {
  private readonly limit = pLimit(Math.max(1, availableParallelism()));

  /** Runs an upload's work when a core is free. */
  upload<T>(work: () => Promise<T>): Promise<T> {
    return this.limit(work);
  }

  /** Runs a rendition's work when a core is free; ImageWorkBusy when too many wait already. */
  rendition<T>(work: () => Promise<T>): Promise<T> {
    if (this.limit.pendingCount >= MAX_WAITING_RENDITIONS) return Promise.reject(new ImageWorkBusy());
    return this.limit(work);
  }
}
