import { Injectable } from '@nestjs/common';
import type { StaffRole } from '../articles/domain/article-workflow.js';
import { notFound } from '../common/errors/domain-error.js';
import { hashPassword } from '../auth/passwords.js';
import { assertAdmin, type Viewer } from '../auth/viewer.js';
import { PublicationsRepository } from '../publications/publications.repository.js';
import type { CreateUserInput } from './dto/create-user.input.js';
import type { User } from './models/user.model.js';
import { UsersRepository } from './users.repository.js';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly publications: PublicationsRepository,
  ) {}

  async create(viewer: Viewer, input: CreateUserInput): Promise<User> {
    assertAdmin(viewer);
    return this.users.create({
      email: normalizeEmail(input.email),
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      isAdmin: input.isAdmin ?? false,
    });
  }

  /** Grants, changes or (role null) removes a membership. Admins only. */
  async setMembership(viewer: Viewer, userId: string, publicationId: string, role: StaffRole | null): Promise<User> {
    assertAdmin(viewer);
    const user = await this.users.findById(userId);
    if (!user) throw notFound('User');
    if (!(await this.publications.findById(publicationId))) throw notFound('Publication');
    await this.users.setMembership(userId, publicationId, role);
    return user;
  }

  /** The first admin, from ADMIN_EMAIL/ADMIN_PASSWORD, when there is no user at all. */
  async ensureFirstAdmin(email: string, password: string): Promise<boolean> {
    if ((await this.users.count()) > 0) return false;
    return this.users.createIfAbsent({
      email: normalizeEmail(email),
      name: 'Administrator',
      passwordHash: await hashPassword(password),
      isAdmin: true,
    });
  }
}
