import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { LOGIN_LIMITS } from '../src/auth/auth.service.js';
import { TEST_JWT_SECRET, TestApi, type GraphQLResponse } from './helpers/api.js';
import { contractOperation } from '../scripts/contract-operations.js';
import { awayFromWindowEnd } from './helpers/login-window.js';
import { TEST_PASSWORD, aPublication, aUser } from './factories/newsroom.factory.js';

// Sign-in and tokens: expiry, forgery, disabled accounts, and the limits on failed sign-ins.

const ISSUER = 'newsroom-cms';
const AUDIENCE = 'newsroom-staff';
const WRONG_PASSWORD = 'not the right password at all';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token as an attacker or a stale client would hold it; defaults to a valid one. */
async function forgeToken(
  userId: string,
  options: Partial<{ secret: string; alg: string; expiresAt: number; issuedAt: number; issuer: string; audience: string }> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(options.issuedAt ?? now)
    .setExpirationTime(options.expiresAt ?? now + 600)
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

describe('sign-in and tokens', () => {
  let api: TestApi;
  let pub: { id: string; slug: string };

  beforeAll(async () => {
    api = await TestApi.start();
    pub = await aPublication(api.prisma);
  });

  afterAll(() => api.close());

  const login = (email: string, password: string) => api.operation('Login', { email, password });
  const me = (token?: string) => api.operation('Me', {}, token);

  /** Me with a raw Authorization header, exactly as given. */
  async function meWithHeader(authorization: string): Promise<GraphQLResponse> {
    const response = await api.request('POST', '/graphql', JSON.stringify({ query: contractOperation('Me') }), {
      'content-type': 'application/json',
      authorization,
    });
    return { status: response.status, ...(JSON.parse(response.body) as Omit<GraphQLResponse, 'status'>) };
  }

  describe('Login', () => {
    it('signs a staff member in with a token that expires in the future, and Me answers with it', async () => {
      const user = await aUser(api.prisma, { name: 'Nusrat Jahan', role: 'EDITOR', publicationId: pub.id });
      const before = Date.now();
      const { data, errors } = await login(user.email, TEST_PASSWORD);
      expect(errors).toBeUndefined();
      expect(data.login.user).toEqual({ id: user.id, email: user.email, name: 'Nusrat Jahan' });
      expect(data.login.token).toEqual(expect.any(String));
      const expiresAt = Date.parse(data.login.expiresAt);
      expect(expiresAt).toBeGreaterThan(before);
      expect(expiresAt).toBeLessThanOrEqual(before + 3600_000 + 5_000);

      const answer = await me(data.login.token);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.me).toEqual({
        id: user.id,
        email: user.email,
        name: 'Nusrat Jahan',
        isAdmin: false,
        memberships: [{ role: 'EDITOR', publication: { id: pub.id, slug: pub.slug } }],
      });
    });

    it('signs in with the email in another case and with spaces around it', async () => {
      const user = await aUser(api.prisma);
      const { data, errors } = await login(`  ${user.email.toUpperCase()} `, TEST_PASSWORD);
      expect(errors).toBeUndefined();
      expect(data.login.user.id).toBe(user.id);
    });

    it('refuses a wrong password and an unknown email alike, with UNAUTHENTICATED and no hint which was wrong', async () => {
      const user = await aUser(api.prisma);
      const wrongPassword = await login(user.email, WRONG_PASSWORD);
      const unknownEmail = await login('nobody-here@newsroom.test', TEST_PASSWORD);
      expect(wrongPassword.data).toBeNull();
      expect(unknownEmail.data).toBeNull();
      expect(wrongPassword.errors![0].extensions.code).toBe('UNAUTHENTICATED');
      expect(unknownEmail.errors![0].extensions.code).toBe('UNAUTHENTICATED');
      expect(wrongPassword.errors![0].message).toBe(unknownEmail.errors![0].message);
      expect(JSON.stringify(wrongPassword.errors)).not.toMatch(/password is|no such|not found|unknown/i);
    });

    it.each([
      ['a NUL byte in the email', { email: 'editor\u0000@newsroom.test', password: TEST_PASSWORD }, 'email'],
      ['a 10 kB email', { email: `${'x'.repeat(10_000)}@newsroom.test`, password: TEST_PASSWORD }, 'email'],
      ['a 10 kB password', { email: 'someone@newsroom.test', password: 'x'.repeat(10_000) }, 'password'],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, variables, field) => {
      const { data, errors } = await api.operation('Login', variables);
      expect(data).toBeNull();
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field })] });
    });

    it('refuses a disabled user with the same message as a wrong password', async () => {
      const user = await aUser(api.prisma, { disabled: true });
      const disabled = await login(user.email, TEST_PASSWORD);
      const wrong = await login('nobody-either@newsroom.test', TEST_PASSWORD);
      expect(disabled.data).toBeNull();
      expect(disabled.errors![0].extensions.code).toBe('UNAUTHENTICATED');
      expect(disabled.errors![0].message).toBe(wrong.errors![0].message);
    });
  });

  describe('Me', () => {
    it('refuses Me without a token with UNAUTHENTICATED', async () => {
      const { data, errors } = await me();
      expect(data).toBeNull();
      expect(errors![0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('refuses the token of a user disabled after signing in, from the next request on', async () => {
      const user = await aUser(api.prisma);
      const { data } = await login(user.email, TEST_PASSWORD);
      const token = data.login.token;
      expect((await me(token)).data.me.id).toBe(user.id);

      await api.prisma.user.update({ where: { id: user.id }, data: { disabled: true } });

      const after = await me(token);
      expect(after.data).toBeNull();
      expect(after.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('accepts a token forged with the test secret and claims as login issues them (the forging is sound)', async () => {
      // Guards the refusals below: they fail for the one thing each changes, not for the forging.
      const user = await aUser(api.prisma);
      const { data, errors } = await me(await forgeToken(user.id));
      expect(errors).toBeUndefined();
      expect(data.me.id).toBe(user.id);
    });

    it('refuses an expired token with UNAUTHENTICATED', async () => {
      const user = await aUser(api.prisma);
      const now = Math.floor(Date.now() / 1000);
      const token = await forgeToken(user.id, { issuedAt: now - 7200, expiresAt: now - 3600 });
      const { data, errors } = await me(token);
      expect(data).toBeNull();
      expect(errors![0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it.each([
      ['signed with another secret', { secret: 'another-secret-that-is-also-long-enough-for-hs256' }],
      ['signed with HS512 and the right secret', { alg: 'HS512' }],
      ['issued by someone else', { issuer: 'someone-else' }],
      ['meant for another audience', { audience: 'newsroom-readers' }],
    ])('refuses a token %s with UNAUTHENTICATED', async (_name, options) => {
      const user = await aUser(api.prisma);
      const { data, errors } = await me(await forgeToken(user.id, options));
      expect(data).toBeNull();
      expect(errors![0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('refuses an unsigned alg: none token with UNAUTHENTICATED', async () => {
      const user = await aUser(api.prisma, { isAdmin: true });
      const now = Math.floor(Date.now() / 1000);
      const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: user.id, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600 })}.`;
      const { data, errors } = await me(token);
      expect(data).toBeNull();
      expect(errors![0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a valid token whose payload was changed to another user', async () => {
      const victim = await aUser(api.prisma, { isAdmin: true });
      const attacker = await aUser(api.prisma);
      const [header, , signature] = (await api.tokenFor(attacker.id)).split('.');
      const now = Math.floor(Date.now() / 1000);
      const token = `${header}.${base64url({ sub: victim.id, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600 })}.${signature}`;
      const { data, errors } = await me(token);
      expect(data).toBeNull();
      expect(errors![0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it.each([
      ['"Bearer" alone', 'Bearer'],
      ['"Bearer " and nothing', 'Bearer '],
      ['a Basic credential', 'Basic x'],
      ['a token without the scheme', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
      ['garbage after Bearer', 'Bearer not-a-token'],
      ['a quote in the token', "Bearer ' OR 1=1--"],
    ])('refuses a malformed Authorization header (%s) with UNAUTHENTICATED', async (_name, authorization) => {
      const { data, errors } = await meWithHeader(authorization);
      expect(data).toBeNull();
      expect(errors![0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('a removed membership', () => {
    it("refuses the user's Desk of that publication with FORBIDDEN from the next request on", async () => {
      const admin = await aUser(api.prisma, { isAdmin: true });
      const editor = await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id });
      const token = await api.tokenFor(editor.id);
      const desk = await api.operation('Desk', { publication: pub.slug }, token);
      expect(desk.errors).toBeUndefined();
      expect(desk.data.publication.desk.edges).toEqual([]);

      const removed = await api.operation('SetMembership', { userId: editor.id, publicationId: pub.id, role: null }, await api.tokenFor(admin.id));
      expect(removed.errors).toBeUndefined();
      expect(removed.data.setMembership.memberships).toEqual([]);

      const after = await api.operation('Desk', { publication: pub.slug }, token);
      expect(after.data?.publication?.desk ?? null).toBeNull();
      expect(after.errors![0].extensions.code).toBe('FORBIDDEN');
      expect((await me(token)).data.me.memberships).toEqual([]);
    });
  });

  describe('login rate limiting', () => {
    it('refuses even the right password after 5 failed sign-ins of one account, while another account still signs in', async () => {
      await awayFromWindowEnd();
      const target = await aUser(api.prisma);
      const bystander = await aUser(api.prisma);
      for (let attempt = 1; attempt <= LOGIN_LIMITS.perAccount; attempt++) {
        const { errors } = await login(target.email, `${WRONG_PASSWORD} ${attempt}`);
        expect(errors![0]).toMatchObject({ message: 'Wrong email or password', extensions: { code: 'UNAUTHENTICATED' } });
      }

      const right = await login(target.email, TEST_PASSWORD);
      expect(right.data).toBeNull();
      expect(right.errors![0].extensions.code).toBe('UNAUTHENTICATED');
      expect(right.errors![0].message).toMatch(/try again/i);
      // The same account in another spelling is the same account.
      const respelled = await login(target.email.toUpperCase(), TEST_PASSWORD);
      expect(respelled.errors![0].message).toMatch(/try again/i);

      const other = await login(bystander.email, TEST_PASSWORD);
      expect(other.errors).toBeUndefined();
      expect(other.data.login.user.id).toBe(bystander.id);
    });

    it('refuses a document asking login more than once as a whole (BAD_USER_INPUT, 400), running and counting none', async () => {
      await awayFromWindowEnd();
      const target = await aUser(api.prisma);
      const aliased = (passwords: string[]) =>
        `mutation {\n${passwords
          .map((password, i) => `  a${i}: login(email: ${JSON.stringify(target.email)}, password: ${JSON.stringify(password)}) { token }`)
          .join('\n')}\n}`;
      // A mutation stops at its first failing field: a second login would silently not run.
      for (const count of [2, 15]) {
        const { status, data, errors } = await api.graphql(aliased(Array.from({ length: count }, () => TEST_PASSWORD)));
        expect(status).toBe(400);
        expect(data).toBeNull();
        expect(errors![0]).toMatchObject({ message: expect.stringMatching(/"login" may be asked once per request/), extensions: { code: 'BAD_USER_INPUT' } });
      }
      const viaFragment = await api.graphql(
        `mutation { ...Twice } fragment Twice on Mutation { a: login(email: "${target.email}", password: "x") { token } b: login(email: "${target.email}", password: "y") { token } }`,
      );
      expect(viaFragment.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(await api.prisma.loginThrottle.count({ where: { key: { contains: target.email } } })).toBe(0);
    });

    it('writes nothing for an attempt the limit refuses, and refuses even the right password then', async () => {
      await awayFromWindowEnd();
      const target = await aUser(api.prisma);
      const rows = () => api.prisma.loginThrottle.findMany({ where: { key: { contains: target.email } }, orderBy: { key: 'asc' } });
      for (let guess = 0; guess < LOGIN_LIMITS.perAccount; guess++) {
        const { errors } = await login(target.email, `${WRONG_PASSWORD} ${guess}`);
        expect(errors![0]).toMatchObject({ message: 'Wrong email or password', extensions: { code: 'UNAUTHENTICATED' } });
      }
      const before = await rows();
      expect(before.find((row) => row.key === `account:${target.email}`)?.failures).toBe(LOGIN_LIMITS.perAccount);

      for (const password of [TEST_PASSWORD, WRONG_PASSWORD, TEST_PASSWORD]) {
        const limited = await login(target.email, password);
        expect(limited.errors![0].extensions.code).toBe('UNAUTHENTICATED');
        expect(limited.errors![0].message).toMatch(/try again/i);
        expect(JSON.stringify(limited)).not.toContain('"token"');
      }
      expect(await rows()).toEqual(before);
    });

    it('sweeps the windows that have ended when it counts an attempt', async () => {
      await awayFromWindowEnd();
      const stale = { key: 'address:192.0.2.77', windowStart: new Date(Date.now() - 2 * LOGIN_LIMITS.windowMs), failures: 3 };
      await api.prisma.loginThrottle.create({ data: stale });
      await login('someone-else@newsroom.test', WRONG_PASSWORD);
      expect(await api.prisma.loginThrottle.count({ where: { key: stale.key } })).toBe(0);
    });

    it('lets no more than the limit of 20 parallel wrong sign-ins be checked against the password', async () => {
      await awayFromWindowEnd();
      const target = await aUser(api.prisma);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => login(target.email, `${WRONG_PASSWORD} parallel ${i}`)));
      const messages = results.map((r) => r.errors![0].message);
      expect(messages.filter((m) => m === 'Wrong email or password')).toHaveLength(LOGIN_LIMITS.perAccount);
      expect(messages.filter((m) => /try again/i.test(m))).toHaveLength(20 - LOGIN_LIMITS.perAccount);
      expect((await login(target.email, TEST_PASSWORD)).errors![0].message).toMatch(/try again/i);
    });

    it('refuses a document of 16 aliased logins as a whole (BAD_USER_INPUT, 400), counting none of them', async () => {
      await awayFromWindowEnd();
      const target = await aUser(api.prisma);
      const document = `mutation {\n${Array.from(
        { length: 16 },
        (_, i) => `  a${i}: login(email: ${JSON.stringify(target.email)}, password: "${WRONG_PASSWORD} ${i}") { token }`,
      ).join('\n')}\n}`;
      const { status, data, errors } = await api.graphql(document);
      expect(status).toBe(400);
      expect(data).toBeNull();
      expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(await api.prisma.loginThrottle.count({ where: { key: `account:${target.email}` } })).toBe(0);

      const right = await login(target.email, TEST_PASSWORD);
      expect(right.errors).toBeUndefined();
      expect(right.data.login.user.id).toBe(target.id);
    });
  });
});
