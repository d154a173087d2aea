import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';
import { DomainError, unauthenticated } from '../common/errors/domain-error.js';
import { AuthRepository, type Credentials } from './auth.repository.js';
import { normalizeEmail } from './domain/email.js';
import { LoginThrottleRepository, type ThrottleKey } from './login-throttle.repository.js';
import { verifyPassword } from './passwords.js';
import { TokensService } from './tokens.service.js';
import type { Viewer } from './viewer.js';

// Failed sign-ins allowed per window before every attempt (even a right one) is refused
// until the window ends: per account from one address (so that a stranger cannot lock the
// owner out from elsewhere), per account from anywhere (a distributed guess), and per
// address across accounts.
export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perAccount: 5, perAccountAnywhere: 50, perAddress: 100 } as const;

const WRONG = 'Wrong email or password';

export interface SignedIn {
  token: string;
  expiresAt: Date;
  account: Omit<Credentials, 'passwordHash' | 'sessionEpoch'>;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly db: TransactionHost,
    private readonly accounts: AuthRepository,
    private readonly tokens: TokensService,
    private readonly throttle: LoginThrottleRepository,
  ) {}

  async login(email: string, password: string, clientAddress: string, now = new Date()): Promise<SignedIn> {
    const normalized = normalizeEmail(email);
    const keys: ThrottleKey[] = [
      { key: `account:${normalized}|${clientAddress}`, limit: LOGIN_LIMITS.perAccount },
      { key: `account:${normalized}`, limit: LOGIN_LIMITS.perAccountAnywhere },
      { key: `address:${clientAddress}`, limit: LOGIN_LIMITS.perAddress },
    ];
    const windowStart = new Date(Math.floor(now.getTime() / LOGIN_LIMITS.windowMs) * LOGIN_LIMITS.windowMs);
    if (!(await this.countAttempt(keys, windowStart))) {
      const minutes = Math.ceil((windowStart.getTime() + LOGIN_LIMITS.windowMs - now.getTime()) / 60_000);
      throw new DomainError('UNAUTHENTICATED', `Too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`);
    }
    const credentials = await this.accounts.findCredentials(normalized);
    // The password is checked even without an account, so that timing tells nothing.
    const valid = await verifyPassword(credentials?.passwordHash ?? null, password);
    if (!credentials || !valid || credentials.disabled) throw unauthenticated(WRONG);
    await this.throttle.giveBack(keys, windowStart);
    const { passwordHash: _hash, sessionEpoch, ...account } = credentials;
    // In the epoch of the row whose hash was checked: a reset meanwhile refuses this token.
    return { ...(await this.tokens.issue(account.id, sessionEpoch)), account };
  }

  /**
   * Counts the attempt before the password is checked, so parallel attempts cannot all pass
   * under the limit; past a limit the attempt is refused without being counted (nothing is
   * written). Ended windows are swept on the way.
   */
  private countAttempt(keys: ThrottleKey[], windowStart: Date): Promise<boolean> {
    return this.db.withTransaction(async () => {
      await this.throttle.lock(keys);
      const failures = await this.throttle.failures(keys, windowStart);
      if (keys.some(({ key, limit }) => (failures.get(key) ?? 0) >= limit)) return false;
      await this.throttle.count(keys, windowStart);
      await this.throttle.sweepBefore(windowStart);
      return true;
    });
  }

  /** The viewer of an Authorization header: null without one, UNAUTHENTICATED for a bad one. */
  async viewerFromHeader(header: string | undefined): Promise<Viewer | null> {
    if (header === undefined || header === '') return null;
    const match = /^Bearer +([A-Za-z0-9_.-]{1,4096})$/i.exec(header.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const token = await this.tokens.verify(match[1]);
    if (!token) throw unauthenticated('The token is invalid or has expired: sign in again');
    const viewer = await this.accounts.findViewer(token.userId);
    if (!viewer) throw unauthenticated('This account is not active');
    if (token.sessionEpoch !== viewer.sessionEpoch) {
      throw unauthenticated('This session was ended (a new password, or the account was disabled): sign in again');
    }
    return viewer;
  }
}
