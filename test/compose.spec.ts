import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { Ajv, type ErrorObject } from 'ajv';
import { getMetadataStorage } from 'class-validator';
import { parse } from 'yaml';
import { Environment, loadEnvironment } from '../src/config/env.js';

// docker-compose.yml (the production shape) checked without a Docker engine: against the
// Compose Specification's JSON schema (the copy dclint ships, kept current with the spec),
// interpolated as Compose does, and for the facts the deployment depends on (docs/deploying.md).

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const caddyfile = readFileSync(join(root, 'deploy', 'Caddyfile'), 'utf8');

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  networks?: string[] | Record<string, unknown>;
  volumes?: (string | { type?: string; source?: string; target: string })[];
  healthcheck?: { test?: string | string[] };
  stop_grace_period?: string;
}
interface ComposeFile {
  services: Record<string, Service>;
  networks?: Record<string, { ipam?: { config?: { subnet?: string }[] } } | null>;
  volumes?: Record<string, unknown>;
}

// Compose reads YAML 1.1 merge keys (`<<: *anchor`), which the file uses for what both API instances share.
const composeFile = parse(composeText, { merge: true }) as ComposeFile;

/** What the test sets in the environment of `docker compose up` (the variables the file asks for). */
const TEST_VALUES: Record<string, string> = { JWT_SECRET: 'a-test-secret-of-more-than-32-characters' };

/**
 * Compose's interpolation of one value: $$ is a dollar; ${VAR}, $VAR; ${VAR:-default} (unset or
 * empty), ${VAR-default} (unset); ${VAR:?error}, ${VAR?error} (required); ${VAR:+other}, ${VAR+other}.
 * Anything else after a $ is an error, as with Compose (a shell variable that needed $$).
 */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$(\$|\{[^}]*\}?|[A-Za-z_][A-Za-z0-9_]*)?/g, (whole: string, body: string | undefined) => {
    if (body === '$') return '$';
    if (body === undefined) throw new Error(`a lone $ in ${JSON.stringify(text)} (write $$ for a dollar)`);
    if (!body.startsWith('{')) return vars[body] ?? '';
    const match = /^\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])(.*))?\}$/s.exec(body);
    if (!match) throw new Error(`invalid interpolation ${whole} in ${JSON.stringify(text)}`);
    const [, name, colon, operator, argument = ''] = match;
    const value = vars[name];
    const set = colon ? value !== undefined && value !== '' : value !== undefined;
    if (operator === undefined) return value ?? '';
    if (operator === '-') return set ? value : argument;
    if (operator === '+') return set ? argument : '';
    if (!set) throw new Error(`required variable ${name} is missing a value: ${argument}`);
    return value;
  });
}

/** The whole file as Compose sees it once the variables are in (values only; keys are not interpolated). */
function interpolated<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === 'string') return interpolate(value, vars) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => interpolated(item, vars)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolated(item as unknown, vars)])) as T;
  }
  return value;
}

/** A service's environment as the container gets it: every value a string. */
function environmentOf(service: Service): Record<string, string> {
  const entries = Array.isArray(service.environment)
    ? service.environment.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)])
    : Object.entries(service.environment ?? {}).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries) as Record<string, string>;
}

const namesOf = (list: string[] | Record<string, unknown> | undefined) => (Array.isArray(list) ? list : Object.keys(list ?? {}));
const hostOf = (url: string) => new URL(url).hostname;

/** The Compose Specification's schema, as dclint ships it (the package exports no path to it: found beside its package.json). */
function composeSchema(): object {
  const packageJson = createRequire(import.meta.url).resolve('dclint/package.json');
  const schema = JSON.parse(readFileSync(join(dirname(packageJson), 'schemas', 'compose.schema.json'), 'utf8')) as Record<string, unknown>;
  // Its $schema names draft-07 by an https address Ajv does not know; Ajv's default is draft-07.
  delete schema.$schema;
  return schema;
}

const validateCompose = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false }).compile(composeSchema());
const schemaErrors = (document: unknown) =>
  validateCompose(document)
    ? []
    : (validateCompose.errors ?? []).map((error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);

const resolved = interpolated(composeFile, TEST_VALUES);
const services = resolved.services;
/** The API instances: the services built from this repository's Dockerfile. */
const apiNames = Object.keys(services).filter((name) => services[name].build !== undefined);
const apiEnvironments = apiNames.map((name) => [name, environmentOf(services[name])] as const);

/** The variables src/config/env.ts declares (each has a validator), as loadEnvironment reads them. */
const declaredVariables = new Set(
  getMetadataStorage()
    .getTargetValidationMetadatas(Environment, '', false, false)
    .map((metadata) => metadata.propertyName),
);

/** The Caddyfile without its comments. */
const caddyDirectives = caddyfile
  .split('\n')
  .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
  .filter((line) => line !== '');

describe('docker-compose.yml against the Compose Specification', () => {
  it('is valid as written', () => {
    expect(schemaErrors(parse(composeText, { merge: true }))).toEqual([]);
  });

  it('is valid once interpolated, and every $ in it is an interpolation Compose accepts', () => {
    expect(schemaErrors(resolved)).toEqual([]);
  });

  it('requires JWT_SECRET from the environment, and nothing else', () => {
    expect(() => interpolated(composeFile, {})).toThrow(/JWT_SECRET/);
    expect(() => interpolated(composeFile, TEST_VALUES)).not.toThrow();
  });

  it('gives every service an image or a build, with the images the deployment is made of', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, Boolean(service.image ?? service.build)]).toEqual([name, true]);
    }
    const images = Object.fromEntries(Object.entries(services).map(([name, service]) => [name, service.image ?? `build ${JSON.stringify(service.build)}`]));
    expect(images).toEqual({
      postgres: 'postgres:17',
      'postgres-replica': 'postgres:17',
      minio: 'minio/minio',
      'media-bucket': 'minio/mc',
      'api-1': 'build "."',
      'api-2': 'build "."',
      proxy: 'caddy:2',
    });
  });

  it('mounts only files that are in the repository', () => {
    const sources = Object.values(services).flatMap((service) =>
      (service.volumes ?? [])
        .map((volume) => (typeof volume === 'string' ? volume.split(':')[0] : (volume.source ?? '')))
        .filter((source) => source.startsWith('.')),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect([source, existsSync(join(root, source))]).toEqual([source, true]);
  });
});

describe('the API instances', () => {
  it('are two, built from the Dockerfile', () => {
    expect(apiNames).toEqual(['api-1', 'api-2']);
    for (const name of apiNames) expect(services[name].build).toBe('.');
    expect(existsSync(join(root, 'Dockerfile'))).toBe(true);
  });

  it.each(apiNames)('%s sets only variables src/config/env.ts declares, and loadEnvironment takes them', (name) => {
    const environment = environmentOf(services[name]);
    expect(Object.keys(environment).filter((variable) => !declaredVariables.has(variable))).toEqual([]);
    expect(() => loadEnvironment(environment)).not.toThrow();
    // The first-start variables too, as an operator would set them.
    const firstStart = environmentOf(
      interpolated(composeFile, { ...TEST_VALUES, DEMO_DATA: 'true', ADMIN_EMAIL: 'admin@newsroom.test', ADMIN_PASSWORD: 'a-long-password' }).services[name],
    );
    expect(() => loadEnvironment(firstStart)).not.toThrow();
  });

  it.each(apiNames)('%s writes to the primary and reads public pages from the replica', (name) => {
    const environment = environmentOf(services[name]);
    const primary = hostOf(environment.DATABASE_URL);
    expect(primary).toBe('postgres');
    const replicas = environment.DATABASE_REPLICA_URLS.split(',').map((url) => hostOf(url.trim()));
    expect(replicas).toEqual(['postgres-replica']);
    for (const replica of replicas) {
      expect(services[replica].image).toBe(services[primary].image);
      expect(namesOf(services[replica].depends_on)).toContain(primary);
      // Same database and role as the primary (a replica is its copy).
      const [primaryUrl, replicaUrl] = [new URL(environment.DATABASE_URL), new URL(environment.DATABASE_REPLICA_URLS)];
      expect([replicaUrl.username, replicaUrl.password, replicaUrl.pathname]).toEqual([primaryUrl.username, primaryUrl.password, primaryUrl.pathname]);
    }
    expect(Number(environment.REPLICA_MAX_LAG_SECONDS)).toBeGreaterThan(0);
    expect(namesOf(services[name].depends_on)).toEqual(expect.arrayContaining([primary, ...replicas]));
  });

  it.each(apiNames)('%s keeps pictures in the object store, in the bucket the one-shot service makes', (name) => {
    const environment = environmentOf(services[name]);
    expect(environment.MEDIA_STORE).toBe('s3://newsroom-media/pictures');
    const bucket = new URL(environment.MEDIA_STORE).hostname;
    expect(hostOf(environment.AWS_ENDPOINT_URL)).toBe('minio');
    expect(environment.AWS_REGION).toMatch(/^[a-z0-9-]+$/);
    expect(environment.S3_FORCE_PATH_STYLE).toBe('true');
    const minio = environmentOf(services.minio);
    expect([environment.AWS_ACCESS_KEY_ID, environment.AWS_SECRET_ACCESS_KEY]).toEqual([minio.MINIO_ROOT_USER, minio.MINIO_ROOT_PASSWORD]);
    expect(services['media-bucket'].command).toEqual(['mb', '--ignore-existing', `store/${bucket}`]);
    expect(environmentOf(services['media-bucket']).MC_HOST_store).toBe(`http://${minio.MINIO_ROOT_USER}:${minio.MINIO_ROOT_PASSWORD}@minio:9000`);
    expect(services[name].depends_on).toMatchObject({ 'media-bucket': { condition: 'service_completed_successfully' } });
  });

  it.each(apiNames)('%s believes X-Forwarded-For from the proxy network only, drains, runs the workers and reports readiness', (name) => {
    const environment = environmentOf(services[name]);
    const edge = namesOf(services.proxy.networks);
    expect(edge).toHaveLength(1);
    expect(namesOf(services[name].networks)).toContain(edge[0]);
    expect(environment.TRUST_PROXY).toBe(resolved.networks?.[edge[0]]?.ipam?.config?.[0]?.subnet);

    const healthInterval = Number(/^health_interval (\d+)s$/m.exec(caddyDirectives.join('\n'))?.[1]);
    const drain = Number(environment.SHUTDOWN_DRAIN_SECONDS);
    expect(drain).toBeGreaterThanOrEqual(healthInterval);
    // Docker kills the process after stop_grace_period: the API's own deadline (drain, requests
    // in flight within REQUEST_TIMEOUT_SECONDS, 15 s to close: src/main.ts) must come first.
    const requestTimeout = loadEnvironment(environment).REQUEST_TIMEOUT_SECONDS;
    expect(Number(/^(\d+)s$/.exec(services[name].stop_grace_period ?? '')?.[1])).toBeGreaterThan(drain + requestTimeout + 15);

    expect(environment.SCHEDULER).toBe('true');
    expect(environment.NODE_ENV).toBe('production');
    expect(String(services[name].healthcheck?.test)).toContain('/health/ready');
  });

  it('differ only in the first-start data, which api-1 alone loads', () => {
    const [first, second] = apiEnvironments.map(([, environment]) => environment);
    const firstStart = ['DEMO_DATA', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'];
    expect(Object.keys(second).filter((variable) => firstStart.includes(variable))).toEqual([]);
    expect(Object.fromEntries(Object.entries(first).filter(([variable]) => !firstStart.includes(variable)))).toEqual(second);
  });
});

describe('the reverse proxy (deploy/Caddyfile)', () => {
  const proxyLine = caddyDirectives.find((line) => line.startsWith('reverse_proxy '));

  it('is the only published service, with the Caddyfile mounted', () => {
    const published = Object.entries(services)
      .filter(([, service]) => 'ports' in service)
      .map(([name]) => name);
    expect(published).toEqual(['proxy']);
    expect(services.proxy.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
  });

  it('load-balances both API instances, each checked on /health/ready', () => {
    expect(
      proxyLine
        ?.replace(/\s*\{$/, '')
        .split(/\s+/)
        .slice(1)
        .sort(),
    ).toEqual(apiNames.map((name) => `${name}:3000`));
    expect(caddyDirectives).toContain('health_uri /health/ready');
    expect(caddyDirectives).toContain('lb_policy least_conn');
  });

  it('upgrades WebSockets and passes X-Forwarded-For (nothing removes them, nothing forces HTTP/2 upstream)', () => {
    // Caddy's reverse_proxy passes Upgrade/Connection and the X-Forwarded-* headers unless told otherwise.
    const removed = caddyDirectives.filter((line) => /^header_up\s+-(upgrade|connection|x-forwarded-for)\b/i.test(line));
    expect(removed).toEqual([]);
    expect(caddyDirectives.filter((line) => /^versions\b/.test(line) && !/\b1\.1\b/.test(line))).toEqual([]);
    expect(caddyDirectives.some((line) => line.startsWith('stream_close_delay '))).toBe(true);
  });

  it('keeps /metrics off the public side', () => {
    expect(caddyDirectives).toContain('respond /metrics 404');
  });
});
