import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import { foreignKeyViolationOf, uniqueViolationOf } from '../database/constraint-violations.js';
import type { Section } from './models/section.model.js';

const SECTION = { id: true, publicationId: true, slug: true, name: true, description: true, parentId: true, position: true } as const;
const SLUG_KEY = 'sections_publication_id_slug_key';

export interface SectionColumns {
  slug: string;
  name: string;
  description: string | null;
  parentId: string | null;
  position: number;
}

@Injectable()
export class SectionsRepository {
  constructor(private readonly db: TransactionHost) {}

  /** All sections of a publication, in tree order of position then name. */
  async listByPublication(publicationId: string): Promise<Section[]> {
    return this.db.tx.section.findMany({
      where: { publicationId },
      orderBy: [{ position: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      select: SECTION,
    });
  }

  async findById(id: string): Promise<Section | null> {
    return this.db.tx.section.findUnique({ where: { id }, select: SECTION });
  }

  async slugTaken(publicationId: string, slug: string): Promise<boolean> {
    return (await this.db.tx.section.count({ where: { publicationId, slug } })) > 0;
  }

  /** Null when the slug was taken meanwhile. */
  async create(data: SectionColumns & { publicationId: string }): Promise<Section | null> {
    try {
      return await this.db.tx.section.create({ data, select: SECTION });
    } catch (error) {
      if (uniqueViolationOf(error) === SLUG_KEY) return null;
      throw refusal(error);
    }
  }

  async update(id: string, data: Partial<SectionColumns>): Promise<Section> {
    try {
      return await this.db.tx.section.update({ where: { id }, data, select: SECTION });
    } catch (error) {
      throw refusal(error);
    }
  }
}

function refusal(error: unknown): unknown {
  if (uniqueViolationOf(error) === SLUG_KEY) return badInput([{ field: 'input.slug', message: 'is taken by another section of this publication' }]);
  if (foreignKeyViolationOf(error) === 'sections_publication_id_fkey') return badInput([{ field: 'input.publicationId', message: 'is not a publication' }]);
  return error;
}
