import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.service.js';

/** Prometheus metrics at /metrics. */
@Module({ imports: [DatabaseModule], controllers: [MetricsController], providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
