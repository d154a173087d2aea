import { Injectable } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
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

  async findById(id: string): Promise<Author | null> {
    return this.prisma.author.findUnique({ where: { id }, select: AUTHOR });
  }

  async slugTaken(slug: string): Promise<boolean> {
    return (await this.prisma.author.count({ where: { slug } })) > 0;
  }

  /** Null when the slug was taken meanwhile. */
  async create(data: { slug: string; name: string; bio: string | null; email: string | null; userId: string | null }): Promise<Author | null> {
    try {
      return await this.prisma.author.create({ data, select: AUTHOR });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002' && !JSON.stringify(error.meta ?? {}).includes('user')) {
        return null;
      }
      return refuseDuplicate(error);
    }
  }

  async update(id: string, data: Partial<{ slug: string; name: string; bio: string | null; email: string | null; userId: string | null }>): Promise<Author> {
    try {
      return await this.prisma.author.update({ where: { id }, data, select: AUTHOR });
    } catch (error) {
      return refuseDuplicate(error);
    }
  }
}

function refuseDuplicate(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const target = JSON.stringify(error.meta ?? {});
    if (error.code === 'P2002') {
      throw target.includes('user')
        ? badInput([{ field: 'input.userId', message: 'already writes as another author' }])
        : badInput([{ field: 'input.slug', message: 'is taken by another author' }]);
    }
    if (error.code === 'P2003') throw badInput([{ field: 'input.userId', message: 'is not a user' }]);
  }
  throw error;
}
