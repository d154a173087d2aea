import { Module } from '@nestjs/common';
import { AuthorsModule } from '../authors/authors.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { PrintEditionsModule } from '../print-editions/print-editions.module.js';
import { PublicationsRepository, PublicationsWriteRepository } from './publications.repository.js';
import { PublicationsResolver } from './publications.resolver.js';
import { PublicationsService } from './publications.service.js';

@Module({
  imports: [AuthorsModule, SectionsModule, PrintEditionsModule],
  providers: [PublicationsRepository, PublicationsWriteRepository, PublicationsService, PublicationsResolver],
  exports: [PublicationsRepository, PublicationsService],
})
export class PublicationsModule {}
