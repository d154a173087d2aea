import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
import { badInput } from '../common/errors/domain-error.js';
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

type PublicationRow = {
  id: string;
  slug: string;
  name: string;
  tagline: string | null;
  url: string | null;
  locale: string;
  timeZone: string;
  mastheadEditor: string | null;
  mastheadPublisher: string | null;
  mastheadPrinter: string | null;
  mastheadCopyright: string | null;
  offices: { label: string; address: string }[];
};

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

@Injectable()
export class PublicationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findBySlug(slug: string): Promise<Publication | null> {
    const row = await this.prisma.publication.findUnique({ relationLoadStrategy: 'join', where: { slug }, select: PUBLICATION });
    return row ? toPublication(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Publication[]> {
    const rows = await this.prisma.publication.findMany({ relationLoadStrategy: 'join', where: { id: { in: [...ids] } }, select: PUBLICATION });
    return rows.map(toPublication);
  }

  async findById(id: string): Promise<Publication | null> {
    const row = await this.prisma.publication.findUnique({ relationLoadStrategy: 'join', where: { id }, select: PUBLICATION });
    return row ? toPublication(row) : null;
  }
}

export interface PublicationData {
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
  /** Replaces the offices when given. */
  offices?: { label: string; address: string }[];
}

function slugTaken(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    throw badInput([{ field: 'input.slug', message: 'is taken by another publication' }]);
  }
  throw error;
}

@Injectable()
export class PublicationsWriteRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(data: PublicationData & { slug: string; name: string; timeZone: string }): Promise<Publication> {
    const { offices, ...columns } = data;
    try {
      const row = await this.prisma.publication.create({
        data: { ...columns, offices: { create: (offices ?? []).map((office, position) => ({ ...office, position })) } },
        select: PUBLICATION,
      });
      return toPublication(row);
    } catch (error) {
      return slugTaken(error);
    }
  }

  /** Null when there is no such publication. */
  async update(id: string, data: PublicationData): Promise<Publication | null> {
    const { offices, ...columns } = data;
    try {
      return await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.publication.updateMany({ where: { id }, data: columns });
        if (count === 0) return null;
        if (offices) {
          await tx.publicationOffice.deleteMany({ where: { publicationId: id } });
          await tx.publicationOffice.createMany({ data: offices.map((office, position) => ({ ...office, position, publicationId: id })) });
        }
        return toPublication(await tx.publication.findUniqueOrThrow({ where: { id }, select: PUBLICATION }));
      });
    } catch (error) {
      return slugTaken(error);
    }
  }
}
