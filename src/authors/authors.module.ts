import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { AuthorsRepository } from './authors.repository.js';
import { AuthorsResolver } from './authors.resolver.js';
import { AuthorsService } from './authors.service.js';

@Module({
  imports: [ArticlesModule],
  providers: [AuthorsRepository, AuthorsService, AuthorsResolver],
  exports: [AuthorsRepository, AuthorsService],
})
export class AuthorsModule {}
