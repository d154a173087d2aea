import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthRepository } from './health.repository.js';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthRepository) {}

  /** 200 when the API can serve; 503 while the database cannot be reached. */
  @Get()
  async check(@Res() reply: FastifyReply): Promise<void> {
    const database = await this.health.databaseAnswers(2_000);
    await reply
      .status(database ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: database ? 'ok' : 'unavailable', database: database ? 'up' : 'down' });
  }
}
