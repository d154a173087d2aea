import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { Author } from './models/author.model.js';

const AUTHOR = { id: true, slug: true, name: true, bio: true, email: true, userId: true } as const;

@Injectable()
export class AuthorsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findBySlug(slug: string): Promise<Author | null> {
    return this.prisma.author.findUnique({ where: { slug }, select: AUTHOR });
  }

  /** The byline of each article, in order, in one statement. */
  async bylinesByArticleIds(articleIds: readonly string[]): Promise<(Author & { articleId: string })[]> {
    const rows = await this.prisma.articleAuthor.findMany({
      relationLoadStrategy: 'join',
      where: { articleId: { in: [...articleIds] } },
      orderBy: [{ articleId: 'asc' }, { position: 'asc' }],
      select: { articleId: true, author: { select: AUTHOR } },
    });
    return rows.map((row) => ({ ...row.author, articleId: row.articleId }));
  }
}
