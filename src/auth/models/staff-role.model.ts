import { registerEnumType } from '@nestjs/graphql';
import { STAFF_ROLES, type StaffRole } from '../domain/roles.js';

export const StaffRoleEnum = Object.fromEntries(STAFF_ROLES.map((role) => [role, role])) as { [R in StaffRole]: R };
registerEnumType(StaffRoleEnum, { name: 'StaffRole', description: "A staff member's role in one publication." });
