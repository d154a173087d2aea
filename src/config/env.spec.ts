import { describe, expect, it } from '@jest/globals';
import { EnvironmentError, loadEnvironment, replicaUrlsOf } from './env.js';

describe('loadEnvironment', () => {
  it('defaults to the embedded PostgreSQL with demo data', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({ DATA_DIR: './.data', PORT: 3000, DEMO_DATA: true, NODE_ENV: 'development' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('needs a JWT secret with DATABASE_URL, and then loads no demo data by default', () => {
    expect(() => loadEnvironment({ DATABASE_URL: 'postgresql://db/x' })).toThrow(/JWT_SECRET is required/);
    const env = loadEnvironment({ DATABASE_URL: 'postgresql://db/x', JWT_SECRET: 's'.repeat(32) });
    expect(env.DEMO_DATA).toBe(false);
  });

  it('lists every problem at once', () => {
    try {
      loadEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO_DATA: 'maybe', ADMIN_EMAIL: 'root@x.test' });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      const problems = (error as EnvironmentError).problems.join('\n');
      for (const word of ['PORT', 'DATABASE_URL', 'DEMO_DATA', 'ADMIN_PASSWORD', 'JWT_SECRET']) expect(problems).toContain(word);
    }
  });

  it('reads every variable the class declares, and nothing else', () => {
    const env = loadEnvironment({ REQUEST_TIMEOUT_SECONDS: '5', SCHEDULER: 'false', DATABASE_POOL_SIZE: '3', HOME: '/root' });
    expect(env).toMatchObject({ REQUEST_TIMEOUT_SECONDS: 5, SCHEDULER: false, DATABASE_POOL_SIZE: 3 });
    expect(env).not.toHaveProperty('HOME');
  });

  it('reads booleans and numbers from their text', () => {
    expect(loadEnvironment({ DEMO_DATA: 'false', PORT: '8080' })).toMatchObject({ DEMO_DATA: false, PORT: 8080 });
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 192.168.1.0/24,::1', ['10.0.0.0/8', '192.168.1.0/24', '::1']],
  ])('reads %s as %j', (value, expected) => {
    expect(loadEnvironment(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it('refuses true at boot: every hop would be believed', () => {
    expect(() => loadEnvironment({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true would believe every X-Forwarded-For hop/);
  });

  it.each(['everything', '10.0.0.0/33', '11', '10.0.0.1,', 'loopback'])('refuses %s at boot, saying what it takes', (value) => {
    expect(() => loadEnvironment({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY must be false, a number of proxies/);
  });
});

describe('pictures', () => {
  it('keeps them in the filesystem by default, 25 MiB and 100 megapixels at most', () => {
    expect(loadEnvironment({})).toMatchObject({
      MEDIA_STORE: 'file',
      MEDIA_MAX_BYTES: 25 * 1024 * 1024,
      MEDIA_MAX_PIXELS: 100_000_000,
      S3_FORCE_PATH_STYLE: false,
    });
  });

  it('takes an S3 bucket with a prefix and its connection', () => {
    const env = loadEnvironment({
      MEDIA_STORE: 's3://newsroom-media/daily',
      AWS_ENDPOINT_URL: 'http://minio:9000',
      AWS_ACCESS_KEY_ID: 'id',
      AWS_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
      MEDIA_BASE_URL: 'https://img.example.com',
    });
    expect(env).toMatchObject({ MEDIA_STORE: 's3://newsroom-media/daily', AWS_ENDPOINT_URL: 'http://minio:9000', S3_FORCE_PATH_STYLE: true });
  });

  it('refuses a bad store, limit, URL or half a key pair at boot, naming each', () => {
    let problems = '';
    try {
      loadEnvironment({ MEDIA_STORE: 'ftp://x', MEDIA_MAX_BYTES: 'lots', MEDIA_BASE_URL: 'img.example.com', AWS_ACCESS_KEY_ID: 'id' });
    } catch (error) {
      problems = (error as Error).message;
    }
    for (const word of ['MEDIA_STORE', 'MEDIA_MAX_BYTES', 'MEDIA_BASE_URL', 'AWS_SECRET_ACCESS_KEY']) expect(problems).toContain(word);
  });
});

describe('read replicas', () => {
  const primary = { DATABASE_URL: 'postgresql://db/x', JWT_SECRET: 's'.repeat(32) };

  it('reads none by default, and the comma-separated URLs given', () => {
    expect(replicaUrlsOf(loadEnvironment(primary))).toEqual([]);
    const env = loadEnvironment({ ...primary, DATABASE_REPLICA_URLS: 'postgresql://r1/x, postgres://r2:5433/x', REPLICA_MAX_LAG_SECONDS: '3' });
    expect(replicaUrlsOf(env)).toEqual(['postgresql://r1/x', 'postgres://r2:5433/x']);
    expect(env.REPLICA_MAX_LAG_SECONDS).toBe(3);
    expect(loadEnvironment(primary).REPLICA_MAX_LAG_SECONDS).toBe(10);
  });

  it('refuses replicas without their primary, URLs that are not PostgreSQL ones, and a lag under a second', () => {
    expect(() => loadEnvironment({ DATABASE_REPLICA_URLS: 'postgresql://r1/x' })).toThrow(/DATABASE_REPLICA_URLS needs DATABASE_URL/);
    expect(() => loadEnvironment({ ...primary, DATABASE_REPLICA_URLS: 'mysql://r1/x' })).toThrow(/DATABASE_REPLICA_URLS must be postgresql/);
    expect(() => loadEnvironment({ ...primary, DATABASE_REPLICA_URLS: 'postgresql://r1/x,,' })).toThrow(/DATABASE_REPLICA_URLS must be postgresql/);
    expect(() => loadEnvironment({ ...primary, REPLICA_MAX_LAG_SECONDS: '0' })).toThrow(/REPLICA_MAX_LAG_SECONDS must be at least 1/);
  });
});
