import { Injectable } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
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

  async findById(id: string): Promise<Section | null> {
    return this.prisma.section.findUnique({ where: { id }, select: SECTION });
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

  async slugTaken(publicationId: string, slug: string): Promise<boolean> {
    return (await this.prisma.section.count({ where: { publicationId, slug } })) > 0;
  }

  /** Null when the slug was taken meanwhile. */
  async create(data: { publicationId: string; slug: string; name: string; description: string | null; parentId: string | null; position: number }): Promise<Section | null> {
    try {
      return await this.prisma.section.create({ data, select: SECTION });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
      return slugConflict(error);
    }
  }

  async update(
    id: string,
    data: Partial<{ slug: string; name: string; description: string | null; parentId: string | null; position: number }>,
  ): Promise<Section> {
    try {
      return await this.prisma.section.update({ where: { id }, data, select: SECTION });
    } catch (error) {
      return slugConflict(error);
    }
  }
}

function slugConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    throw badInput([{ field: 'input.slug', message: 'is taken by another section of this publication' }]);
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003') {
    throw badInput([{ field: 'input.publicationId', message: 'is not a publication' }]);
  }
  throw error;
}
