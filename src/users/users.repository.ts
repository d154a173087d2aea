import { Injectable } from '@nestjs/common';
import type { StaffRole } from '../articles/domain/article-workflow.js';
import { badInput } from '../common/errors/domain-error.js';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma } from '../generated/prisma/client.js';
import type { Viewer } from '../auth/viewer.js';
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
  constructor(private readonly prisma: PrismaService) {}

  /** An enabled user with their roles, as a viewer; null if missing or disabled. */
  async findViewer(id: string): Promise<Viewer | null> {
    const user = await this.prisma.user.findFirst({
      relationLoadStrategy: 'join',
      where: { id, disabled: false },
      select: { ...USER, sessionEpoch: true, memberships: { select: { publicationId: true, role: true } } },
    });
    if (!user) return null;
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: user.isAdmin,
      roles: new Map(user.memberships.map((m) => [m.publicationId, m.role])),
      sessionEpoch: user.sessionEpoch,
    };
  }

  /** The user, their hash and their session epoch, read together: a token issued from this read belongs to that epoch. */
  async findForLogin(email: string): Promise<(User & { passwordHash: string; sessionEpoch: number }) | null> {
    return this.prisma.user.findUnique({ where: { email }, select: { ...USER, passwordHash: true, sessionEpoch: true } });
  }

  async findById(id: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { id }, select: USER });
  }

  async count(): Promise<number> {
    return this.prisma.user.count();
  }

  async create(user: NewUser): Promise<User> {
    try {
      return await this.prisma.user.create({ data: user, select: USER });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw badInput([{ field: 'input.email', message: 'is already used by another user' }]);
      }
      throw error;
    }
  }

  /** Creates the user unless the address is taken; returns whether it was created. */
  async createIfAbsent(user: NewUser): Promise<boolean> {
    const result = await this.prisma.user.createMany({ data: [user], skipDuplicates: true });
    return result.count === 1;
  }

  /** Changes the user; `endSessions` moves their session epoch on, refusing every token issued before. */
  async update(
    id: string,
    data: Partial<{ name: string; passwordHash: string; isAdmin: boolean; disabled: boolean }>,
    endSessions: Date | null = null,
  ): Promise<User | null> {
    const { count } = await this.prisma.user.updateMany({
      where: { id },
      data: { ...data, ...(endSessions ? { sessionEpoch: { increment: 1 }, sessionsValidFrom: endSessions } : {}) },
    });
    return count === 0 ? null : this.findById(id);
  }

  async setMembership(userId: string, publicationId: string, role: StaffRole | null): Promise<void> {
    if (role === null) {
      await this.prisma.membership.deleteMany({ where: { userId, publicationId } });
      return;
    }
    await this.prisma.membership.upsert({
      where: { userId_publicationId: { userId, publicationId } },
      create: { userId, publicationId, role },
      update: { role },
    });
  }

  async membershipsOf(userIds: readonly string[]): Promise<{ userId: string; role: StaffRole; publicationId: string }[]> {
    return this.prisma.membership.findMany({
      where: { userId: { in: [...userIds] } },
      orderBy: [{ createdAt: 'asc' }, { publicationId: 'asc' }],
      select: { userId: true, role: true, publicationId: true },
    });
  }

  async findByIds(ids: readonly string[]): Promise<User[]> {
    return this.prisma.user.findMany({ where: { id: { in: [...ids] } }, select: USER });
  }
}
