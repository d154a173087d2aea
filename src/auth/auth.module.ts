import { Module, type DynamicModule } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { AUTH_OPTIONS, type AuthOptions } from './auth.options.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { TokensService } from './tokens.service.js';

@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [UsersModule],
      providers: [{ provide: AUTH_OPTIONS, useValue: options }, TokensService, LoginThrottleRepository, AuthService, AuthResolver],
      exports: [AuthService, TokensService],
    };
  }
}
