import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { PublicationsModule } from '../publications/publications.module.js';
import { DeskAnnouncerModule } from '../desk/desk-announcer.module.js';
import { SessionsResolver } from './sessions.resolver.js';
import { UserLoaders } from './users.loaders.js';
import { UsersRepository } from './users.repository.js';
import { UsersResolver } from './users.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [DatabaseModule, AuthModule, PublicationsModule, DeskAnnouncerModule],
  providers: [UsersRepository, UsersService, UsersResolver, SessionsResolver, UserLoaders],
  exports: [UsersService, UserLoaders],
})
export class UsersModule {}
