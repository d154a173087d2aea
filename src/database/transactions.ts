import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from './prisma.service.js';
import { mayReadFromReplica } from './read-scope.js';
import { ReplicaSet } from './replica-set.js';

export interface TransactionOptions {
  /** How long the whole transaction may take, in milliseconds (Prisma's default is 5 s). */
  timeout?: number;
}

/**
 * The unit of work of the services. A service opens one with `withTransaction`; every
 * repository call made inside it, however deep, joins it through `tx` (carried in
 * AsyncLocalStorage), and a nested `withTransaction` joins the one already open. Outside
 * one, `tx` is the plain client. Repositories never open transactions themselves.
 *
 * Written by hand because the kept library for this (@nestjs-cls/transactional with its
 * Prisma adapter) is CommonJS that require()s @nestjs/common, which Nest 12 ships only as
 * ES modules: Node 20 loads that, but the test runner cannot before Node 24.9.
 */
@Injectable()
export class TransactionHost {
  private readonly current = new AsyncLocalStorage<Prisma.TransactionClient>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly replicas: ReplicaSet,
  ) {}

  /**
   * The open transaction's client; outside one, a replica's for an anonymous public read
   * when one is usable (read-scope.ts, replica-set.ts), the primary's otherwise.
   */
  get tx(): Prisma.TransactionClient {
    return this.current.getStore() ?? (mayReadFromReplica() ? this.replicas.reader() : null) ?? this.prisma;
  }

  withTransaction<T>(work: () => Promise<T>): Promise<T>;
  withTransaction<T>(options: TransactionOptions, work: () => Promise<T>): Promise<T>;
  withTransaction<T>(first: TransactionOptions | (() => Promise<T>), second?: () => Promise<T>): Promise<T> {
    const [options, work] = typeof first === 'function' ? [{}, first] : [first, second!];
    if (this.current.getStore()) return work();
    return this.prisma.$transaction((tx) => this.current.run(tx, work), options);
  }
}
