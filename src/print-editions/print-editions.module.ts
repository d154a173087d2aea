import { Module } from '@nestjs/common';
import { PublicationsRepository } from '../publications/publications.repository.js';
import { PrintEditionsRepository } from './print-editions.repository.js';
import { EditionPageResolver, PrintEditionsResolver } from './print-editions.resolver.js';
import { PrintEditionsService } from './print-editions.service.js';

@Module({
  providers: [PrintEditionsRepository, PrintEditionsService, PrintEditionsResolver, EditionPageResolver, PublicationsRepository],
  exports: [PrintEditionsRepository, PrintEditionsService],
})
export class PrintEditionsModule {}
