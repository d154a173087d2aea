import { describe, expect, it } from '@jest/globals';
import { EnvironmentError, loadEnvironment } from './env.js';

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

  it('reads booleans and numbers from their text', () => {
    expect(loadEnvironment({ DEMO_DATA: 'false', PORT: '8080' })).toMatchObject({ DEMO_DATA: false, PORT: 8080 });
  });
});
