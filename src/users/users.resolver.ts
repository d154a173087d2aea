import { Args, Context, ID, Info, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { StaffRole } from '../auth/domain/roles.js';
import { StaffRoleEnum } from '../auth/models/staff-role.model.js';
import { ParseIdPipe } from '../common/validation/parse-id.pipe.js';
import type { GraphQLContext } from '../graphql/graphql-context.js';
import type { Publication } from '../publications/models/publication.model.js';
import { PublicationLoaders } from '../publications/publications.loaders.js';
import { CreateUserInput, UpdateUserInput } from './dto/create-user.input.js';
import { Membership, User } from './models/user.model.js';
import { UserLoaders } from './users.loaders.js';
import { UsersService } from './users.service.js';

@Resolver(() => User)
export class UsersResolver {
  constructor(
    private readonly usersService: UsersService,
    private readonly userLoaders: UserLoaders,
    private readonly publicationLoaders: PublicationLoaders,
  ) {}

  @Mutation(() => User, { description: 'Admins only.' })
  async createUser(@Args('input') input: CreateUserInput, @Context() { auth }: GraphQLContext): Promise<User> {
    return this.usersService.create(await auth.require(), input);
  }

  @Mutation(() => User, { description: 'Admins only; an admin cannot change their own admin flag or disable themselves.' })
  async updateUser(
    @Args('id', { type: () => ID }, ParseIdPipe) id: string,
    @Args('input') input: UpdateUserInput,
    @Context() { auth }: GraphQLContext,
  ): Promise<User> {
    return this.usersService.update(await auth.require(), id, input);
  }

  @Mutation(() => User, { description: 'Grants or changes a role in a publication; a null role removes it. Admins only.' })
  async setMembership(
    @Args('userId', { type: () => ID }, ParseIdPipe) userId: string,
    @Args('publicationId', { type: () => ID }, ParseIdPipe) publicationId: string,
    @Args('role', { type: () => StaffRoleEnum, nullable: true }) role: StaffRole | null,
    @Context() { auth }: GraphQLContext,
  ): Promise<User> {
    return this.usersService.setMembership(await auth.require(), userId, publicationId, role ?? null);
  }

  @ResolveField(() => [Membership])
  async memberships(@Parent() user: User, @Context() { loaders, budget }: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Membership[]> {
    const memberships = budget.list(await loaders.of(this.userLoaders).memberships.load(user.id), info);
    const publications = await loaders.of(this.publicationLoaders).publication.loadMany(memberships.map((m) => m.publicationId));
    return memberships.map((m, i) => ({ role: m.role, publication: publications[i] as Publication }));
  }
}
