import { Module, type DynamicModule } from '@nestjs/common';
import type { MediaStoreConfig } from '../media/store/media-store.js';

// What the running API was started with, for the modules that need it. Provided once, by
// the root module, to all: the one global module of the API (options only, no behaviour),
// so that feature modules stay plain imports of each other.

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');
export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export const SCHEDULER_OPTIONS = Symbol('SCHEDULER_OPTIONS');
export const RESPONSE_CACHE_OPTIONS = Symbol('RESPONSE_CACHE_OPTIONS');
export const MEDIA_OPTIONS = Symbol('MEDIA_OPTIONS');
export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');
export const INTEGRATION_OPTIONS = Symbol('INTEGRATION_OPTIONS');

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  /** Count SQL statements (tests and benchmarks read `statementCount`). */
  countStatements?: boolean;
  /** Streaming replicas for anonymous public reads (ReplicaSet). */
  replicaUrls?: string[];
  /** A replica further behind than this is skipped until it catches up. */
  maxReplicaLagSeconds?: number;
}

export interface AuthOptions {
  jwtSecret: string;
  tokenTtlSeconds: number;
}

export interface SchedulerOptions {
  /** Run the job queue's workers in this instance (scheduled publications, webhook deliveries). */
  enabled: boolean;
  /** How often an idle worker asks the queue for work, in seconds (at least 0.5). */
  pollingIntervalSeconds: number;
  /** How often the queue's upkeep runs (a job whose worker died is retried), in seconds. */
  maintenanceIntervalSeconds: number;
}

export interface ResponseCacheOptions {
  /** Answer anonymous reads from memory (the headers for a CDN are sent either way). */
  enabled: boolean;
}

export interface MediaOptions {
  /** Where originals and renditions are kept (src/media/store). */
  store: MediaStoreConfig;
  /** The largest upload, in bytes. */
  maxBytes: number;
  /** The most pixels an upload may have. */
  maxPixels: number;
  /** Prefix of rendition URLs (a CDN); empty: relative `/images/...`. */
  baseUrl: string;
}

export interface MetricsOptions {
  /** When set, /metrics wants it as a bearer token. */
  token?: string;
}

export interface IntegrationOptions {
  /** How long a preview link lives, in seconds. */
  previewTtlSeconds: number;
  /** The first retry of a failed webhook delivery waits this long, each next one twice as long. */
  webhookRetryBaseSeconds: number;
  /** Webhooks may reach private, loopback and link-local addresses. */
  webhooksAllowPrivate: boolean;
}

export interface AppOptions {
  database: DatabaseOptions;
  auth: AuthOptions;
  scheduler: SchedulerOptions;
  responseCache: ResponseCacheOptions;
  media: MediaOptions;
  metrics: MetricsOptions;
  integration: IntegrationOptions;
}

@Module({})
export class AppOptionsModule {
  static forRoot(options: AppOptions): DynamicModule {
    const providers = [
      { provide: DATABASE_OPTIONS, useValue: options.database },
      { provide: AUTH_OPTIONS, useValue: options.auth },
      { provide: SCHEDULER_OPTIONS, useValue: options.scheduler },
      { provide: RESPONSE_CACHE_OPTIONS, useValue: options.responseCache },
      { provide: MEDIA_OPTIONS, useValue: options.media },
      { provide: METRICS_OPTIONS, useValue: options.metrics },
      { provide: INTEGRATION_OPTIONS, useValue: options.integration },
    ];
    return { module: AppOptionsModule, global: true, providers, exports: providers.map((p) => p.provide) };
  }
}
