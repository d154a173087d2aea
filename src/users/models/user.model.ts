import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../common/scalars/date-time.scalar.js';
import type { StaffRole } from '../../auth/domain/roles.js';
import { StaffRoleEnum } from '../../auth/models/staff-role.model.js';
import { Publication } from '../../publications/models/publication.model.js';

@ObjectType({ description: "A staff member's role in one publication." })
export class Membership {
  @Field(() => StaffRoleEnum)
  role: StaffRole;

  @Field(() => Publication)
  publication: Publication;
}

@ObjectType({ description: 'A member of staff. Never reachable by the public.' })
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  name: string;

  @Field()
  isAdmin: boolean;

  @Field()
  disabled: boolean;
}

@ObjectType()
export class LoginResult {
  @Field()
  token: string;

  @Field(() => DateTimeScalar)
  expiresAt: Date;

  @Field(() => User)
  user: User;
}
