import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import type { StaffRole } from '../auth/domain/roles.js';
import { uniqueViolationOf } from '../database/constraint-violations.js';
import { badInput } from '../common/errors/domain-error.js';
import type { User } from './models/user.model.js';

const USER = { id: true, email: true, name: true, isAdmin: true, disabled: true } as const;

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  isAdmin: boolean;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly db: TransactionHost) {}

  async findById(id: string): Promise<User | null> {
    return this.db.tx.user.findUnique({ where: { id }, select: USER });
  }

  async findByIds(ids: readonly string[]): Promise<User[]> {
    return this.db.tx.user.findMany({ where: { id: { in: [...ids] } }, select: USER });
  }

  async count(): Promise<number> {
    return this.db.tx.user.count();
  }

  async create(user: NewUser): Promise<User> {
    try {
      return await this.db.tx.user.create({ data: user, select: USER });
    } catch (error) {
      if (uniqueViolationOf(error) === 'users_email_key') throw badInput([{ field: 'input.email', message: 'is already used by another user' }]);
      throw error;
    }
  }

  /** Creates the user unless the address is taken; returns whether it was created. */
  async createIfAbsent(user: NewUser): Promise<boolean> {
    const result = await this.db.tx.user.createMany({ data: [user], skipDuplicates: true });
    return result.count === 1;
  }

  /** Changes the user; `endSessions` moves their session epoch on, refusing every token issued before. */
  async update(
    id: string,
    data: Partial<{ name: string; passwordHash: string; isAdmin: boolean; disabled: boolean }>,
    endSessions: Date | null = null,
  ): Promise<User | null> {
    const { count } = await this.db.tx.user.updateMany({
      where: { id },
      data: { ...data, ...(endSessions ? { sessionEpoch: { increment: 1 }, sessionsValidFrom: endSessions } : {}) },
    });
    return count === 0 ? null : this.findById(id);
  }

  async setMembership(userId: string, publicationId: string, role: StaffRole | null): Promise<void> {
    if (role === null) {
      await this.db.tx.membership.deleteMany({ where: { userId, publicationId } });
      return;
    }
    await this.db.tx.membership.upsert({
      where: { userId_publicationId: { userId, publicationId } },
      create: { userId, publicationId, role },
      update: { role },
    });
  }

  async membershipsOf(userIds: readonly string[]): Promise<{ userId: string; role: StaffRole; publicationId: string }[]> {
    return this.db.tx.membership.findMany({
      where: { userId: { in: [...userIds] } },
      orderBy: [{ createdAt: 'asc' }, { publicationId: 'asc' }],
      select: { userId: true, role: true, publicationId: true },
    });
  }
}
