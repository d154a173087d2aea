import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { LRUCache } from 'lru-cache';
import { DATABASE_OPTIONS, type DatabaseOptions } from '../config/app-options.js';
import { PrismaClient } from '../generated/prisma/client.js';

/** The Prisma client over node-postgres. Only repositories use it. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  statementCount = 0;
  /** The statements counted, newest last (tests print them when a count is off). */
  readonly statements: string[] = [];

  /** The pool Prisma's adapter uses: ours, so that its use can be measured (/metrics). */
  private readonly pool: pg.Pool;

  constructor(@Inject(DATABASE_OPTIONS) options: DatabaseOptions) {
    const pool = databasePool(options.url, options.poolSize);
    super({ adapter: databaseAdapter(pool), log: options.countStatements ? [{ level: 'query', emit: 'event' }] : [] });
    this.pool = pool;
    if (options.countStatements) {
      (this as unknown as PrismaClient<'query'>).$on('query', (event) => {
        this.statementCount++;
        this.statements.push(event.query);
        if (this.statements.length > 100) this.statements.shift();
      });
    }
  }

  /** The pool's connections now: all, idle, and requests waiting for one. */
  poolStats(): { total: number; idle: number; waiting: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    // A pool handed to the adapter stays its owner's to end.
    if (!this.pool.ended) await this.pool.end();
  }
}

/** A pool as the API's clients use it, for the primary and the replicas alike. */
export function databasePool(url: string, size: number, connectionTimeoutMillis = 5_000): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: size,
    // A request waits at most this long for a connection from an exhausted pool...
    connectionTimeoutMillis,
    // ...and no statement or abandoned transaction holds one for long.
    statement_timeout: 15_000,
    idle_in_transaction_session_timeout: 15_000,
    // Just-in-time compilation pays off for analytics, not for this API's short
    // statements: a search whose fallback branch the planner costs high (and never runs)
    // spent 35 ms compiling it.
    options: '-c jit=off',
  });
}

/** Prisma's driver adapter over a pool, naming prepared statements (below). */
export function databaseAdapter(pool: pg.Pool): PrismaPg {
  return new PrismaPg(pool, { statementNameGenerator: preparedStatementName as (query: { sql: string; args: unknown[] }) => string });
}

// Statements are prepared once per connection and kept, by a name made from their text: a
// front page's list is planned in about 2 ms and runs in under 1 ms. Not those whose plan
// depends on how common a search's words or a tag are (a full-text match, a tag
// containment: PostgreSQL may settle on one generic plan for every word), nor those with a
// variable-length IN list (a shape per length).
const names = new LRUCache<string, string>({ max: 2_000 });
const UNPREPARED = /@@|@>/;
const MAX_PREPARED_PARAMETERS = 16;

// Returns undefined for a statement left unnamed: the adapter hands the name to pg as it is,
// and pg's default is no name (its type says a string is always given).
function preparedStatementName(query: { sql: string; args: unknown[] }): string | undefined {
  if (query.args.length > MAX_PREPARED_PARAMETERS) return undefined;
  let name = names.get(query.sql);
  if (name === undefined) {
    name = UNPREPARED.test(query.sql) ? '' : `p${createHash('sha256').update(query.sql).digest('base64url').slice(0, 24)}`;
    names.set(query.sql, name);
  }
  return name || undefined;
}
