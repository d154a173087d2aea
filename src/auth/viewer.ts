import type { StaffRole } from './domain/roles.js';
import { forbidden, unauthenticated } from '../common/errors/domain-error.js';
import { roleMay, type Permission } from './domain/permissions.js';

/** A signed-in staff member as loaded for this request (so a change applies at once). */
export interface Viewer {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  /** publicationId → role */
  roles: ReadonlyMap<string, StaffRole>;
  /** Tokens of another session epoch are refused (a reset or disabling moves it on). */
  sessionEpoch: number;
}

export function roleIn(viewer: Viewer, publicationId: string): StaffRole | null {
  return viewer.roles.get(publicationId) ?? null;
}

/** Throws FORBIDDEN unless the viewer is an admin or holds a role of `permission` in the publication. */
export function assertMay(viewer: Viewer, permission: Permission, publicationId: string): void {
  if (viewer.isAdmin) return;
  if (!viewer.roles.has(publicationId)) throw forbidden('You are not a member of this publication');
  if (!roleMay(roleIn(viewer, publicationId), permission)) throw forbidden();
}

/** Throws FORBIDDEN unless the viewer may take `permission` in at least one publication. */
export function assertMayAnywhere(viewer: Viewer, permission: Permission): void {
  if (viewer.isAdmin) return;
  if (![...viewer.roles.values()].some((role) => roleMay(role, permission))) throw forbidden();
}

export function assertAdmin(viewer: Viewer): void {
  if (!viewer.isAdmin) throw forbidden('Only an admin may do this');
}

/** The viewer of one request, resolved from its bearer token on first use. */
export class RequestAuth {
  private resolved?: Promise<Viewer | null>;

  constructor(private readonly resolve: () => Promise<Viewer | null>) {}

  /** The viewer, or null for an anonymous request; UNAUTHENTICATED for a bad token. */
  optional(): Promise<Viewer | null> {
    this.resolved ??= this.resolve();
    return this.resolved;
  }

  async require(): Promise<Viewer> {
    const viewer = await this.optional();
    if (!viewer) throw unauthenticated();
    return viewer;
  }
}
