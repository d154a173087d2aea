import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { DATABASE_OPTIONS, type DatabaseOptions } from '../config/app-options.js';
import { PrismaClient } from '../generated/prisma/client.js';

/** The Prisma client over node-postgres. Only repositories use it. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  statementCount = 0;

  constructor(@Inject(DATABASE_OPTIONS) options: DatabaseOptions) {
    super({
      adapter: new PrismaPg({
        connectionString: options.url,
        max: options.poolSize,
        // A request waits at most this long for a connection from an exhausted pool...
        connectionTimeoutMillis: 5_000,
        // ...and no statement or abandoned transaction holds one for long.
        statement_timeout: 15_000,
        idle_in_transaction_session_timeout: 15_000,
      }),
      log: options.countStatements ? [{ level: 'query', emit: 'event' }] : [],
    });
    if (options.countStatements) {
      (this as unknown as PrismaClient<'query'>).$on('query', () => void this.statementCount++);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
