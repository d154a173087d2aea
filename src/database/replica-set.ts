import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { DATABASE_OPTIONS, type DatabaseOptions } from '../config/app-options.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { ChangeBus } from './change-bus.js';
import { databaseAdapter, databasePool, PrismaService } from './prisma.service.js';

// Streaming replicas for anonymous public reads (DATABASE_REPLICA_URLS). Each is probed every
// second: it is read from only while it answers, is a standby, is no further behind the
// primary than REPLICA_MAX_LAG_SECONDS, and has replayed every change this instance has heard
// of. That last rule keeps the response cache true: a change heard from the primary drops the
// answers that showed it, and until a replica has replayed that change the next answers are
// read from the primary (an answer read from a stale replica would otherwise be kept for
// minutes). With no replica usable, reads go to the primary. A read that fails because its
// replica went away is read again from the primary, and the replica is skipped from then on.

const PROBE_INTERVAL_MS = 1_000;
/** A replica that does not answer its probe within this is down. */
const PROBE_TIMEOUT_MS = 1_500;

export type ReplicaState = 'up' | 'lagging' | 'down';

export interface ReplicaStatus {
  /** host:port/database, no credentials. */
  name: string;
  state: ReplicaState;
  /** How far behind the primary it was at its last probe, in seconds (null: unknown). */
  lagSeconds: number | null;
}

interface Replica {
  name: string;
  pool: pg.Pool;
  /** The replica's client, falling back to the primary when the replica fails under a read. */
  client: PrismaClient;
  raw: PrismaClient;
  state: ReplicaState;
  lagSeconds: number | null;
  /** The WAL position it had replayed at its last probe. */
  replayed: bigint;
}

/** A WAL position ('16/B374D848') as a number that compares. */
export function lsn(text: string | null): bigint {
  if (!text) return 0n;
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

const UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|terminating connection|timeout exceeded when trying to connect|Can't reach database server|the database system is (starting up|shutting down|in recovery)|conflict with recovery|^57P0[1-3]$|^08\d{3}$|^P1001$|^P1017$|DatabaseNotReachable|ConnectionClosed/i;

/** Errors that say the server is not there (refused, closed, shut down, a recovery conflict), not that the statement was wrong. */
export function isUnavailable(error: unknown): boolean {
  // Prisma's driver adapter wraps the driver's error: look through causes and metadata.
  const seen = new Set<unknown>();
  const look = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 5) return false;
    seen.add(value);
    const fields = value as Record<string, unknown>;
    for (const key of ['message', 'code', 'name', 'kind', 'originalCode', 'originalMessage']) {
      const text = fields[key];
      if (typeof text === 'string' && UNAVAILABLE.test(text)) return true;
    }
    return ['cause', 'meta', 'driverAdapterError'].some((key) => look(fields[key], depth + 1));
  };
  return look(error, 0);
}

@Injectable()
export class ReplicaSet implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Replicas');
  private readonly replicas: Replica[];
  private readonly maxLagSeconds: number;
  /** The primary's WAL position when this instance last heard of a change; null while it is being read. */
  private fence: bigint | null = 0n;
  private fencing = false;
  private refence = false;
  private next = 0;
  private timer?: NodeJS.Timeout;
  private probing?: Promise<void>;

  constructor(
    @Inject(DATABASE_OPTIONS) options: DatabaseOptions,
    private readonly primary: PrismaService,
    changes: ChangeBus,
  ) {
    this.maxLagSeconds = options.maxReplicaLagSeconds ?? 10;
    this.replicas = (options.replicaUrls ?? []).map((url) => {
      const pool = databasePool(url, options.poolSize, PROBE_TIMEOUT_MS);
      // A replica's connection that breaks must not crash the process; the probe notices.
      pool.on('error', () => undefined);
      const raw = new PrismaClient({ adapter: databaseAdapter(pool) });
      const replica: Replica = { name: nameOf(url), pool, raw, client: raw, state: 'down', lagSeconds: null, replayed: 0n };
      replica.client = fallingBack(raw, primary, () => this.lost(replica));
      return replica;
    });
    if (this.replicas.length > 0) changes.onChange(() => void this.heardChange());
  }

  get configured(): boolean {
    return this.replicas.length > 0;
  }

  /** A replica to read from now (round robin over the usable ones), or null: read the primary. */
  reader(): PrismaClient | null {
    const fence = this.fence;
    if (fence === null) return null;
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(this.next + i) % this.replicas.length];
      if (replica.state === 'up' && replica.replayed >= fence) {
        this.next = (this.next + i + 1) % this.replicas.length;
        return replica.client;
      }
    }
    return null;
  }

  status(): ReplicaStatus[] {
    return this.replicas.map(({ name, state, lagSeconds }) => ({ name, state, lagSeconds }));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.replicas.length === 0) return;
    await this.probe();
    this.timer = setInterval(() => void this.probe(), PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.probing;
    await Promise.all(this.replicas.map((replica) => replica.raw.$disconnect().then(() => (replica.pool.ended ? undefined : replica.pool.end()))));
  }

  /** Probes every replica against the primary's WAL position (one probe at a time). */
  probe(): Promise<void> {
    this.probing ??= this.probeAll().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async probeAll(): Promise<void> {
    let primary: bigint;
    try {
      primary = await this.primaryPosition();
    } catch {
      // The primary is not answering: nothing can be checked against it.
      return;
    }
    await Promise.all(this.replicas.map((replica) => this.probeOne(replica, primary)));
  }

  private async probeOne(replica: Replica, primary: bigint): Promise<void> {
    const before = replica.state;
    try {
      const [row] = await withTimeout(
        replica.raw.$queryRaw<{ standby: boolean; replayed: string | null; lag: number | null }[]>`
          SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed,
            extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 AS lag`,
        PROBE_TIMEOUT_MS,
      );
      replica.replayed = lsn(row.replayed);
      // Caught up with the primary as it was just before: not behind at all, however long
      // ago its last transaction was replayed (an idle primary sends none).
      replica.lagSeconds = !row.standby ? null : replica.replayed >= primary ? 0 : Math.max(0, row.lag ?? Number.POSITIVE_INFINITY);
      replica.state = !row.standby ? 'down' : replica.lagSeconds! > this.maxLagSeconds ? 'lagging' : 'up';
      if (!row.standby && before !== 'down') this.logger.error(`${replica.name} is not a standby: not read from`);
    } catch {
      replica.state = 'down';
      replica.lagSeconds = null;
    }
    if (replica.state !== before) this.logger.log(`${replica.name}: ${before} → ${replica.state}`);
  }

  /** What a replica could have replayed by now: the primary's WAL flushed (and so sendable). */
  private async primaryPosition(): Promise<bigint> {
    const [row] = await this.primary.$queryRaw<{ position: string }[]>`SELECT pg_current_wal_flush_lsn()::text AS position`;
    return lsn(row.position);
  }

  /**
   * Where a change just heard ends: the insert position, since with synchronous_commit off a
   * commit may still be in the WAL buffers, past the write and flush positions, and it is the
   * commit a replica must have replayed before it is read from.
   */
  private async changePosition(): Promise<bigint> {
    const [row] = await this.primary.$queryRaw<{ position: string }[]>`SELECT pg_current_wal_insert_lsn()::text AS position`;
    return lsn(row.position);
  }

  /** A change was heard: no replica is read from until it has replayed the primary's position as of now. */
  private async heardChange(): Promise<void> {
    this.fence = null;
    if (this.fencing) {
      this.refence = true;
      return;
    }
    this.fencing = true;
    try {
      do {
        this.refence = false;
        try {
          const position = await this.changePosition();
          // Another change heard while this was read: the position may predate it; read again.
          if (!this.refence) this.fence = position;
        } catch {
          // The primary is away: reads go to it anyway (and fail or not, as it does).
          this.fence = null;
        }
      } while (this.refence);
    } finally {
      this.fencing = false;
    }
    // Replicas usually replay within milliseconds: probe now rather than in up to a second.
    await this.probe();
  }

  private lost(replica: Replica): void {
    if (replica.state !== 'down') this.logger.warn(`${replica.name} failed under a read: reading the primary until it answers again`);
    replica.state = 'down';
  }
}

function nameOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'replica';
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The replica's client, each call of which is made again on the primary when the replica is
 * not there (the same model method or raw query, the same arguments): the request that met a
 * replica going away still gets its answer. Only reads come here (TransactionHost).
 */
function fallingBack(replica: PrismaClient, primary: PrismaClient, lost: () => void): PrismaClient {
  const wrap = <T extends object>(target: T, fallback: Record<PropertyKey, unknown>): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value: unknown = Reflect.get(object, property, receiver);
        const alternative = fallback[property];
        if (typeof value === 'function' && typeof alternative === 'function') {
          return async (...args: unknown[]) => {
            try {
              return await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
            } catch (error) {
              if (!isUnavailable(error)) throw error;
              lost();
              return (alternative as (...a: unknown[]) => Promise<unknown>).apply(fallback, args);
            }
          };
        }
        if (value !== null && typeof value === 'object' && alternative !== null && typeof alternative === 'object') {
          return wrap(value, alternative as Record<PropertyKey, unknown>);
        }
        return value;
      },
    });
  return wrap(replica, primary as unknown as Record<PropertyKey, unknown>);
}
