import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { MediaModule } from '../media/media.module.js';
import { HealthController } from './health.controller.js';
import { HealthRepository } from './health.repository.js';
import { Readiness } from './readiness.js';

@Module({ imports: [DatabaseModule, MediaModule], controllers: [HealthController], providers: [HealthRepository, Readiness], exports: [Readiness] })
export class HealthModule {}
