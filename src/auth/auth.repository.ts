import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import type { Viewer } from './viewer.js';

/** A staff account as signing in sees it: who, the hash to check, the session epoch to issue in. */
export interface Credentials {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  disabled: boolean;
  passwordHash: string;
  sessionEpoch: number;
}

/** The staff accounts as authentication reads them: credentials, and viewers with their roles. */
@Injectable()
export class AuthRepository {
  constructor(private readonly db: TransactionHost) {}

  /** The account, its hash and its session epoch, read together: a token issued from this read belongs to that epoch. */
  async findCredentials(email: string): Promise<Credentials | null> {
    return this.db.tx.user.findUnique({
      where: { email },
      select: { id: true, email: true, name: true, isAdmin: true, disabled: true, passwordHash: true, sessionEpoch: true },
    });
  }

  /** An enabled user with their roles, as a viewer; null if missing or disabled. */
  async findViewer(id: string): Promise<Viewer | null> {
    const user = await this.db.tx.user.findFirst({
      relationLoadStrategy: 'join',
      where: { id, disabled: false },
      select: { id: true, email: true, name: true, isAdmin: true, sessionEpoch: true, memberships: { select: { publicationId: true, role: true } } },
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
}
