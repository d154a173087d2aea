import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { TokensService } from './tokens.service.js';

/** Signing in, tokens and the viewer of a request. Its GraphQL fields (login, me) return users: the users module adds them. */
@Module({
  imports: [DatabaseModule],
  providers: [TokensService, AuthRepository, LoginThrottleRepository, AuthService],
  exports: [AuthService],
})
export class AuthModule {}
