import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';

/** A counter of failed sign-ins and the number of failures it allows per window. */
export interface ThrottleKey {
  key: string;
  limit: number;
}

/**
 * Sign-in attempts per key and fixed window, in the database so that every instance
 * counts. An attempt is counted before the password is checked, so parallel attempts cannot
 * all slip under the limit (each key is taken in turn through a transaction-scoped advisory
 * lock); an attempt refused by a limit writes nothing; a successful one is given back.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Counts one attempt against every key unless one of them has reached its limit in this
   * window; returns whether it was counted. Windows before this one are swept on the way.
   */
  async count(keys: readonly ThrottleKey[], windowStart: Date): Promise<boolean> {
    const names = keys.map((k) => k.key);
    return this.prisma.$transaction(async (tx) => {
      // In key order, so that two attempts sharing keys cannot deadlock.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(k, 7337)) FROM (SELECT unnest(${names}::text[]) AS k ORDER BY 1) AS ordered`;
      const rows = await tx.$queryRaw<{ key: string; failures: number }[]>`
        SELECT key, failures FROM login_throttles WHERE key = ANY(${names}::text[]) AND window_start = ${windowStart}::timestamptz`;
      const failures = new Map(rows.map((row) => [row.key, row.failures]));
      if (keys.some(({ key, limit }) => (failures.get(key) ?? 0) >= limit)) return false;
      await tx.$executeRaw`
        INSERT INTO login_throttles (key, window_start, failures)
        SELECT key, ${windowStart}::timestamptz, 1 FROM unnest(${names}::text[]) AS key
        ON CONFLICT (key, window_start) DO UPDATE SET failures = login_throttles.failures + 1`;
      await tx.$executeRaw`DELETE FROM login_throttles WHERE window_start < ${windowStart}::timestamptz`;
      return true;
    });
  }

  /** Gives back the attempt of a successful sign-in. */
  async release(keys: readonly ThrottleKey[], windowStart: Date): Promise<void> {
    await this.prisma.loginThrottle.updateMany({
      where: { key: { in: keys.map((k) => k.key) }, windowStart, failures: { gt: 0 } },
      data: { failures: { decrement: 1 } },
    });
  }
}
