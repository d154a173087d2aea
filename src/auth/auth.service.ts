import { Injectable } from '@nestjs/common';
import { DomainError, unauthenticated } from '../common/errors/domain-error.js';
import { normalizeEmail } from '../users/users.service.js';
import { UsersRepository } from '../users/users.repository.js';
import type { User } from '../users/models/user.model.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { verifyPassword } from './passwords.js';
import { TokensService } from './tokens.service.js';
import type { Viewer } from './viewer.js';

// Failed sign-ins allowed per window before every attempt (even a right one) is refused
// until the window ends: per account from one address (so that a stranger cannot lock the
// owner out from elsewhere), per account from anywhere (a distributed guess), and per
// address across accounts.
export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perAccount: 5, perAccountAnywhere: 50, perAddress: 100 } as const;

const WRONG = 'Wrong email or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokensService,
    private readonly throttle: LoginThrottleRepository,
  ) {}

  async login(email: string, password: string, clientAddress: string, now = new Date()): Promise<{ token: string; expiresAt: Date; user: User }> {
    const normalized = normalizeEmail(email);
    const keys = [
      { key: `account:${normalized}|${clientAddress}`, limit: LOGIN_LIMITS.perAccount },
      { key: `account:${normalized}`, limit: LOGIN_LIMITS.perAccountAnywhere },
      { key: `address:${clientAddress}`, limit: LOGIN_LIMITS.perAddress },
    ];
    const windowStart = new Date(Math.floor(now.getTime() / LOGIN_LIMITS.windowMs) * LOGIN_LIMITS.windowMs);
    // The attempt is counted before the password is checked, so parallel attempts cannot all
    // pass under the limit; past a limit it is refused without being counted (nothing is
    // written). A successful attempt is given back.
    if (!(await this.throttle.count(keys, windowStart))) {
      const minutes = Math.ceil((windowStart.getTime() + LOGIN_LIMITS.windowMs - now.getTime()) / 60_000);
      throw new DomainError('UNAUTHENTICATED', `Too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`);
    }
    const user = await this.users.findForLogin(normalized);
    // The password is checked even without an account, so that timing tells nothing.
    const valid = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !valid || user.disabled) throw unauthenticated(WRONG);
    await this.throttle.release(keys, windowStart);
    const { passwordHash: _hash, sessionEpoch, ...safe } = user;
    // In the epoch of the row whose hash was checked: a reset meanwhile refuses this token.
    return { ...(await this.tokens.issue(user.id, sessionEpoch)), user: safe };
  }

  /** The viewer of an Authorization header: null without one, UNAUTHENTICATED for a bad one. */
  async viewerFromHeader(header: string | undefined): Promise<Viewer | null> {
    if (header === undefined || header === '') return null;
    const match = /^Bearer +([A-Za-z0-9_.-]{1,4096})$/i.exec(header.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const token = await this.tokens.verify(match[1]!);
    if (!token) throw unauthenticated('The token is invalid or has expired: sign in again');
    const viewer = await this.users.findViewer(token.userId);
    if (!viewer) throw unauthenticated('This account is not active');
    if (token.sessionEpoch !== viewer.sessionEpoch) {
      throw unauthenticated('This session was ended (a new password, or the account was disabled): sign in again');
    }
    return viewer;
  }
}
