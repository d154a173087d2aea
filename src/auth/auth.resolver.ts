import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import { LoginResult, User } from '../users/models/user.model.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthService } from './auth.service.js';
import { LoginArgs } from './dto/login.args.js';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly authService: AuthService,
    private readonly users: UsersRepository,
  ) {}

  @Mutation(() => LoginResult, { description: 'Signs a staff member in; the token goes in `Authorization: Bearer <token>`.' })
  login(@Args() { email, password }: LoginArgs, @Context() { request }: GraphQLContext): Promise<LoginResult> {
    return this.authService.login(email, password, request.ip);
  }

  @Query(() => User, { description: 'The signed-in staff member.' })
  async me(@Context() { auth }: GraphQLContext): Promise<User> {
    const viewer = await auth.require();
    return (await this.users.findById(viewer.id))!;
  }
}
