import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { ChangeBus } from '../database/change-bus.js';
import { makeRendition, workingCopy } from './image-processing.js';
import { ImageWork, ImageWorkBusy } from './image-work.js';
import type { Image } from './models/image.model.js';
import { ImagesRepository } from './images.repository.js';
import { MEDIA_STORE } from './media-store.provider.js';
import { contentTypeOf, focalOf, negotiateFormat, parseRendition, revisionOf, storeKeys, widthsFor, type RenditionRequest } from './renditions.js';
import type { MediaStore } from './store/media-store.js';

/** Renditions kept in memory, by bytes: the pictures of the front pages of the hour. */
const MEMORY_BYTES = 64 * 1024 * 1024;

interface Rendition {
  body: Buffer;
  contentType: string;
}

/**
 * Serves /images/…: each rendition made once, on its first request, from the kept original,
 * then kept in the store (for every instance) and in memory (for this one). Concurrent first
 * requests for one rendition wait for the same making: lru-cache's `fetch` runs one load a
 * key at a time.
 */
@Injectable()
export class RenditionsService implements OnModuleInit {
  private readonly logger = new Logger('Renditions');
  private readonly kept: LRUCache<string, Rendition, Required<RenditionRequest>>;
  /** How many renditions this instance has made (not found kept): for tests and the benchmark. */
  made = 0;

  constructor(
    private readonly images: ImagesRepository,
    private readonly changes: ChangeBus,
    private readonly work: ImageWork,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
  ) {
    this.kept = new LRUCache<string, Rendition, Required<RenditionRequest>>({
      maxSize: MEMORY_BYTES,
      sizeCalculation: (rendition) => rendition.body.length + 200,
      fetchMethod: (_key, _stale, { context }) => this.load(context),
    });
  }

  onModuleInit(): void {
    // A deleted picture is gone from memory too, on every instance (the database announces it).
    this.changes.onChange((changed) => {
      if (changed === 'all') return this.kept.clear();
      for (const tag of changed) {
        if (!tag.startsWith('image:')) continue;
        const prefix = `renditions/${tag.slice('image:'.length)}/`;
        for (const key of this.kept.keys()) if (key.startsWith(prefix)) this.kept.delete(key);
      }
    });
  }

  /** The rendition a URL names, or undefined (404) for none. */
  async get(request: Required<RenditionRequest>): Promise<Rendition | undefined> {
    return this.kept.fetch(storeKeys.rendition(request), { context: request });
  }

  register(fastify: FastifyInstance): void {
    fastify.get<{ Params: { id: string; revision: string; name: string } }>('/images/:id/:revision/:name', async (request, reply) =>
      this.serve(request, reply),
    );
  }

  private async serve(request: FastifyRequest<{ Params: { id: string; revision: string; name: string } }>, reply: FastifyReply) {
    const { id, revision, name } = request.params;
    // Off the ladder, or not a rendition's name at all: refused before any image is read.
    const parsed = parseRendition(id, revision, name);
    if (!parsed) return notFound(reply);
    const negotiated = parsed.format === undefined;
    const wanted: Required<RenditionRequest> = { ...parsed, format: parsed.format ?? negotiateFormat(request.headers.accept) };
    const etag = `"${wanted.revision}-${wanted.ratio.toLowerCase()}-${wanted.width}-${wanted.format.toLowerCase()}"`;
    if (negotiated) void reply.header('vary', 'Accept');
    try {
      // The URL names its content for good: a client that has it needs nothing more.
      if (request.headers['if-none-match'] === etag && (await this.exists(wanted))) {
        return await reply.code(304).header('etag', etag).header('cache-control', IMMUTABLE).send();
      }
      const rendition = await this.get(wanted);
      if (!rendition) return await notFound(reply);
      return await reply
        .header('content-type', rendition.contentType)
        .header('cache-control', IMMUTABLE)
        .header('etag', etag)
        .header('x-content-type-options', 'nosniff')
        .send(rendition.body);
    } catch (error) {
      if (error instanceof ImageWorkBusy) {
        return reply.code(503).header('retry-after', '2').header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(`${error.message}\n`);
      }
      // Never the store's own message (its paths, its endpoint): a request id to find the log line by.
      request.log.error({ err: error, requestId: request.id }, 'a rendition could not be served');
      return reply.code(500).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(`Internal server error (request ${request.id})\n`);
    }
  }

  private async exists(request: Required<RenditionRequest>): Promise<boolean> {
    return this.kept.has(storeKeys.rendition(request)) || (await this.store.has(storeKeys.rendition(request)));
  }

  /** From the store, or made from the working copy; undefined when the URL names no current picture. */
  private async load(request: Required<RenditionRequest>): Promise<Rendition | undefined> {
    const key = storeKeys.rendition(request);
    const stored = await this.store.get(key);
    if (stored) return stored;
    const image = await this.images.findById(request.imageId);
    // An old revision (the focal point moved, the picture was replaced) names nothing now, nor
    // does a width the ratio's crop cannot fill (it would be the same pixels as a narrower one).
    if (!image || revisionOf(image) !== request.revision || !widthsFor(image, request.ratio).includes(request.width)) return undefined;
    const made = await this.work.rendition(() => this.make(image, request));
    if (!made) return undefined;
    const rendition = { body: made.body, contentType: contentTypeOf(request.format) };
    await this.store.put(key, rendition.body, rendition.contentType);
    // Deleted while it was being made: its files went before this one was written.
    if (!(await this.images.exists(image.id))) {
      await this.store.deletePrefix(`renditions/${image.id}/`);
      return undefined;
    }
    return rendition;
  }

  private async make(image: Image, request: Required<RenditionRequest>) {
    const source = await this.workingCopyOf(image);
    if (!source) return undefined;
    const made = await makeRendition(source, { width: request.width, ratio: request.ratio, format: request.format, focal: focalOf(image) });
    this.made++;
    return made;
  }

  /** The picture's working copy; made from the original (and kept) for a picture that has none yet. */
  private async workingCopyOf(image: Image): Promise<Buffer | undefined> {
    const working = await this.store.get(storeKeys.working(image));
    if (working) return working.body;
    const original = await this.store.get(storeKeys.original(image));
    if (!original) {
      this.logger.error(`the original of image ${image.id} is missing from ${this.store.description}`);
      return undefined;
    }
    const copy = await workingCopy(original.body);
    await this.store.put(storeKeys.working(image), copy, 'image/webp');
    return copy;
  }
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

function notFound(reply: FastifyReply) {
  return reply.code(404).header('cache-control', 'public, max-age=60').header('content-type', 'text/plain; charset=utf-8').send('Not found\n');
}
