import { TransactionHost } from '../database/transactions.js';
import { Injectable } from '@nestjs/common';

/** A counter of failed sign-ins and the number of failures it allows per window. */
export interface ThrottleKey {
  key: string;
  limit: number;
}

/**
 * Failed sign-ins per key and fixed window, in the database so that every instance counts.
 * Its statements expect the caller's transaction (the advisory locks last as long as it).
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly db: TransactionHost) {}

  /** Takes each key in turn for the rest of the transaction, in key order so that two attempts cannot deadlock. */
  async lock(keys: readonly ThrottleKey[]): Promise<void> {
    const names = keys.map((k) => k.key);
    await this.db.tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(k, 7337)) FROM (SELECT unnest(${names}::text[]) AS k ORDER BY 1) AS ordered`;
  }

  /** The failures counted so far in the window, by key. */
  async failures(keys: readonly ThrottleKey[], windowStart: Date): Promise<Map<string, number>> {
    const rows = await this.db.tx.loginThrottle.findMany({
      where: { key: { in: keys.map((k) => k.key) }, windowStart },
      select: { key: true, failures: true },
    });
    return new Map(rows.map((row) => [row.key, row.failures]));
  }

  /** Counts one attempt against every key. */
  async count(keys: readonly ThrottleKey[], windowStart: Date): Promise<void> {
    await this.db.tx.$executeRaw`
      INSERT INTO login_throttles (key, window_start, failures)
      SELECT key, ${windowStart}::timestamptz, 1 FROM unnest(${keys.map((k) => k.key)}::text[]) AS key
      ON CONFLICT (key, window_start) DO UPDATE SET failures = login_throttles.failures + 1`;
  }

  /** Forgets the windows before this one. */
  async sweepBefore(windowStart: Date): Promise<void> {
    await this.db.tx.loginThrottle.deleteMany({ where: { windowStart: { lt: windowStart } } });
  }

  /** Gives back the attempt of a successful sign-in. */
  async giveBack(keys: readonly ThrottleKey[], windowStart: Date): Promise<void> {
    await this.db.tx.loginThrottle.updateMany({
      where: { key: { in: keys.map((k) => k.key) }, windowStart, failures: { gt: 0 } },
      data: { failures: { decrement: 1 } },
    });
  }
}
