import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FileUpload } from 'graphql-upload-minimal';
import { assertMay, roleIn, type Viewer } from '../auth/viewer.js';
import { roleMay } from '../auth/domain/permissions.js';
import { DomainError, badInput, forbidden, notFound, type FieldProblem } from '../common/errors/domain-error.js';
import { decodeCursor } from '../common/pagination/cursor.js';
import { toConnection, type Connection } from '../common/pagination/connection.js';
import { MEDIA_OPTIONS, type MediaOptions } from '../config/app-options.js';
import { TransactionHost } from '../database/transactions.js';
import { PublicationsService } from '../publications/publications.service.js';
import { MAX_FIGURES, figureImageIds, settleFigures, type FigureUse } from './body-figures.js';
import type { ArticleImageInput, ImageInput, ImageLibraryArgs } from './dto/image.inputs.js';
import { ImageRefused, inspectImage, normaliseOriginal, workingCopy } from './image-processing.js';
import { ImageWork } from './image-work.js';
import { ImagesRepository, type ImageChange, type UseColumns } from './images.repository.js';
import type { Image } from './models/image.model.js';
import { storeKeys } from './renditions.js';
import { MEDIA_STORE } from './media-store.provider.js';
import type { MediaStore } from './store/media-store.js';

const refuseFile = (message: string) => badInput([{ field: 'file', message }]);

/** An article's pictures as a save will write them, once checked. */
export interface SettledPictures {
  /** The body with its figures settled (src/media/body-figures.ts). */
  bodyHtml?: string;
  lead?: UseColumns | null;
  body?: UseColumns[];
}

/** The photo desk: uploads, the library, changes, deletes, and the pictures an article may use. */
@Injectable()
export class ImagesService {
  private readonly logger = new Logger('Images');

  constructor(
    private readonly db: TransactionHost,
    private readonly images: ImagesRepository,
    private readonly publications: PublicationsService,
    private readonly work: ImageWork,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
    @Inject(MEDIA_OPTIONS) private readonly options: MediaOptions,
  ) {}

  /**
   * Takes an upload: streamed to a temporary file (never whole in memory), its type sniffed
   * from the bytes, its size and pixels bounded, its metadata cleaned; kept in the store and
   * recorded together, or not at all.
   */
  async upload(viewer: Viewer, publicationId: string, file: Promise<FileUpload>, input: ImageInput | null | undefined): Promise<Image> {
    assertMay(viewer, 'useImages', publicationId);
    await this.publications.byId(publicationId);
    const folder = await mkdtemp(join(tmpdir(), 'newsroom-upload-'));
    try {
      const path = join(folder, 'upload');
      await this.receive(await file, path);
      // Decoding waits for a free core (image-work.ts); the working copy is made once, here,
      // so that no rendition decodes a big original.
      const { inspected, original, working } = await this.work.upload(async () => {
        const inspected = await this.checked(() => inspectImage(path, { maxPixels: this.options.maxPixels }));
        const original = await this.checked(() => normaliseOriginal(path, inspected.mimeType, { maxPixels: this.options.maxPixels }));
        return { inspected, original, working: await workingCopy(original.body) };
      });
      const id = randomUUID();
      const contentHash = createHash('sha256').update(original.body).digest('hex');
      const key = storeKeys.original({ id, contentHash, mimeType: inspected.mimeType });
      // The file first, the row after: a transaction (and its pooled connection) is not held
      // across an upload to the store, and a row never names a file that is not there.
      await this.store.put(key, original.body, inspected.mimeType);
      await this.store.put(storeKeys.working({ id, contentHash }), working, 'image/webp');
      try {
        return await this.images.insert({
          id,
          publicationId,
          mimeType: inspected.mimeType,
          width: original.width,
          height: original.height,
          bytes: original.body.length,
          contentHash,
          alt: textOrNull(input?.alt),
          // What the photographer wrote into the file fills what the desk left empty.
          caption: textOrNull(input?.caption) ?? inspected.embedded.caption ?? null,
          credit: textOrNull(input?.credit) ?? inspected.embedded.credit ?? null,
          focalX: input?.focalPoint?.x ?? 0.5,
          focalY: input?.focalPoint?.y ?? 0.5,
          uploadedById: viewer.id,
        });
      } catch (error) {
        // No row: nothing of the picture may stay behind.
        await this.removeFiles(id);
        throw error;
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  async byId(viewer: Viewer, id: string): Promise<Image> {
    const image = await this.images.findById(id);
    if (!image) throw notFound('Image');
    assertMay(viewer, 'useImages', image.publicationId);
    return image;
  }

  async update(viewer: Viewer, id: string, input: ImageInput): Promise<Image> {
    return this.db.withTransaction(async () => {
      const image = await this.lockedForChange(viewer, id);
      const change: ImageChange = {
        ...(input.alt !== undefined ? { alt: textOrNull(input.alt) } : {}),
        ...(input.caption !== undefined ? { caption: textOrNull(input.caption) } : {}),
        ...(input.credit !== undefined ? { credit: textOrNull(input.credit) } : {}),
        ...(input.focalPoint ? { focalX: input.focalPoint.x, focalY: input.focalPoint.y } : {}),
      };
      return Object.keys(change).length === 0 ? image : this.images.update(id, change);
    });
  }

  /** Deletes an image no public story shows (CONFLICT otherwise), its uses by desk work with it. */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    await this.db.withTransaction(async () => {
      await this.lockedForChange(viewer, id);
      if (await this.images.usedByPublicStory(id)) {
        throw new DomainError('CONFLICT', 'The image is shown by a published or scheduled story: take it out of the story first');
      }
      await this.images.deleteUses(id);
      await this.images.delete(id);
    });
    // After the commit: a failure here leaves unreachable files, never a row without its file.
    await this.removeFiles(id);
    return true;
  }

  private async removeFiles(imageId: string): Promise<void> {
    for (const prefix of storeKeys.prefixes(imageId)) {
      await this.store.deletePrefix(prefix).catch((error: unknown) => this.logger.warn(`could not remove ${prefix}: ${String(error)}`));
    }
  }

  /** The library of a publication, newest first (staff of the publication). */
  async library(viewer: Viewer, publicationId: string, args: ImageLibraryArgs): Promise<Connection<Image>> {
    assertMay(viewer, 'useImages', publicationId);
    const words = (args.query ?? '').split(/\s+/u).filter((word) => word !== '');
    const list = `images:${publicationId}:${words.join(' ').toLowerCase()}`;
    const after = args.after ? decodeCursor(list, args.after) : undefined;
    const rows = await this.images.library(publicationId, words, args.first, after);
    return toConnection(rows, args.first, list, (image) => ({ at: image.createdAt, id: image.id }));
  }

  /**
   * The pictures an article's save will record: its lead picture (`undefined`: unchanged,
   * `null`: removed) and its body's figures, each an image of the article's publication.
   * A lead picture of another publication is refused; a body figure naming one is kept as a
   * plain figure, as the sanitiser keeps what it cannot vouch for.
   */
  async settle(publicationId: string, lead: ArticleImageInput | null | undefined, bodyHtml: string | undefined): Promise<SettledPictures> {
    const named = [...(lead ? [lead.imageId.toLowerCase()] : []), ...(bodyHtml !== undefined ? figureImageIds(bodyHtml) : [])];
    const usable = await this.images.idsInPublication(publicationId, [...new Set(named)]);
    const problems: FieldProblem[] = [];
    if (lead && !usable.has(lead.imageId.toLowerCase())) problems.push({ field: 'input.leadImage.imageId', message: 'is not an image of this publication' });
    if (problems.length > 0) throw badInput(problems);
    const settled: SettledPictures = {};
    if (lead !== undefined) {
      settled.lead = lead ? { position: 0, imageId: lead.imageId.toLowerCase(), caption: textOrNull(lead.caption), credit: textOrNull(lead.credit) } : null;
    }
    if (bodyHtml !== undefined) {
      const figures = settleFigures(bodyHtml, (id) => usable.has(id));
      if (figures.uses.length > MAX_FIGURES) throw badInput([{ field: 'input.bodyHtml', message: `places more than ${MAX_FIGURES} pictures` }]);
      settled.bodyHtml = figures.html;
      settled.body = figures.uses.map((use: FigureUse, index) => ({ position: index + 1, ...use }));
    }
    return settled;
  }

  /** Records a save's pictures (inside the save's transaction, which a refusal here rolls back). */
  async record(articleId: string, pictures: SettledPictures): Promise<void> {
    const gone = (field: string) => badInput([{ field, message: 'names a picture that was deleted meanwhile' }]);
    if (pictures.lead !== undefined && !(await this.images.replaceUses(articleId, pictures.lead ? [pictures.lead] : [], 'lead'))) {
      throw gone('input.leadImage.imageId');
    }
    if (pictures.body !== undefined && !(await this.images.replaceUses(articleId, pictures.body, 'body'))) throw gone('input.bodyHtml');
  }

  /** Locks an image for a change by the viewer: an editor's, or the uploader's while no story uses it. */
  private async lockedForChange(viewer: Viewer, id: string): Promise<Image> {
    const image = await this.images.lock(id);
    if (!image) throw notFound('Image');
    assertMay(viewer, 'useImages', image.publicationId);
    if (viewer.isAdmin || roleMay(roleIn(viewer, image.publicationId), 'manageImages')) return image;
    if (image.uploadedById !== viewer.id) throw forbidden("Only an editor may change another's picture");
    if (await this.images.isUsed(id)) throw forbidden('A story uses this picture: only an editor may change it now');
    return image;
  }

  /** Streams an upload to `path`, refusing it once it passes the size limit. */
  private async receive(file: FileUpload, path: string): Promise<void> {
    const limit = this.options.maxBytes;
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done(received > limit ? refuseFile(`is larger than ${formatBytes(limit)}`) : null, chunk);
      },
    });
    try {
      await pipeline(file.createReadStream(), counter, createWriteStream(path));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw refuseFile(`could not be received: ${(error as Error)?.message ?? 'the upload broke off'}`);
    }
    if (received === 0) throw refuseFile('is empty');
  }

  private async checked<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ImageRefused) throw refuseFile(error.message);
      throw error;
    }
  }
}

function textOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
