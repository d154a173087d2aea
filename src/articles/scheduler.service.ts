import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { findMove, mayTake } from './domain/article-workflow.js';
import { EditorialRepository } from './editorial.repository.js';

export const SCHEDULER_OPTIONS = Symbol('SCHEDULER_OPTIONS');

export interface SchedulerOptions {
  enabled: boolean;
  intervalMs: number;
}

/**
 * Publishes SCHEDULED articles when their time comes. Every API instance may run it: rows
 * are claimed with FOR UPDATE SKIP LOCKED, so each article is published exactly once. Public
 * reads already treat a due article as published, so a late tick delays nothing.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly editorial: EditorialRepository,
    @Inject(SCHEDULER_OPTIONS) private readonly options: SchedulerOptions,
  ) {
    // The workflow table must let the scheduler publish; fail at boot, not at 3 a.m.
    const move = findMove('SCHEDULED', 'PUBLISHED');
    if (!move || !mayTake(move, { role: null, isAdmin: false, isWriter: false, isScheduler: true })) {
      throw new Error('The workflow table does not let the scheduler publish SCHEDULED articles');
    }
  }

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Publishes every due article now; returns their ids. */
  async publishDue(): Promise<string[]> {
    const published: string[] = [];
    for (;;) {
      const batch = await this.editorial.publishDue(50, 'Published on schedule');
      published.push(...batch);
      if (batch.length < 50) return published;
    }
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.publishDue()
      .then((ids) => ids.length > 0 && this.logger.log(`published ${ids.length} scheduled article(s)`))
      .catch((error: unknown) => this.logger.error(`could not publish scheduled articles: ${String(error)}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
