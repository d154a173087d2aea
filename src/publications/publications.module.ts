import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { PublicationLoaders } from './publications.loaders.js';
import { PublicationsRepository } from './publications.repository.js';
import { MastheadResolver, PublicationsResolver } from './publications.resolver.js';
import { PublicationsService } from './publications.service.js';

@Module({
  imports: [DatabaseModule],
  providers: [PublicationsRepository, PublicationsService, PublicationsResolver, MastheadResolver, PublicationLoaders],
  exports: [PublicationsService, PublicationLoaders],
})
export class PublicationsModule {}
