import { Module } from '@nestjs/common';
import { SectionsRepository } from './sections.repository.js';
import { SectionsResolver } from './sections.resolver.js';
import { SectionsService } from './sections.service.js';

@Module({
  providers: [SectionsRepository, SectionsService, SectionsResolver],
  exports: [SectionsRepository, SectionsService],
})
export class SectionsModule {}
