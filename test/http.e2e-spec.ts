import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp } from '../src/app.factory.js';
import { TEST_JWT_SECRET, TestApi, type GraphQLError } from './helpers/api.js';

describe('the HTTP surface', () => {
  let api: TestApi;
  beforeAll(async () => (api = await TestApi.start()));
  afterAll(() => api.close());

  it('answers /health with 200 while the database answers', async () => {
    const response = await api.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok', database: 'up', media: 'up' });
  });

  it('refuses a body over the limit with 413 and stays healthy', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(3 * 1024 * 1024) } });
    const response = await api.request('POST', '/graphql', body, { 'content-type': 'application/json' });
    expect(response.status).toBe(413);
    expect((await api.request('GET', '/health')).status).toBe(200);
  });

  it('refuses a text/plain POST that a browser could send cross-site', async () => {
    const response = await api.request('POST', '/graphql', JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'text/plain' });
    expect(response.status).toBe(400);
  });

  it('refuses a mutation over GET with 400, running nothing', async () => {
    const query = encodeURIComponent('mutation { login(email: "a@b.test", password: "x") { token } }');
    const response = await api.request('GET', `/graphql?query=${query}`, undefined, { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect((JSON.parse(response.body) as { errors: GraphQLError[] }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await api.prisma.loginThrottle.count()).toBe(0);
  });

  it('refuses a document deeper than the limit before running it', async () => {
    const deep =
      '{ publication(slug: "x") { sections { parent { parent { parent { parent { parent { parent { parent { parent { parent { slug } } } } } } } } } } } }';
    const { status, errors } = await api.graphql(deep);
    expect(status).toBe(400);
    expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses 16 aliases, 51 directives and 1,000 repeated fields', async () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: publication(slug: "x") { id }`).join(' ')} }`;
    const directives = `{ publication(slug: "x") { id ${Array.from({ length: 51 }, () => '@include(if: true)').join(' ')} } }`;
    const fields = `{ publication(slug: "x") { ${'id '.repeat(1000)} } }`;
    for (const query of [aliases, directives, fields]) {
      const { status, errors } = await api.graphql(query);
      expect(status).toBe(400);
      expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses a document that would resolve too much, before any resolver runs', async () => {
    const statements = await api.countStatements(async () => {
      const nested =
        '{ publication(slug: "x") { articles(first: 100) { edges { node { related(first: 20) { related(first: 20) { related(first: 20) { id } } } } } } } }';
      const { status, errors } = await api.graphql(nested);
      expect(status).toBe(400);
      expect(errors![0]).toMatchObject({ message: expect.stringMatching(/cost/), extensions: { code: 'BAD_USER_INPUT' } });
      const viaVariables = await api.graphql(
        'query ($n: Int) { publication(slug: "x") { articles(first: $n) { edges { node { related(first: $n) { related(first: $n) { id } } } } } } }',
        { n: 100 },
      );
      expect(viaVariables.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    });
    expect(statements).toBe(0);
  });

  it('refuses a document over the length limit before parsing it', async () => {
    const { status, errors } = await api.graphql(`{ ${'__typename '.repeat(3000)} }`);
    expect(status).toBe(400);
    expect(errors![0]).toMatchObject({ message: expect.stringMatching(/too long/), extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('refuses an operation named like introspection', async () => {
    const { status, errors } = await api.graphql('query __schema { __typename }');
    expect(status).toBe(400);
    expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers undefined fragments, fragment cycles and syntax errors with a clean validation error', async () => {
    for (const query of [
      '{ ...Missing }',
      'query { publication(slug: "x") { ...A } } fragment A on Publication { ...B } fragment B on Publication { ...A }',
      '{ publication(',
    ]) {
      const { status, errors } = await api.graphql(query);
      expect(status).toBe(400);
      expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('says which variable is wrong as BAD_USER_INPUT', async () => {
    const { errors } = await api.graphql('query ($first: Int) { publication(slug: "x") { articles(first: $first) { edges { cursor } } } }', { first: 'many' });
    expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('in production', () => {
  let api: TestApi;
  beforeAll(async () => (api = await TestApi.start({ production: true })));
  afterAll(() => api.close());

  it('refuses introspection and gives no "did you mean" hints', async () => {
    const introspection = await api.graphql('{ __schema { types { name } } }');
    expect(introspection.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const typo = await api.graphql('{ publication(slug: "x") { nam } }');
    expect(typo.errors![0].message).not.toMatch(/Did you mean/);
  });
});

describe('with the database out of reach', () => {
  it('answers /health with 503 and masks the error of a query', async () => {
    const app = await createApp({
      databaseUrl: 'postgresql://nobody@127.0.0.1:9/none',
      databasePoolSize: 1,
      production: true,
      logger: false,
      jwtSecret: TEST_JWT_SECRET,
      tokenTtlSeconds: 60,
      scheduler: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const url = await app.getUrl();
      const health = await fetch(`${url}/health`, { headers: { connection: 'close' } }).catch(() => undefined);
      expect(health?.status).toBe(503);
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ publication(slug: "x") { id } }' }),
      });
      const body = (await response.json()) as { errors: unknown[] };
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: 'The database is unavailable or busy: try again shortly',
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
        }),
      ]);
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|prisma|SELECT|at /i);
    } finally {
      await app.close();
    }
  });
});
