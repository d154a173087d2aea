import { Module } from '@nestjs/common';
import { AuthorsModule } from '../authors/authors.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { PublicationsModule } from '../publications/publications.module.js';
import { UsersModule } from '../users/users.module.js';
import { PrintEditionsModule } from '../print-editions/print-editions.module.js';
import { RequestLoadersFactory } from './request-loaders.js';

@Module({
  imports: [SectionsModule, AuthorsModule, UsersModule, PublicationsModule, PrintEditionsModule],
  providers: [RequestLoadersFactory],
  exports: [RequestLoadersFactory],
})
export class LoadersModule {}
