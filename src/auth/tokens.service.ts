import { Inject, Injectable } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { AUTH_OPTIONS, type AuthOptions } from '../config/app-options.js';

const ISSUER = 'newsroom-cms';
const AUDIENCE = 'newsroom-staff';
const EPOCH_CLAIM = 'sep';

/** Signed, expiring staff tokens (HS256 only: `alg: none` and other algorithms are refused). */
@Injectable()
export class TokensService {
  private readonly key: Uint8Array;

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    this.key = new TextEncoder().encode(options.jwtSecret);
  }

  /** A token for the user in their current session epoch (see User.sessionEpoch). */
  async issue(userId: string, sessionEpoch: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((issuedAt + this.options.tokenTtlSeconds) * 1000);
    const token = await new SignJWT({ [EPOCH_CLAIM]: sessionEpoch })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The user and session epoch of a valid token; null for anything expired, forged or malformed. */
  async verify(token: string): Promise<{ userId: string; sessionEpoch: number } | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
      // Tokens issued before epochs existed carry none: epoch 0.
      const epoch = payload[EPOCH_CLAIM] ?? 0;
      return typeof payload.sub === 'string' && Number.isInteger(epoch) ? { userId: payload.sub, sessionEpoch: epoch as number } : null;
    } catch {
      return null;
    }
  }
}
