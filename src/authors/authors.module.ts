import { Module } from '@nestjs/common';
import { AuthorsRepository } from './authors.repository.js';
import { AuthorsResolver } from './authors.resolver.js';
import { AuthorsService } from './authors.service.js';

@Module({
  providers: [AuthorsRepository, AuthorsService, AuthorsResolver],
  exports: [AuthorsRepository, AuthorsService],
})
export class AuthorsModule {}
