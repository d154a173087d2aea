import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthService } from '../auth/auth.service.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { LoginArgs } from './dto/login.args.js';
import { LoginResult, User } from './models/user.model.js';
import { UsersService } from './users.service.js';

/** Signing in and the signed-in member of staff: the auth module's work, answered as users. */
@Resolver()
export class SessionsResolver {
  constructor(
    private readonly authService: AuthService,
    private readonly usersService: UsersService,
  ) {}

  @Mutation(() => LoginResult, { description: 'Signs a staff member in; the token goes in `Authorization: Bearer <token>`.' })
  async login(@Args() { email, password }: LoginArgs, @Context() { request }: GraphQLContext): Promise<LoginResult> {
    const { token, expiresAt, account } = await this.authService.login(email, password, request.ip);
    return { token, expiresAt, user: account };
  }

  @Query(() => User, { description: 'The signed-in staff member.' })
  async me(@Context() { auth }: GraphQLContext): Promise<User> {
    return this.usersService.me(await auth.require());
  }
}
