import { Injectable } from '@nestjs/common';
import type { StaffRole } from '../articles/domain/article-workflow.js';
import { forbidden, notFound } from '../common/errors/domain-error.js';
import { hashPassword } from '../auth/passwords.js';
import { assertAdmin, type Viewer } from '../auth/viewer.js';
import { PublicationsRepository } from '../publications/publications.repository.js';
import type { CreateUserInput, UpdateUserInput } from './dto/create-user.input.js';
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

  /** Renames, resets the password, disables or (un)makes an admin. Admins only, never on their own standing. */
  async update(viewer: Viewer, id: string, input: UpdateUserInput): Promise<User> {
    assertAdmin(viewer);
    if (id === viewer.id && (input.isAdmin != null || input.disabled != null)) {
      throw forbidden('You may not change your own admin flag or disable yourself');
    }
    // A new password ends every session signed in with the old one; disabling ends them for
    // good (enabling the account again does not bring them back).
    const endsSessions = input.password != null || input.disabled === true;
    const updated = await this.users.update(
      id,
      {
        ...(input.name != null ? { name: input.name.trim() } : {}),
        ...(input.password != null ? { passwordHash: await hashPassword(input.password) } : {}),
        ...(input.isAdmin != null ? { isAdmin: input.isAdmin } : {}),
        ...(input.disabled != null ? { disabled: input.disabled } : {}),
      },
      endsSessions ? new Date() : null,
    );
    if (!updated) throw notFound('User');
    return updated;
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
