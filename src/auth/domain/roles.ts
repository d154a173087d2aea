// The roles a member of staff may hold in one publication (a membership);
// an admin is not a role but a flag that may do everything.
export const STAFF_ROLES = ['CONTRIBUTOR', 'COPY_EDITOR', 'EDITOR', 'PRODUCTION'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
