import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
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

  async findById(id: string): Promise<Publication | null> {
    const row = await this.prisma.publication.findUnique({ relationLoadStrategy: 'join', where: { id }, select: PUBLICATION });
    return row ? toPublication(row) : null;
  }
}
