import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { StaffRole } from '../auth/domain/roles.js';
import { byKey, groupBy, type LoaderSet } from '../graphql/request-loaders.js';
import type { User } from './models/user.model.js';
import { UsersRepository } from './users.repository.js';

export interface UserLoaderSet {
  user: DataLoader<string, User | null>;
  memberships: DataLoader<string, { role: StaffRole; publicationId: string; userId: string }[]>;
}

@Injectable()
export class UserLoaders implements LoaderSet<UserLoaderSet> {
  constructor(private readonly users: UsersRepository) {}

  create(): UserLoaderSet {
    return {
      user: new DataLoader(async (ids) => byKey(ids, await this.users.findByIds(ids), (u) => u.id)),
      memberships: new DataLoader(async (ids) => groupBy(ids, await this.users.membershipsOf(ids), (m) => m.userId)),
    };
  }
}
