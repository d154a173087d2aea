import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditServer, type AuditResult } from 'graphql-http';
import { TestApi } from './helpers/api.js';
import { aPublication, aSection } from './factories/newsroom.factory.js';

// GraphQL over HTTP as its specification has it, checked by graphql-http's server audit (the
// reference implementation's compliance suite) against the real API, and the rules it does not
// reach: the media type asked for, its status codes, the response cache, CSRF refusals kept.

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/** Every audit that did not pass, by id: what it is and why. */
function failures(results: AuditResult[]): Record<string, string> {
  return Object.fromEntries(results.flatMap((result) => (result.status === 'ok' ? [] : [[result.id, `${result.status}: ${result.name} (${result.reason})`]])));
}

// MAY audits that send a GET with no header a browser could not send cross-site: the API's
// CSRF rule refuses them (a GET must carry x-mercurius-operation-name or a preflight header).
const GET_WITHOUT_PREFLIGHT_HEADER = ['5A70', 'D6D5', '6A70'];

// In production introspection is off, and these audits query `__type`: 2EA1 and 28B9 with
// variables; BF61 with `Accept: */*`, which this API answers as a client that named no type
// (400 for a refused document, as it always did).
const NEED_INTROSPECTION = ['2EA1', '28B9', 'BF61'];

describe('GraphQL over HTTP, by the book', () => {
  describe.each([
    ['without the response cache', false],
    ['with the response cache', true],
  ])('in development, %s', (_name, responseCache) => {
    let api: TestApi;
    beforeAll(async () => (api = await TestApi.start({ responseCache })));
    afterAll(() => api.close());

    it('passes every MUST and SHOULD of the audit; of the MAYs, only the CSRF-refused GETs fail', async () => {
      const results = await auditServer({ url: `${api.url}/graphql` });
      const failed = failures(results);
      expect(Object.keys(failed).sort()).toEqual([...GET_WITHOUT_PREFLIGHT_HEADER].sort());
      for (const id of GET_WITHOUT_PREFLIGHT_HEADER) expect(failed[id]).toMatch(/^notice: MAY /);
      expect(results.length).toBeGreaterThan(60);
    });
  });

  describe('in production', () => {
    let api: TestApi;
    beforeAll(async () => (api = await TestApi.start({ production: true, responseCache: true })));
    afterAll(() => api.close());

    it('fails only the audits that need introspection (and the CSRF-refused GETs)', async () => {
      const failed = failures(await auditServer({ url: `${api.url}/graphql` }));
      expect(Object.keys(failed).sort()).toEqual([...NEED_INTROSPECTION, ...GET_WITHOUT_PREFLIGHT_HEADER].sort());
      // …and for that reason: the same request, asked again, is refused for introspection.
      const typeQuery = await api.request(
        'POST',
        '/graphql',
        JSON.stringify({ query: 'query Type($name: String!) { __type(name: $name) { name } }', variables: { name: 'x' } }),
        {
          'content-type': 'application/json',
          accept: 'application/json',
        },
      );
      expect(JSON.parse(typeQuery.body)).toMatchObject({ errors: [{ message: expect.stringMatching(/introspection has been disabled/) }] });
    });
  });

  describe('the rules of each media type', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await TestApi.start({ responseCache: true });
      await aSection(api.prisma, (await aPublication(api.prisma, { slug: 'the-independent', name: 'The Independent' })).id, { slug: 'opinion' });
      await api.settle();
    });
    afterAll(() => api.close());

    const post = (body: unknown, accept?: string, contentType = 'application/json') =>
      api.request('POST', '/graphql', typeof body === 'string' ? body : JSON.stringify(body), {
        'content-type': contentType,
        ...(accept === undefined ? {} : { accept }),
      });
    const json = (response: { body: string }) => JSON.parse(response.body) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
    const unknownField = { query: '{ nope }' };

    it.each([
      [GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON],
      [`${GRAPHQL_RESPONSE_JSON}; charset=utf-8, application/json; charset=utf-8`, GRAPHQL_RESPONSE_JSON],
      [`application/json, ${GRAPHQL_RESPONSE_JSON}`, 'application/json'],
      [`application/json;q=0.5, ${GRAPHQL_RESPONSE_JSON}`, GRAPHQL_RESPONSE_JSON],
      [`${GRAPHQL_RESPONSE_JSON};q=0, */*`, 'application/json'],
      ['application/json;q=0, */*', GRAPHQL_RESPONSE_JSON],
      ['*/*', 'application/json'],
      ['application/*', 'application/json'],
      ['application/json, multipart/mixed', 'application/json'],
      [undefined, 'application/json'],
    ])('answers Accept: %s in %s', async (accept, mediaType) => {
      const response = await post({ query: '{ __typename }' }, accept);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(`${mediaType}; charset=utf-8`);
      expect(response.headers.vary).toMatch(/\bAccept\b/);
    });

    it('refuses with 406 a client that reads neither media type', async () => {
      for (const accept of ['text/html', `application/json; charset=latin1`, `application/json;q=0, ${GRAPHQL_RESPONSE_JSON};q=0`]) {
        const response = await post({ query: '{ __typename }' }, accept);
        expect(response.status).toBe(406);
      }
    });

    it(`answers a refused document with 400 and no data entry to ${GRAPHQL_RESPONSE_JSON}`, async () => {
      for (const query of ['{ nope }', '{', `{ ${'__typename '.repeat(3000)} }`]) {
        const response = await post({ query }, GRAPHQL_RESPONSE_JSON);
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toBe(`${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
        expect(json(response)).not.toHaveProperty('data');
        expect(json(response).errors![0].extensions.code).toBe('BAD_USER_INPUT');
      }
    });

    it('answers a well-formed request that fails validation with 200 to application/json, and one that is not well-formed with 400', async () => {
      const refused = await post(unknownField, 'application/json');
      expect(refused.status).toBe(200);
      expect(json(refused)).not.toHaveProperty('data');
      expect(json(refused).errors![0].extensions.code).toBe('BAD_USER_INPUT');
      const badVariable = await post(
        { query: 'query ($first: Int) { publication(slug: "x") { articles(first: $first) { edges { cursor } } } }', variables: { first: 'many' } },
        'application/json',
      );
      expect(badVariable.status).toBe(200);
      for (const malformed of [
        '{ "query": ',
        { query: 1 },
        { query: '{ __typename }', variables: 0 },
        { query: '{ __typename }', operationName: false },
        { notquery: '{ __typename }' },
      ]) {
        const response = await post(malformed, 'application/json');
        expect(response.status).toBe(400);
        expect(json(response).errors![0].extensions.code).toBe('BAD_USER_INPUT');
      }
    });

    it('keeps 400 and "data": null for a refused document when the client sends no Accept', async () => {
      const response = await post(unknownField);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(json(response)).toMatchObject({ data: null, errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    });

    it('takes a null extensions, variables or operationName as absent', async () => {
      const response = await post({ query: '{ __typename }', variables: null, operationName: null, extensions: null }, 'application/json');
      expect(response.status).toBe(200);
      expect(json(response)).toEqual({ data: { __typename: 'Query' } });
    });

    it('answers a mutation over GET with 405 and Allow: POST to a client that states a media type, running nothing', async () => {
      const query = encodeURIComponent('mutation { login(email: "a@b.test", password: "x") { token } }');
      for (const accept of ['application/json', GRAPHQL_RESPONSE_JSON]) {
        const response = await api.request('GET', `/graphql?query=${query}`, undefined, { accept, 'mercurius-require-preflight': 'true' });
        expect(response.status).toBe(405);
        expect(response.headers.allow).toBe('POST');
      }
      expect(await api.prisma.loginThrottle.count()).toBe(0);
    });

    it('still refuses requests a browser could send cross-site without asking, whatever they accept', async () => {
      for (const accept of ['application/json', GRAPHQL_RESPONSE_JSON]) {
        const get = await api.request('GET', `/graphql?query=${encodeURIComponent('{ __typename }')}`, undefined, { accept });
        expect(get.status).toBe(400);
        const simplePost = await post({ query: '{ __typename }' }, accept, 'text/plain');
        expect(simplePost.status).toBe(400);
      }
    });

    it('answers from the response cache in the media type asked for', async () => {
      const read = { query: 'query Masthead($slug: String!) { publication(slug: $slug) { name } }', variables: { slug: 'the-independent' } };
      const first = await post(read, GRAPHQL_RESPONSE_JSON);
      expect(json(first)).toEqual({ data: { publication: { name: 'The Independent' } } });
      for (const [accept, mediaType] of [
        [GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON],
        ['application/json', 'application/json'],
        [undefined, 'application/json'],
      ]) {
        const again = await post(read, accept);
        expect(again.headers['x-cache']).toBe('HIT');
        expect(again.headers['content-type']).toBe(`${mediaType}; charset=utf-8`);
        expect(again.headers.vary).toMatch(/\bAccept\b/);
        expect(again.body).toBe(first.body);
      }
    });
  });
});
