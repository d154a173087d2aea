import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory.js';
import { DEFAULT_MEDIA_OPTIONS } from '../../src/app.module.js';
import type { IntegrationOptions, MediaOptions } from '../../src/config/app-options.js';
import type { TrustedProxies } from '../../src/config/env.js';
import { TokensService } from '../../src/auth/tokens.service.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { ChangeBus } from '../../src/database/change-bus.js';
import { createTestDatabase } from '../setup/test-databases.js';
import { contractOperation } from '../../scripts/contract-operations.js';
import type { ContractOperations } from '../generated/contract.js';

export const TEST_JWT_SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

export interface GraphQLError {
  message: string;
  path?: string[];
  extensions: { code: string; fields?: { field: string; message: string }[]; [key: string]: unknown };
}

/**
 * A response as a test reads it. `data` is typed by the operation; a test asserts the
 * errors (or their absence) itself, so `data` and the fields below it are read without
 * null checks (Loose): the names are checked by the compiler, the values by the test.
 */
export interface GraphQLResponse<T = unknown> {
  status: number;
  data: Loose<T>;
  errors?: GraphQLError[];
}

export type Loose<T> = T extends readonly (infer U)[] ? Loose<U>[] : T extends object ? { [K in keyof T]-?: Loose<NonNullable<T[K]>> } : T;

export type OperationName = keyof ContractOperations;

/** The real API over HTTP on a fresh database of its own; no module of ours is mocked. */
export class TestApi {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly url: string,
    readonly prisma: PrismaService,
    private readonly dropDatabase: () => Promise<void>,
    readonly databaseUrl: string,
    /** The folder of this API's file media store (when it has one). */
    readonly dataDir: string,
  ) {}

  static async start(
    options: {
      production?: boolean;
      tokenTtlSeconds?: number;
      trustProxy?: TrustedProxies;
      requestTimeoutMs?: number;
      responseCache?: boolean;
      /** Pictures: by default a file store in a folder of this API's own, removed on close. */
      media?: Partial<MediaOptions>;
      metricsToken?: string;
      /** Previews and webhooks (e.g. a short preview link life). */
      integration?: Partial<IntegrationOptions>;
      /** Run the job queue's workers (webhook deliveries, scheduled publications), polling often. */
      workers?: boolean;
      /** Another instance of the API on this (existing) database, e.g. another TestApi's `databaseUrl`; left as it is on close. */
      databaseUrl?: string;
      /** Streaming replicas of that database for anonymous public reads. */
      replicaUrls?: string[];
      replicaMaxLagSeconds?: number;
    } = {},
  ): Promise<TestApi> {
    const database = options.databaseUrl ? { url: options.databaseUrl, drop: () => Promise.resolve() } : await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-api-'));
    const app = await createApp({
      databaseUrl: database.url,
      databasePoolSize: 10,
      databaseReplicaUrls: options.replicaUrls,
      replicaMaxLagSeconds: options.replicaMaxLagSeconds,
      production: options.production ?? false,
      countStatements: true,
      logger: false,
      jwtSecret: TEST_JWT_SECRET,
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
      // Tests run the scheduler's work themselves, when they choose, unless they want the workers.
      scheduler: options.workers ?? false,
      jobs: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
      trustProxy: options.trustProxy,
      requestTimeoutMs: options.requestTimeoutMs,
      // Off unless a test is about it: most tests write fixtures straight to the database and
      // read them back at once, before this instance has heard of the change.
      responseCache: options.responseCache ?? false,
      media: { ...DEFAULT_MEDIA_OPTIONS, store: { store: 'file', dataDir }, ...options.media },
      metricsToken: options.metricsToken,
      integration: options.integration,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return new TestApi(app, `${await app.getUrl()}`, app.get(PrismaService), database.drop, database.url, dataDir);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.dropDatabase();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** POSTs a document to /graphql; `T` is what its data holds. */
  async graphql<T = unknown>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse<T>> {
    const response = await this.request('POST', '/graphql', JSON.stringify({ query, variables }), {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    });
    return { status: response.status, ...(JSON.parse(response.body) as Omit<GraphQLResponse<T>, 'status'>) };
  }

  /** A plain HTTP request; a socket of its own (no keep-alive to outlive the test). */
  request(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${this.url}${path}`, { method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Sends one operation of the contract, as written; its data typed as the contract says. */
  operation<N extends OperationName>(
    name: N,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GraphQLResponse<ContractOperations[N]['result']>> {
    return this.graphql<ContractOperations[N]['result']>(contractOperation(name), variables, token);
  }

  /** A valid bearer token for a user, as login would issue (no password, no rate limit). */
  async tokenFor(userId: string): Promise<string> {
    const { sessionEpoch } = await this.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionEpoch: true } });
    return (await this.app.get(TokensService).issue(userId, sessionEpoch)).token;
  }

  /** Waits until this instance has heard of every change committed so far (fixtures written straight to the database). */
  async settle(): Promise<void> {
    await this.app.get(ChangeBus).heardAllCommitted();
  }

  /** How many SQL statements `work` caused. */
  async countStatements(work: () => Promise<unknown>): Promise<number> {
    return (await this.statementsOf(work)).length;
  }

  /** The SQL statements `work` sends (the last 100 at most). */
  async statementsOf(work: () => Promise<unknown>): Promise<string[]> {
    const before = this.prisma.statementCount;
    await work();
    const count = this.prisma.statementCount - before;
    return count === 0 ? [] : this.prisma.statements.slice(-count);
  }
}
