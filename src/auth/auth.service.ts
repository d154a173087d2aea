import { Injectable } from '@nestjs/common';
import { DomainError, unauthenticated } from '../common/errors/domain-error.js';
import { normalizeEmail } from '../users/users.service.js';
import { UsersRepository } from '../users/users.repository.js';
import type { User } from '../users/models/user.model.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { verifyPassword } from './passwords.js';
import { TokensService } from './tokens.service.js';
import type { Viewer } from './viewer.js';

// Failed sign-ins allowed per window, per account and per client address, before every
// attempt (even a right one) is refused until the window ends.
export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 100 } as const;

const WRONG = 'Wrong email or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokensService,
    private readonly throttle: LoginThrottleRepository,
  ) {}

  async login(email: string, password: string, clientAddress: string, now = new Date()): Promise<{ token: string; expiresAt: Date; user: User }> {
    const account = `account:${normalizeEmail(email)}`;
    const address = `address:${clientAddress}`;
    const windowStart = new Date(Math.floor(now.getTime() / LOGIN_LIMITS.windowMs) * LOGIN_LIMITS.windowMs);
    // The attempt is counted before the password is checked: parallel attempts cannot all
    // pass under the limit. A successful attempt is given back.
    const attempts = await this.throttle.reserve([account, address], windowStart);
    if ((attempts.get(account) ?? 0) > LOGIN_LIMITS.perAccount || (attempts.get(address) ?? 0) > LOGIN_LIMITS.perAddress) {
      const minutes = Math.ceil((windowStart.getTime() + LOGIN_LIMITS.windowMs - now.getTime()) / 60_000);
      throw new DomainError('UNAUTHENTICATED', `Too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`);
    }
    const user = await this.users.findForLogin(normalizeEmail(email));
    // The password is checked even without an account, so that timing tells nothing.
    const valid = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !valid || user.disabled) throw unauthenticated(WRONG);
    await this.throttle.release([account, address], windowStart);
    const { passwordHash: _hash, ...safe } = user;
    return { ...(await this.tokens.issue(user.id, now)), user: safe };
  }

  /** The viewer of an Authorization header: null without one, UNAUTHENTICATED for a bad one. */
  async viewerFromHeader(header: string | undefined): Promise<Viewer | null> {
    if (header === undefined || header === '') return null;
    const match = /^Bearer ([A-Za-z0-9_.-]{1,4096})$/.exec(header.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const userId = await this.tokens.verify(match[1]!);
    if (!userId) throw unauthenticated('The token is invalid or has expired: sign in again');
    const viewer = await this.users.findViewer(userId);
    if (!viewer) throw unauthenticated('This account is not active');
    return viewer;
  }
}
