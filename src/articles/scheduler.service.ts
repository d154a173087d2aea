import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { SCHEDULER_OPTIONS, type SchedulerOptions } from '../config/app-options.js';
import { QUEUES } from '../jobs/job-queue.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { ArticleMoves } from './article-moves.service.js';

const BATCH = 50;

/**
 * Scheduled publishing on the job queue: scheduling an article queues a job for its time
 * (ArticleMoves), which publishes it once whichever instance runs it. At start, one job
 * publishes whatever fell due while no instance ran and queues stories scheduled before the
 * queue existed. Public reads already treat a due article as published, so a late job
 * delays nothing.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Scheduler');

  constructor(
    private readonly moves: ArticleMoves,
    private readonly queue: JobQueue,
    @Inject(SCHEDULER_OPTIONS) private readonly options: SchedulerOptions,
  ) {
    queue.work<{ articleId: string; publishAt: string }>(QUEUES.publishScheduled, async ({ articleId, publishAt }) => {
      if (await this.moves.publishScheduled(articleId, new Date(publishAt))) this.logger.log(`published scheduled article ${articleId}`);
    });
    // At start, and every minute in case a job was lost (the queue's own retries spent).
    queue.every(QUEUES.publishDue, '* * * * *');
    queue.work(QUEUES.publishDue, async () => {
      const published = await this.publishDue();
      if (published.length > 0) this.logger.log(`published ${published.length} due scheduled article(s) no job had published`);
      while ((await this.moves.queueUnqueued(BATCH)) === BATCH);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.enabled) await this.queue.enqueue(QUEUES.publishDue, {});
  }

  /** Publishes every due article now; returns their ids. */
  async publishDue(): Promise<string[]> {
    const published: string[] = [];
    for (;;) {
      const batch = await this.moves.publishDue(BATCH);
      published.push(...batch);
      if (batch.length < BATCH) return published;
    }
  }
}
