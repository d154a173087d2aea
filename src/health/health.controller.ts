import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MEDIA_STORE } from '../media/media-store.provider.js';
import type { MediaStore } from '../media/store/media-store.js';
import { HealthRepository } from './health.repository.js';
import { Readiness } from './readiness.js';
import { ReplicaSet } from '../database/replica-set.js';

/** How long a media store check is believed: an S3 check is two requests. */
const STORE_CHECK_TTL_MS = 10_000;

@Controller('health')
export class HealthController {
  private storeCheck?: { at: number; ok: Promise<boolean> };

  constructor(
    private readonly health: HealthRepository,
    private readonly readiness: Readiness,
    private readonly replicas: ReplicaSet,
    @Inject(MEDIA_STORE) private readonly store: MediaStore,
  ) {}

  /** Readiness, as /health/ready (kept for the load balancers already pointed at it). */
  @Get()
  async check(@Res() reply: FastifyReply): Promise<void> {
    await this.ready(reply);
  }

  /** 200 when this instance should be sent requests: its database and media store answer, and it is not shutting down. */
  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const [database, media] = await Promise.all([this.health.databaseAnswers(2_000), this.mediaAnswers()]);
    const draining = this.readiness.draining;
    const ok = database && media && !draining;
    await reply
      .status(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({
        status: ok ? 'ok' : draining ? 'shutting down' : 'unavailable',
        database: database ? 'up' : 'down',
        // Replicas do not decide readiness: without them reads go to the primary.
        ...(this.replicas.configured ? { replicas: this.replicas.status() } : {}),
        media: media ? 'up' : 'down',
      });
  }

  /** 200 while the process runs and answers: restart it only when this fails. */
  @Get('live')
  async live(@Res() reply: FastifyReply): Promise<void> {
    await reply.status(200).header('cache-control', 'no-store').send({ status: 'ok' });
  }

  private mediaAnswers(): Promise<boolean> {
    const now = Date.now();
    if (!this.storeCheck || now - this.storeCheck.at > STORE_CHECK_TTL_MS) {
      this.storeCheck = {
        at: now,
        ok: this.store.check().then(
          () => true,
          () => false,
        ),
      };
    }
    return this.storeCheck.ok;
  }
}
