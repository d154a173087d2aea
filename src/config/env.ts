import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { isIP } from 'node:net';
import { parseMediaStore } from '../media/store/media-store.js';
import type { MediaOptions } from './app-options.js';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  getMetadataStorage,
  validateSync,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (/^(true|1|yes)$/i.test(value) ? true : /^(false|0|no)$/i.test(value) ? false : value) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Proxies whose X-Forwarded-For is believed: none, a number of hops, or addresses and CIDR ranges. */
export type TrustedProxies = false | number | string[];

const toTrustedProxies = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (/^(false|0|no|)$/i.test(text)) return false;
  if (/^(true|yes)$/i.test(text)) return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text.split(',').map((part) => part.trim());
};

const isAddressOrRange = (entry: string) => {
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || !address || !isIP(address)) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
};

@ValidatorConstraint({ name: 'trustedProxies' })
class IsTrustedProxies implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === false) return true;
    if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 10;
    return Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'string' && isAddressOrRange(entry));
  }

  defaultMessage(args: ValidationArguments): string {
    if (args.value === true) {
      return 'TRUST_PROXY=true would believe every X-Forwarded-For hop, which any client can write: set the number of proxies in front (e.g. 1) or their addresses';
    }
    return 'TRUST_PROXY must be false, a number of proxies (1 to 10), or proxy addresses and CIDR ranges separated by commas';
  }
}

@ValidatorConstraint({ name: 'mediaStore' })
class IsMediaStore implements ValidatorConstraintInterface {
  private problem = '';

  validate(value: unknown): boolean {
    try {
      parseMediaStore(String(value));
      return true;
    } catch (error) {
      this.problem = (error as Error).message;
      return false;
    }
  }

  defaultMessage(): string {
    return `MEDIA_STORE: ${this.problem}`;
  }
}

/** Every environment variable the API reads, checked once at boot. */
export class Environment {
  /** The PostgreSQL to use; unset: an embedded PostgreSQL under DATA_DIR. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL?: string;

  /** Streaming replicas of DATABASE_URL for anonymous public reads, comma-separated. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.DATABASE_REPLICA_URLS !== undefined)
  @Matches(/^postgres(ql)?:\/\/[^\s,]+(,\s*postgres(ql)?:\/\/[^\s,]+)*$/, {
    message: 'DATABASE_REPLICA_URLS must be postgresql:// URLs, comma-separated',
  })
  DATABASE_REPLICA_URLS?: string;

  /** A replica further behind the primary than this is not read from until it catches up. */
  @Transform(toInt)
  @IsInt({ message: 'REPLICA_MAX_LAG_SECONDS must be an integer' })
  @Min(1, { message: 'REPLICA_MAX_LAG_SECONDS must be at least 1' })
  @Max(3600)
  REPLICA_MAX_LAG_SECONDS = 10;

  /** Where the embedded PostgreSQL (and its kept JWT secret) lives. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './.data';

  /** HTTP port. */
  @Transform(toInt)
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Interface to listen on. */
  @IsString()
  HOST = '0.0.0.0';

  /** Signs staff tokens; required with DATABASE_URL (every instance must share it). */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.DATABASE_URL !== undefined || env.JWT_SECRET !== undefined)
  @IsString({ message: 'JWT_SECRET is required when DATABASE_URL is set' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** How long a staff token lives, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  TOKEN_TTL_SECONDS = 8 * 3600;

  /** With ADMIN_PASSWORD: the first admin, made when there is no user yet. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address (and is required with ADMIN_PASSWORD)' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD is required with ADMIN_EMAIL' })
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  /** Load the demo data into an empty database; default true embedded, false with DATABASE_URL. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'DEMO_DATA must be true or false' })
  DEMO_DATA?: boolean;

  /** production: no GraphQL IDE, no introspection, no "did you mean" suggestions. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** The database pool size per instance. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Behind proxies: which X-Forwarded-For hops to believe (sign-in limits count per address).
   * false; a number of proxies in front; or their addresses and CIDR ranges, comma-separated.
   * Never every hop (true is refused): a client can write its own X-Forwarded-For.
   */
  @Transform(toTrustedProxies)
  @Validate(IsTrustedProxies)
  TRUST_PROXY: TrustedProxies = false;

  /** How long a client may take to send a whole request, in seconds (slow clients are cut off). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  REQUEST_TIMEOUT_SECONDS = 30;

  /** Answer anonymous reads from memory, dropped on every change (the CDN headers are sent either way). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'RESPONSE_CACHE must be true or false' })
  RESPONSE_CACHE = true;

  /** A log line for every request (otherwise only for server errors and slow requests). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'ACCESS_LOG must be true or false' })
  ACCESS_LOG = false;

  /** Where pictures are kept: `file` (under DATA_DIR/media) or `s3://bucket[/prefix]` (needed when several instances run). */
  @Validate(IsMediaStore)
  MEDIA_STORE = 'file';

  /** The largest upload accepted, in bytes (default 25 MiB). */
  @Transform(toInt)
  @IsInt({ message: 'MEDIA_MAX_BYTES must be an integer' })
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  MEDIA_MAX_BYTES = 25 * 1024 * 1024;

  /** The most pixels an upload may have (width × height; default 100 megapixels): decompression bombs are refused from their header. */
  @Transform(toInt)
  @IsInt({ message: 'MEDIA_MAX_PIXELS must be an integer' })
  @Min(1_000_000)
  @Max(268_402_689)
  MEDIA_MAX_PIXELS = 100_000_000;

  /** Where rendition URLs point (a CDN in front of /images), e.g. https://img.example.com; unset: relative `/images/...` URLs. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'MEDIA_BASE_URL must be an http(s) URL with no query' })
  MEDIA_BASE_URL?: string;

  /** The S3 endpoint of an S3-compatible store (MinIO, R2, ...); unset: AWS's own. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'AWS_ENDPOINT_URL must be an http(s) URL' })
  AWS_ENDPOINT_URL?: string;

  /** The S3 region (default us-east-1). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9-]+$/, { message: 'AWS_REGION must be a region name such as eu-west-1' })
  AWS_REGION?: string;

  /** S3 credentials; unset: the AWS SDK's default chain (instance roles, ~/.aws). Both or neither. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.AWS_ACCESS_KEY_ID !== undefined || env.AWS_SECRET_ACCESS_KEY !== undefined)
  @IsString({ message: 'AWS_ACCESS_KEY_ID is required with AWS_SECRET_ACCESS_KEY' })
  AWS_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.AWS_ACCESS_KEY_ID !== undefined || env.AWS_SECRET_ACCESS_KEY !== undefined)
  @IsString({ message: 'AWS_SECRET_ACCESS_KEY is required with AWS_ACCESS_KEY_ID' })
  AWS_SECRET_ACCESS_KEY?: string;

  /** Address buckets by path (endpoint/bucket/key), as most S3-compatible stores need. */
  @Transform(toBoolean)
  @IsBoolean({ message: 'S3_FORCE_PATH_STYLE must be true or false' })
  S3_FORCE_PATH_STYLE = false;

  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (Prometheus's `authorization` setting). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** On SIGTERM, how long readiness fails before the server stops taking connections (a load balancer's probe interval). */
  @Transform(toInt)
  @IsInt({ message: 'SHUTDOWN_DRAIN_SECONDS must be an integer' })
  @Min(0)
  @Max(120)
  SHUTDOWN_DRAIN_SECONDS = 0;

  /** Run the job queue's workers in this instance: scheduled publications and webhook deliveries. */
  @Transform(toBoolean)
  @IsBoolean({ message: 'SCHEDULER must be true or false' })
  SCHEDULER = true;

  /** How long a preview link lives, in seconds. */
  @Transform(toInt)
  @IsInt({ message: 'PREVIEW_TTL_SECONDS must be an integer' })
  @Min(1, { message: 'PREVIEW_TTL_SECONDS must be at least 1' })
  PREVIEW_TTL_SECONDS = 3600;

  /** The first retry of a failed webhook delivery waits this long; each next one twice as long, for a day. */
  @Transform(toInt)
  @IsInt({ message: 'WEBHOOK_RETRY_BASE_SECONDS must be an integer' })
  @Min(1, { message: 'WEBHOOK_RETRY_BASE_SECONDS must be at least 1' })
  WEBHOOK_RETRY_BASE_SECONDS = 10;

  /** Let webhooks reach private, loopback and link-local addresses (a receiver on the same network). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'WEBHOOKS_ALLOW_PRIVATE must be true or false' })
  WEBHOOKS_ALLOW_PRIVATE = false;
}

/** Every variable the class declares (each has a validator): read from the environment, nothing else. */
const VARIABLES: ReadonlySet<string> = new Set(
  getMetadataStorage()
    .getTargetValidationMetadatas(Environment, '', false, false)
    .map((metadata) => metadata.propertyName),
);

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Reads and checks the environment; throws an EnvironmentError listing every problem. */
export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const raw = Object.fromEntries(Object.entries(source).filter(([key]) => VARIABLES.has(key)));
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.flatMap((error) => Object.values(error.constraints ?? {}));
  // Replicas stream from a primary the API is given: the embedded PostgreSQL has none.
  if (env.DATABASE_REPLICA_URLS !== undefined && env.DATABASE_URL === undefined) problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL (their primary)');
  if (problems.length > 0) throw new EnvironmentError(problems);
  env.DEMO_DATA ??= env.DATABASE_URL === undefined;
  return env;
}

/** The pictures' options of an environment: the API and the command line read them alike. */
export function mediaOptionsOf(env: Environment): MediaOptions {
  return {
    store: {
      store: env.MEDIA_STORE,
      dataDir: env.DATA_DIR,
      s3: {
        endpoint: env.AWS_ENDPOINT_URL,
        region: env.AWS_REGION,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      },
    },
    maxBytes: env.MEDIA_MAX_BYTES,
    maxPixels: env.MEDIA_MAX_PIXELS,
    baseUrl: env.MEDIA_BASE_URL ?? '',
  };
}

/** The replicas of DATABASE_REPLICA_URLS, in order. */
export function replicaUrlsOf(env: Environment): string[] {
  return (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
}
