import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { DATABASE_OPTIONS, SCHEDULER_OPTIONS, type DatabaseOptions, type SchedulerOptions } from '../config/app-options.js';
import { TransactionHost } from '../database/transactions.js';
import { createBoss, createQueues, type QueueName } from './job-queue.js';

export interface EnqueueOptions {
  /** Not before this time. */
  startAfter?: Date;
}

interface Schedule {
  name: QueueName;
  cron: string;
}

interface Worker {
  name: QueueName;
  /** How many jobs of the queue this instance runs at once. */
  concurrency: number;
  run: (data: unknown) => Promise<void>;
}

/**
 * The job queue for the API's modules: `enqueue` joins the caller's transaction (the job
 * exists only if the change that asked for it commits), `work` says what a queue's jobs do.
 * Workers run only in instances started with SCHEDULER=true; any instance may enqueue.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JobQueue');
  private readonly boss: PgBoss;
  private readonly workers: Worker[] = [];
  private readonly schedules: Schedule[] = [];
  private started?: Promise<void>;

  constructor(
    private readonly db: TransactionHost,
    @Inject(DATABASE_OPTIONS) database: DatabaseOptions,
    @Inject(SCHEDULER_OPTIONS) private readonly options: SchedulerOptions,
  ) {
    // The upkeep (expiring the jobs of a dead worker, archiving) runs where the workers do.
    this.boss = createBoss(database.url, {
      supervise: options.enabled,
      schedule: options.enabled,
      migrate: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
    });
    this.boss.on('error', (error) => this.logger.error(`job queue: ${String(error)}`));
  }

  /** Says what the jobs of a queue do (before the application starts). */
  work<T>(name: QueueName, run: (data: T) => Promise<void>, concurrency = 1): void {
    this.workers.push({ name, concurrency, run: run as (data: unknown) => Promise<void> });
  }

  /** Queues a job of `name` on a cron schedule (once across instances), where workers run. */
  every(name: QueueName, cron: string): void {
    this.schedules.push({ name, cron });
  }

  /** Connects on first use (a tool that builds the app without a database never does). */
  private start(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
      await createQueues(this.boss);
    })().catch((error: unknown) => {
      // The next use tries again (the database may be back).
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.enabled) return;
    await this.start();
    for (const { name, cron } of this.schedules) await this.boss.schedule(name, cron);
    for (const worker of this.workers) {
      for (let i = 0; i < worker.concurrency; i++) {
        await this.boss.work<unknown>(worker.name, { batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds }, async ([job]) => {
          await worker.run(job.data);
        });
      }
    }
  }

  /**
   * Stops before the database clients close (Nest destroys modules before it shuts the
   * application down): running jobs finish while they can still record what they did, and
   * what is still queued waits for another instance.
   */
  async onModuleDestroy(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  }

  /** Queues a job in the caller's transaction (or on its own outside one); returns its id. */
  async enqueue(name: QueueName, data: object, options: EnqueueOptions = {}): Promise<string> {
    await this.start();
    const id = await this.boss.send(name, data, { ...(options.startAfter ? { startAfter: options.startAfter } : {}), db: this.connection() });
    if (!id) throw new Error(`the job queue refused a job of ${name}`);
    return id;
  }

  /** Cancels a job that has not run yet, in the caller's transaction. */
  async cancel(name: QueueName, id: string): Promise<void> {
    await this.start();
    await this.boss.cancel(name, id, { db: this.connection() });
  }

  /** Runs pg-boss's statements on the ambient transaction's connection (TransactionHost). */
  private connection(): PgBoss.Db {
    const tx = this.db.tx;
    return {
      executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values.map(asParameter)) }),
    };
  }
}

/** pg-boss passes what node-postgres takes (objects as JSON, undefined as null); Prisma's driver wants plain values. */
function asParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) return JSON.stringify(value);
  return value;
}
