import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { TEST_PASSWORD, aUser } from './factories/newsroom.factory.js';
import { adminNewsroom, type AdminNewsroom, unique, type Role } from './helpers/admin-newsroom.js';

// Creating staff and giving them roles in publications: admins only, never on one's own standing.

describe('admin operations: staff and their roles', () => {
  const { newsroom, refusedWithoutWrites } = adminNewsroom();
  let api: AdminNewsroom['api'];
  let pubA: AdminNewsroom['pubA'];
  let pubB: AdminNewsroom['pubB'];
  let tokens: AdminNewsroom['tokens'];
  let editorA: AdminNewsroom['editorA'];
  beforeAll(() => {
    ({ api, pubA, pubB, tokens, editorA } = newsroom);
  });

  describe('CreateUser', () => {
    it('lets an admin create a staff member, who can then sign in with the password given', async () => {
      const email = `Reporter-${unique()}@Newsroom.Test`;
      const { data, errors } = await api.operation('CreateUser', { input: { email, name: 'A Reporter', password: 'long enough password' } }, tokens.admin);
      expect(errors).toBeUndefined();
      expect(data.createUser).toEqual({ id: expect.any(String), email: email.toLowerCase() });
      const stored = await api.prisma.user.findUniqueOrThrow({ where: { id: data.createUser.id } });
      expect(stored).toMatchObject({ isAdmin: false, disabled: false });
      expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
      expect(stored.passwordHash).not.toContain('long enough password');

      const login = await api.operation('Login', { email, password: 'long enough password' });
      expect(login.errors).toBeUndefined();
      expect(login.data.login.user.id).toBe(data.createUser.id);
    });

    it('lets an admin create another admin', async () => {
      const { data, errors } = await api.operation(
        'CreateUser',
        { input: { email: `chief-${unique()}@newsroom.test`, name: 'Chief', password: TEST_PASSWORD, isAdmin: true } },
        tokens.admin,
      );
      expect(errors).toBeUndefined();
      expect((await api.prisma.user.findUniqueOrThrow({ where: { id: data.createUser.id } })).isAdmin).toBe(true);
    });

    it.each(['editorA', 'contributorA', 'productionA'] as const)('refuses %s with FORBIDDEN and writes nothing', async (who) => {
      await refusedWithoutWrites(
        () => api.operation('CreateUser', { input: { email: `new-${unique()}@newsroom.test`, name: 'New', password: TEST_PASSWORD } }, tokens[who]),
        'FORBIDDEN',
      );
    });

    it('refuses an editor creating an admin account (a way to become admin) with FORBIDDEN', async () => {
      const email = `backdoor-${unique()}@newsroom.test`;
      await refusedWithoutWrites(
        () => api.operation('CreateUser', { input: { email, name: 'Backdoor', password: TEST_PASSWORD, isAdmin: true } }, tokens.editorA),
        'FORBIDDEN',
      );
      expect(await api.prisma.user.count({ where: { email } })).toBe(0);
    });

    it('refuses an anonymous request with UNAUTHENTICATED', async () => {
      await refusedWithoutWrites(
        () => api.operation('CreateUser', { input: { email: `anon-${unique()}@newsroom.test`, name: 'Anon', password: TEST_PASSWORD } }),
        'UNAUTHENTICATED',
      );
    });

    it('refuses an email that another user has, in any case, with BAD_USER_INPUT on input.email', async () => {
      const existing = await aUser(api.prisma);
      await refusedWithoutWrites(
        () => api.operation('CreateUser', { input: { email: existing.email.toUpperCase(), name: 'Twin', password: TEST_PASSWORD } }, tokens.admin),
        'BAD_USER_INPUT',
        ['input.email'],
      );
    });

    it.each([
      ['a password under 10 characters', { password: 'short' }, ['input.password']],
      ['an email that is not one', { email: 'not-an-email' }, ['input.email']],
      ['an email that is SQL', { email: "x' OR 1=1--" }, ['input.email']],
      ['an empty name', { name: '' }, ['input.name']],
      ['a bad email and a short password at once', { email: 'nope', password: '123' }, ['input.email', 'input.password']],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, overrides, fields) => {
      await refusedWithoutWrites(
        () =>
          api.operation(
            'CreateUser',
            { input: { email: `valid-${unique()}@newsroom.test`, name: 'Valid', password: TEST_PASSWORD, ...overrides } },
            tokens.admin,
          ),
        'BAD_USER_INPUT',
        fields,
      );
    });
  });

  describe('SetMembership', () => {
    it('lets an admin grant, change and remove roles, one membership per publication', async () => {
      const user = await aUser(api.prisma);
      const set = (publicationId: string, role: Role | null) => api.operation('SetMembership', { userId: user.id, publicationId, role }, tokens.admin);

      const granted = await set(pubA.id, 'CONTRIBUTOR');
      expect(granted.errors).toBeUndefined();
      expect(granted.data.setMembership).toEqual({ id: user.id, memberships: [{ role: 'CONTRIBUTOR', publication: { slug: pubA.slug } }] });

      const changed = await set(pubA.id, 'EDITOR');
      expect(changed.data.setMembership.memberships).toEqual([{ role: 'EDITOR', publication: { slug: pubA.slug } }]);

      await set(pubB.id, 'PRODUCTION');
      const removed = await set(pubA.id, null);
      expect(removed.data.setMembership.memberships).toEqual([{ role: 'PRODUCTION', publication: { slug: pubB.slug } }]);
      expect(await api.prisma.membership.findMany({ where: { userId: user.id }, select: { publicationId: true, role: true } })).toEqual([
        { publicationId: pubB.id, role: 'PRODUCTION' },
      ]);
    });

    it('applies a lowered role from the next request: a demoted editor may no longer create sections', async () => {
      const user = await aUser(api.prisma, { role: 'EDITOR', publicationId: pubA.id });
      const token = await api.tokenFor(user.id);
      const before = await api.operation('CreateSection', { input: { publicationId: pubA.id, name: `Before ${unique()}` } }, token);
      expect(before.errors).toBeUndefined();

      const demoted = await api.operation('SetMembership', { userId: user.id, publicationId: pubA.id, role: 'CONTRIBUTOR' }, tokens.admin);
      expect(demoted.errors).toBeUndefined();

      await refusedWithoutWrites(() => api.operation('CreateSection', { input: { publicationId: pubA.id, name: `After ${unique()}` } }, token), 'FORBIDDEN');
    });

    it('refuses an editor granting a role in their own publication with FORBIDDEN and writes nothing', async () => {
      const user = await aUser(api.prisma);
      await refusedWithoutWrites(
        () => api.operation('SetMembership', { userId: user.id, publicationId: pubA.id, role: 'EDITOR' }, tokens.editorA),
        'FORBIDDEN',
      );
      expect(await api.prisma.membership.count({ where: { userId: user.id } })).toBe(0);
    });

    it.each([
      ['to another role in their publication', () => pubA.id, 'CONTRIBUTOR'],
      ['away, leaving their publication', () => pubA.id, null],
      ['to editor of another publication', () => pubB.id, 'EDITOR'],
    ])('refuses an editor changing their own role %s with FORBIDDEN', async (_name, publicationId, role) => {
      await refusedWithoutWrites(
        () => api.operation('SetMembership', { userId: editorA.id, publicationId: publicationId(), role }, tokens.editorA),
        'FORBIDDEN',
      );
      expect(await api.prisma.membership.findMany({ where: { userId: editorA.id }, select: { publicationId: true, role: true } })).toEqual([
        { publicationId: pubA.id, role: 'EDITOR' },
      ]);
    });

    it('gives an editor no way to make themselves admin', async () => {
      // No role is "admin": the schema refuses it.
      await refusedWithoutWrites(
        () => api.operation('SetMembership', { userId: editorA.id, publicationId: pubA.id, role: 'ADMIN' }, tokens.editorA),
        'BAD_USER_INPUT',
      );
      // Nor does setMembership take an isAdmin argument.
      await refusedWithoutWrites(
        () =>
          api.graphql(
            `mutation { setMembership(userId: "${editorA.id}", publicationId: "${pubA.id}", role: EDITOR, isAdmin: true) { id isAdmin } }`,
            {},
            tokens.editorA,
          ),
        'BAD_USER_INPUT',
      );
      expect((await api.prisma.user.findUniqueOrThrow({ where: { id: editorA.id } })).isAdmin).toBe(false);
      expect((await api.operation('Me', {}, tokens.editorA)).data.me.isAdmin).toBe(false);
    });

    it('refuses an anonymous request with UNAUTHENTICATED', async () => {
      const user = await aUser(api.prisma);
      await refusedWithoutWrites(() => api.operation('SetMembership', { userId: user.id, publicationId: pubA.id, role: 'EDITOR' }), 'UNAUTHENTICATED');
    });

    it('answers an unknown user or publication with NOT_FOUND, writing nothing', async () => {
      const user = await aUser(api.prisma);
      await refusedWithoutWrites(
        () => api.operation('SetMembership', { userId: randomUUID(), publicationId: pubA.id, role: 'EDITOR' }, tokens.admin),
        'NOT_FOUND',
      );
      await refusedWithoutWrites(
        () => api.operation('SetMembership', { userId: user.id, publicationId: randomUUID(), role: 'EDITOR' }, tokens.admin),
        'NOT_FOUND',
      );
    });
  });
});
