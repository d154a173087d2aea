import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SCHEDULER_OPTIONS, type SchedulerOptions } from '../config/app-options.js';
import { ArticleMoves } from './article-moves.service.js';

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
    private readonly moves: ArticleMoves,
    @Inject(SCHEDULER_OPTIONS) private readonly options: SchedulerOptions,
  ) {}

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
      const batch = await this.moves.publishDue(50);
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
