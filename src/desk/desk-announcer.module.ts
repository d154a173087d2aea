import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { DeskAnnouncer } from './desk-announcer.js';
import { DeskNoticesRepository } from './desk-notices.repository.js';

/** The writing side of the live desk, for the modules whose writes it reports (articles, users): it imports neither. */
@Module({
  imports: [DatabaseModule],
  providers: [DeskNoticesRepository, DeskAnnouncer],
  exports: [DeskAnnouncer],
})
export class DeskAnnouncerModule {}
