import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import { badInput } from '../common/errors/domain-error.js';
import { foreignKeyViolationOf, uniqueViolationOf } from '../database/constraint-violations.js';
import type { Author } from './models/author.model.js';

const AUTHOR = { id: true, slug: true, name: true, bio: true, email: true, userId: true } as const;

export interface AuthorColumns {
  slug: string;
  name: string;
  bio: string | null;
  email: string | null;
  userId: string | null;
}

@Injectable()
export class AuthorsRepository {
  constructor(private readonly db: TransactionHost) {}

  async findBySlug(slug: string): Promise<Author | null> {
    return this.db.tx.author.findUnique({ where: { slug }, select: AUTHOR });
  }

  async findByIds(ids: readonly string[]): Promise<Author[]> {
    return this.db.tx.author.findMany({ where: { id: { in: [...ids] } }, select: AUTHOR });
  }

  async findById(id: string): Promise<Author | null> {
    return this.db.tx.author.findUnique({ where: { id }, select: AUTHOR });
  }

  /** Which of these author ids exist. */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.db.tx.author.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
    return new Set(rows.map((row) => row.id));
  }

  async slugTaken(slug: string): Promise<boolean> {
    return (await this.db.tx.author.count({ where: { slug } })) > 0;
  }

  /** Null when the slug was taken meanwhile. */
  async create(data: AuthorColumns): Promise<Author | null> {
    try {
      return await this.db.tx.author.create({ data, select: AUTHOR });
    } catch (error) {
      if (uniqueViolationOf(error) === 'authors_slug_key') return null;
      throw refusal(error);
    }
  }

  async update(id: string, data: Partial<AuthorColumns>): Promise<Author> {
    try {
      return await this.db.tx.author.update({ where: { id }, data, select: AUTHOR });
    } catch (error) {
      throw refusal(error);
    }
  }
}

function refusal(error: unknown): unknown {
  switch (uniqueViolationOf(error) ?? foreignKeyViolationOf(error)) {
    case 'authors_slug_key':
      return badInput([{ field: 'input.slug', message: 'is taken by another author' }]);
    case 'authors_user_id_key':
      return badInput([{ field: 'input.userId', message: 'already writes as another author' }]);
    case 'authors_user_id_fkey':
      return badInput([{ field: 'input.userId', message: 'is not a user' }]);
    default:
      return error;
  }
}
