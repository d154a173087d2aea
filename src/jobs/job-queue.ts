import PgBoss from 'pg-boss';

// The job queue: pg-boss, in its own schema of the same PostgreSQL. Jobs are rows, so a job
// enqueued inside a transaction exists exactly when that transaction commits (no event without
// its change, no change without its event), and whichever instance fetches a job first runs it
// (SKIP LOCKED). A job whose worker died (a killed instance) expires and is retried.

export const JOB_SCHEMA = 'pgboss';

/** The queues: what each job does is registered by its module (JobQueue.work). */
export const QUEUES = {
  /** Publish one SCHEDULED article at its time (src/articles/scheduled-publishing.ts). */
  publishScheduled: 'publish-scheduled',
  /** Publish every due SCHEDULED article and queue those without a job: at start, then every minute as a backstop. */
  publishDue: 'publish-due',
  /** Queue an attempt for every pending webhook delivery overdue and not under way (every minute, a backstop). */
  sweepDeliveries: 'sweep-deliveries',
  /** One attempt of one webhook delivery (src/webhooks). */
  deliverWebhook: 'deliver-webhook',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

// Retries here are for a job that failed unexpectedly or whose worker died: its own work
// decides the rest (a webhook's failed attempts are retried by its delivery, with its own
// backoff and log). An attempt never runs longer than `expireInSeconds`.
const QUEUE_SETTINGS: PgBoss.Queue[] = Object.values(QUEUES).map((name) => ({
  name,
  policy: 'standard',
  retryLimit: 20,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 60,
  // How long a job may wait in the queue before pg-boss gives up on it: longer than any
  // schedule is planned ahead (a job is kept from its start time on).
  retentionMinutes: 14 * 24 * 60,
}));

/** pg-boss as the API configures it (a pool of its own, small: jobs are few and short). */
export function createBoss(databaseUrl: string, options: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
  return new PgBoss({
    connectionString: databaseUrl,
    schema: JOB_SCHEMA,
    application_name: 'newsroom-jobs',
    max: 4,
    // Cron schedules (the backstops) run where the workers do.
    schedule: false,
    ...options,
  });
}

/** Creates the queues that do not exist yet (pg-boss's create_queue leaves an existing one as it is). */
export async function createQueues(boss: PgBoss): Promise<void> {
  for (const queue of QUEUE_SETTINGS) await boss.createQueue(queue.name, queue);
}

/** Installs or upgrades the queue's schema and its queues (idempotent; instances may race). */
export async function installJobQueue(databaseUrl: string): Promise<void> {
  const boss = createBoss(databaseUrl, { max: 1, supervise: false, migrate: true });
  const problems: unknown[] = [];
  boss.on('error', (error) => problems.push(error));
  await boss.start();
  try {
    await createQueues(boss);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  if (problems.length > 0) throw problems[0] as Error;
}
