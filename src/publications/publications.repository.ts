import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import { uniqueViolationOf } from '../database/constraint-violations.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Publication } from './models/publication.model.js';

const PUBLICATION = {
  id: true,
  slug: true,
  name: true,
  tagline: true,
  url: true,
  locale: true,
  timeZone: true,
  mastheadEditor: true,
  mastheadPublisher: true,
  mastheadPrinter: true,
  mastheadCopyright: true,
  offices: { select: { label: true, address: true }, orderBy: [{ position: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.PublicationSelect;

type PublicationRow = Prisma.PublicationGetPayload<{ select: typeof PUBLICATION }>;

function toPublication(row: PublicationRow): Publication {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    tagline: row.tagline,
    url: row.url,
    locale: row.locale,
    timeZone: row.timeZone,
    masthead: {
      editor: row.mastheadEditor,
      publisher: row.mastheadPublisher,
      printer: row.mastheadPrinter,
      copyright: row.mastheadCopyright,
      offices: row.offices,
    },
  };
}

/** The columns of a publication as written; undefined leaves one as it is. */
export interface PublicationColumns {
  slug?: string;
  name?: string;
  timeZone?: string;
  tagline?: string | null;
  url?: string | null;
  locale?: string;
  mastheadEditor?: string | null;
  mastheadPublisher?: string | null;
  mastheadPrinter?: string | null;
  mastheadCopyright?: string | null;
}

export type Office = { label: string; address: string };

/** A write found the slug taken by another publication. */
export class PublicationSlugTaken extends Error {}

@Injectable()
export class PublicationsRepository {
  constructor(private readonly db: TransactionHost) {}

  async findBySlug(slug: string): Promise<Publication | null> {
    const row = await this.db.tx.publication.findUnique({ relationLoadStrategy: 'join', where: { slug }, select: PUBLICATION });
    return row ? toPublication(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Publication[]> {
    const rows = await this.db.tx.publication.findMany({ relationLoadStrategy: 'join', where: { id: { in: [...ids] } }, select: PUBLICATION });
    return rows.map(toPublication);
  }

  async findById(id: string): Promise<Publication | null> {
    const row = await this.db.tx.publication.findUnique({ relationLoadStrategy: 'join', where: { id }, select: PUBLICATION });
    return row ? toPublication(row) : null;
  }

  /** Throws PublicationSlugTaken. */
  async create(columns: PublicationColumns & { slug: string; name: string; timeZone: string }, offices: Office[]): Promise<Publication> {
    return toPublication(
      await this.write(() =>
        this.db.tx.publication.create({
          data: { ...columns, offices: { create: offices.map((office, position) => ({ ...office, position })) } },
          select: PUBLICATION,
        }),
      ),
    );
  }

  /** Whether there was such a publication. Throws PublicationSlugTaken. */
  async updateColumns(id: string, columns: PublicationColumns): Promise<boolean> {
    const { count } = await this.write(() => this.db.tx.publication.updateMany({ where: { id }, data: columns }));
    return count > 0;
  }

  async replaceOffices(publicationId: string, offices: Office[]): Promise<void> {
    await this.db.tx.publicationOffice.deleteMany({ where: { publicationId } });
    await this.db.tx.publicationOffice.createMany({ data: offices.map((office, position) => ({ ...office, position, publicationId })) });
  }

  private async write<T>(statement: () => Promise<T>): Promise<T> {
    try {
      return await statement();
    } catch (error) {
      if (uniqueViolationOf(error) === 'publications_slug_key') throw new PublicationSlugTaken();
      throw error;
    }
  }
}
