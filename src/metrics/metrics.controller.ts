import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { METRICS_OPTIONS, type MetricsOptions } from '../config/app-options.js';
import { Metrics } from './metrics.service.js';

@Controller('metrics')
export class MetricsController {
  private readonly expected?: Buffer;

  constructor(
    private readonly metrics: Metrics,
    @Inject(METRICS_OPTIONS) options: MetricsOptions,
  ) {
    this.expected = options.token === undefined ? undefined : Buffer.from(`Bearer ${options.token}`);
  }

  /** Prometheus's text format; with METRICS_TOKEN, for its bearer only. */
  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    if (this.expected && !sameSecret(this.expected, authorization)) {
      await reply.code(401).header('www-authenticate', 'Bearer').header('cache-control', 'no-store').send('Unauthorized\n');
      return;
    }
    await reply
      .header('content-type', this.metrics.registry.contentType)
      .header('cache-control', 'no-store')
      .send(await this.metrics.registry.metrics());
  }
}

function sameSecret(expected: Buffer, given: string | undefined): boolean {
  const buffer = Buffer.from(given ?? '');
  return buffer.length === expected.length && timingSafeEqual(buffer, expected);
}
