import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import { TransactionHost } from '../database/transactions.js';
import { foreignKeyViolationOf } from '../database/constraint-violations.js';
import type { KeysetPosition } from '../common/pagination/cursor.js';
import type { Image } from './models/image.model.js';

const IMAGE = {
  id: true,
  publicationId: true,
  mimeType: true,
  width: true,
  height: true,
  bytes: true,
  contentHash: true,
  alt: true,
  caption: true,
  credit: true,
  focalX: true,
  focalY: true,
  version: true,
  uploadedById: true,
  createdAt: true,
  updatedAt: true,
} as const;

const literalLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Statuses in which a story is, or is about to be, read by the public: its pictures stay. */
const PUBLIC_USE_STATUSES = Prisma.sql`('SCHEDULED', 'PUBLISHED', 'PRINTED')`;

export type ImageColumns = Omit<Image, 'id' | 'version' | 'createdAt' | 'updatedAt'> & { id: string };

export type ImageChange = Partial<Pick<Image, 'alt' | 'caption' | 'credit' | 'focalX' | 'focalY'>>;

/** One use of an image by an article (position 0: the lead picture), with the image. */
export interface ImageUse {
  articleId: string;
  position: number;
  caption: string | null;
  credit: string | null;
  image: Image;
}

/** An image's uses as written with an article's save. */
export interface UseColumns {
  position: number;
  imageId: string;
  caption: string | null;
  credit: string | null;
}

@Injectable()
export class ImagesRepository {
  constructor(private readonly db: TransactionHost) {}

  async insert(data: ImageColumns): Promise<Image> {
    return this.db.tx.image.create({ data, select: IMAGE });
  }

  async findById(id: string): Promise<Image | null> {
    return this.db.tx.image.findUnique({ where: { id }, select: IMAGE });
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.tx.image.count({ where: { id } })) > 0;
  }

  async findByIds(ids: readonly string[]): Promise<Image[]> {
    return this.db.tx.image.findMany({ where: { id: { in: [...ids] } }, select: IMAGE });
  }

  /** The image, its row locked until the transaction ends (a change or a delete racing another). */
  async lock(id: string): Promise<Image | null> {
    const rows = await this.db.tx.$queryRaw<{ id: string }[]>`SELECT id FROM images WHERE id = ${id}::uuid FOR UPDATE`;
    return rows.length === 0 ? null : this.findById(id);
  }

  /** The change, and the version moved on. */
  async update(id: string, change: ImageChange): Promise<Image> {
    return this.db.tx.image.update({ where: { id }, data: { ...change, version: { increment: 1 } }, select: IMAGE });
  }

  async delete(id: string): Promise<void> {
    await this.db.tx.image.delete({ where: { id } });
  }

  /** Which of `ids` are images of the publication. */
  async idsInPublication(publicationId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.tx.image.findMany({ where: { publicationId, id: { in: [...ids] } }, select: { id: true } });
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Whether a story the public reads (or soon will: scheduled) shows the image. The stories
   * that use it are locked (FOR SHARE) until the transaction ends, so none is published
   * between this answer and the delete it allows.
   */
  async usedByPublicStory(imageId: string): Promise<boolean> {
    const rows = await this.db.tx.$queryRaw<{ public: boolean }[]>`
      SELECT a.status IN ${PUBLIC_USE_STATUSES} AS public FROM article_images ai JOIN articles a ON a.id = ai.article_id
      WHERE ai.image_id = ${imageId}::uuid FOR SHARE OF a`;
    return rows.some((row) => row.public);
  }

  async isUsed(imageId: string): Promise<boolean> {
    return (await this.db.tx.articleImage.count({ where: { imageId } })) > 0;
  }

  async deleteUses(imageId: string): Promise<void> {
    await this.db.tx.articleImage.deleteMany({ where: { imageId } });
  }

  /**
   * An article's uses from now on: the lead picture (position 0) or the body's, replacing
   * what was. False when one of the images was deleted since the save checked it.
   */
  async replaceUses(articleId: string, uses: readonly UseColumns[], which: 'lead' | 'body'): Promise<boolean> {
    await this.db.tx.articleImage.deleteMany({ where: { articleId, position: which === 'lead' ? 0 : { gt: 0 } } });
    if (uses.length === 0) return true;
    try {
      await this.db.tx.articleImage.createMany({ data: uses.map((use) => ({ ...use, articleId })) });
      return true;
    } catch (error) {
      if (foreignKeyViolationOf(error) === 'article_images_image_id_fkey') return false;
      throw error;
    }
  }

  /** The uses of these articles, in position order. */
  async usesOf(articleIds: readonly string[]): Promise<ImageUse[]> {
    const rows = await this.db.tx.articleImage.findMany({
      where: { articleId: { in: [...articleIds] } },
      orderBy: [{ articleId: 'asc' }, { position: 'asc' }],
      select: { articleId: true, position: true, caption: true, credit: true, image: { select: IMAGE } },
    });
    return rows;
  }

  /**
   * A page of the library, newest first, after `after`; `first + 1` rows (the extra one says
   * there is more). Words match anywhere in the caption, credit or alt text, all of them.
   */
  async library(publicationId: string, words: readonly string[], first: number, after?: KeysetPosition): Promise<Image[]> {
    return this.db.tx.image.findMany({
      where: {
        publicationId,
        AND: [
          // Prisma's `contains` is a LIKE: a word's own % and _ are matched as themselves.
          ...words
            .map((text) => literalLike(text))
            .map((word) => ({
              OR: [
                { caption: { contains: word, mode: 'insensitive' as const } },
                { credit: { contains: word, mode: 'insensitive' as const } },
                { alt: { contains: word, mode: 'insensitive' as const } },
              ],
            })),
          ...(after ? [{ OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }] : []),
        ],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: first + 1,
      select: IMAGE,
    });
  }
}
