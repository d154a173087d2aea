import type { StaffRole } from './roles.js';

// Who may do what outside the article workflow (which article-workflow.ts decides): the
// roles of a publication that may take each action there. An admin may do
// everything; actions not listed (publications, users, memberships) are for admins only.
export const PERMISSIONS = {
  readDesk: ['CONTRIBUTOR', 'COPY_EDITOR', 'EDITOR', 'PRODUCTION'],
  createArticle: ['CONTRIBUTOR', 'COPY_EDITOR', 'EDITOR'],
  addCorrection: ['EDITOR'],
  manageSections: ['EDITOR'],
  // Authors write for the whole group: an editor of any publication manages them.
  manageAuthors: ['EDITOR'],
  managePrintEditions: ['PRODUCTION', 'EDITOR'],
  // Pictures: every member uploads and uses the library; editors change and delete any of
  // it (an uploader may still change or delete their own while no story uses it).
  useImages: ['CONTRIBUTOR', 'COPY_EDITOR', 'EDITOR', 'PRODUCTION'],
  manageImages: ['EDITOR'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleMay(role: StaffRole | null | undefined, permission: Permission): boolean {
  return role != null && (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}
