import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';

/**
 * Sign-in attempts per key and fixed window, in the database so that every instance
 * counts. An attempt is reserved (counted) before the password is checked, atomically, so
 * parallel attempts cannot all slip under the limit; a successful one is given back.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Counts one attempt for each key; returns the counts including it. */
  async reserve(keys: string[], windowStart: Date): Promise<Map<string, number>> {
    const rows = await this.prisma.$queryRaw<{ key: string; failures: number }[]>`
      INSERT INTO login_throttles (key, window_start, failures)
      SELECT key, ${windowStart}::timestamptz, 1 FROM unnest(${keys}::text[]) AS key
      ON CONFLICT (key, window_start) DO UPDATE SET failures = login_throttles.failures + 1
      RETURNING key, failures`;
    return new Map(rows.map((row) => [row.key, row.failures]));
  }

  /** Gives back the attempt of a successful sign-in, and forgets old windows. */
  async release(keys: string[], windowStart: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.loginThrottle.updateMany({ where: { key: { in: keys }, windowStart, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } }),
      this.prisma.loginThrottle.deleteMany({ where: { windowStart: { lt: new Date(windowStart.getTime() - 24 * 3600_000) } } }),
    ]);
  }
}
