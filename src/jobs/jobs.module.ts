import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { JobQueue } from './job-queue.service.js';

@Module({
  imports: [DatabaseModule],
  providers: [JobQueue],
  exports: [JobQueue],
})
export class JobsModule {}
