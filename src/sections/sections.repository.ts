import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { Section } from './models/section.model.js';

const SECTION = { id: true, publicationId: true, slug: true, name: true, description: true, parentId: true, position: true } as const;

@Injectable()
export class SectionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** All sections of a publication, in tree order of position then name. */
  async listByPublication(publicationId: string): Promise<Section[]> {
    return this.prisma.section.findMany({
      where: { publicationId },
      orderBy: [{ position: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      select: SECTION,
    });
  }

  async findByIds(ids: readonly string[]): Promise<Section[]> {
    return this.prisma.section.findMany({ where: { id: { in: [...ids] } }, select: SECTION });
  }

  async childrenOf(parentIds: readonly string[]): Promise<Section[]> {
    return this.prisma.section.findMany({
      where: { parentId: { in: [...parentIds] } },
      orderBy: [{ position: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      select: SECTION,
    });
  }
}
