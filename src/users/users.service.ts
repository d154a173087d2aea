import { Injectable } from '@nestjs/common';
import type { StaffRole } from '../auth/domain/roles.js';
import { normalizeEmail } from '../auth/domain/email.js';
import { hashPassword } from '../auth/passwords.js';
import { assertAdmin, type Viewer } from '../auth/viewer.js';
import { forbidden, notFound } from '../common/errors/domain-error.js';
import { TransactionHost } from '../database/transactions.js';
import { DeskAnnouncer } from '../desk/desk-announcer.js';
import { PublicationsService } from '../publications/publications.service.js';
import type { CreateUserInput, UpdateUserInput } from './dto/create-user.input.js';
import type { User } from './models/user.model.js';
import { UsersRepository } from './users.repository.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly db: TransactionHost,
    private readonly users: UsersRepository,
    private readonly publications: PublicationsService,
    private readonly liveDesk: DeskAnnouncer,
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
    const data = {
      ...(input.name != null ? { name: input.name.trim() } : {}),
      ...(input.password != null ? { passwordHash: await hashPassword(input.password) } : {}),
      ...(input.isAdmin != null ? { isAdmin: input.isAdmin } : {}),
      ...(input.disabled != null ? { disabled: input.disabled } : {}),
    };
    const updated = await this.db.withTransaction(async () => {
      const user = await this.users.update(id, data, endsSessions ? new Date() : null);
      // Their live connections (the desk's subscriptions) close on every instance once this commits.
      if (user && endsSessions) await this.liveDesk.sessionsEnded(id);
      return user;
    });
    if (!updated) throw notFound('User');
    return updated;
  }

  /** Grants, changes or (role null) removes a membership. Admins only. */
  async setMembership(viewer: Viewer, userId: string, publicationId: string, role: StaffRole | null): Promise<User> {
    assertAdmin(viewer);
    const user = await this.users.findById(userId);
    if (!user) throw notFound('User');
    await this.publications.byId(publicationId);
    await this.users.setMembership(userId, publicationId, role);
    return user;
  }

  /** The signed-in member of staff. */
  async me(viewer: Viewer): Promise<User> {
    const user = await this.users.findById(viewer.id);
    if (!user) throw notFound('User');
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
