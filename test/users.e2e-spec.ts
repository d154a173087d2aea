import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestApi } from './helpers/api.js';
import { TEST_PASSWORD, aPublication, aUser } from './factories/newsroom.factory.js';

const UPDATE_USER = `mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) { id name isAdmin disabled }
}`;
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

describe('managing staff accounts', () => {
  let api: TestApi;
  let admin: { id: string };
  let adminToken: string;
  beforeAll(async () => {
    api = await TestApi.start();
    admin = await aUser(api.prisma, { isAdmin: true });
    adminToken = await api.tokenFor(admin.id);
  });
  afterAll(() => api.close());

  it('lets an admin disable a user, whose token stops working at once and who cannot sign in', async () => {
    const pub = await aPublication(api.prisma);
    const leaver = await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id });
    const token = await api.tokenFor(leaver.id);
    expect((await api.operation('Me', {}, token)).errors).toBeUndefined();
    const { data, errors } = await api.graphql<{ updateUser: unknown }>(UPDATE_USER, { id: leaver.id, input: { disabled: true } }, adminToken);
    expect(errors).toBeUndefined();
    expect(data.updateUser).toMatchObject({ id: leaver.id, disabled: true });
    expect((await api.operation('Me', {}, token)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await api.graphql(LOGIN, { e: leaver.email, p: TEST_PASSWORD })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lets an admin reset a password and make or unmake an admin', async () => {
    const user = await aUser(api.prisma);
    const { errors } = await api.graphql<{ updateUser: unknown }>(
      UPDATE_USER,
      { id: user.id, input: { password: 'a new long password', isAdmin: true, name: 'Renamed' } },
      adminToken,
    );
    expect(errors).toBeUndefined();
    expect(await api.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ isAdmin: true, name: 'Renamed' });
    expect((await api.graphql(LOGIN, { e: user.email, p: 'a new long password' })).errors).toBeUndefined();
  });

  it('refuses an admin changing their own admin flag or disabling themselves, writing nothing', async () => {
    for (const input of [{ isAdmin: false }, { disabled: true }]) {
      const { errors } = await api.graphql<{ updateUser: unknown }>(UPDATE_USER, { id: admin.id, input }, adminToken);
      expect(errors![0].extensions.code).toBe('FORBIDDEN');
    }
    expect(await api.prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ isAdmin: true, disabled: false });
  });

  it('refuses everyone but admins, and answers an unknown user with NOT_FOUND', async () => {
    const pub = await aPublication(api.prisma);
    const editor = await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id });
    const target = await aUser(api.prisma);
    const byEditor = await api.graphql<{ updateUser: unknown }>(UPDATE_USER, { id: target.id, input: { isAdmin: true } }, await api.tokenFor(editor.id));
    expect(byEditor.errors![0].extensions.code).toBe('FORBIDDEN');
    const selfPromotion = await api.graphql<{ updateUser: unknown }>(UPDATE_USER, { id: editor.id, input: { isAdmin: true } }, await api.tokenFor(editor.id));
    expect(selfPromotion.errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await api.graphql<{ updateUser: unknown }>(UPDATE_USER, { id: target.id, input: { disabled: true } })).errors![0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    const unknown = await api.graphql<{ updateUser: unknown }>(UPDATE_USER, { id: '01a21f9d-0000-7000-8000-000000000000', input: { name: 'x' } }, adminToken);
    expect(unknown.errors![0].extensions.code).toBe('NOT_FOUND');
    const short = await api.graphql<{ updateUser: unknown }>(UPDATE_USER, { id: target.id, input: { password: 'short' } }, adminToken);
    expect(short.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'input.password' })] });
    expect(await api.prisma.user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ isAdmin: false, disabled: false });
  });

  it('keeps what is not given: renaming an admin leaves them an admin', async () => {
    const other = await aUser(api.prisma, { isAdmin: true });
    const { data, errors } = await api.graphql<{ updateUser: unknown }>(UPDATE_USER, { id: other.id, input: { name: 'Still an admin' } }, adminToken);
    expect(errors).toBeUndefined();
    expect(data.updateUser).toMatchObject({ name: 'Still an admin', isAdmin: true, disabled: false });
    const self = await api.graphql<{ updateUser: unknown }>(UPDATE_USER, { id: admin.id, input: { name: 'Me, renamed' } }, adminToken);
    expect(self.errors).toBeUndefined();
  });

  it('ends the sessions of the old password when an admin resets it', async () => {
    const user = await aUser(api.prisma);
    const before = await api.tokenFor(user.id);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(
      (await api.graphql<{ updateUser: unknown }>(UPDATE_USER, { id: user.id, input: { password: 'another long password' } }, adminToken)).errors,
    ).toBeUndefined();
    expect((await api.operation('Me', {}, before)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const fresh = await api.graphql<{ login: { token: string } }>(LOGIN, { e: user.email, p: 'another long password' });
    expect((await api.operation('Me', {}, fresh.data.login.token)).errors).toBeUndefined();
  });

  it('accepts the bearer scheme in any case', async () => {
    const token = await api.tokenFor(admin.id);
    const response = await api.request('POST', '/graphql', JSON.stringify({ query: '{ me { id } }' }), {
      'content-type': 'application/json',
      authorization: `bearer ${token}`,
    });
    expect((JSON.parse(response.body) as { data: { me: { id: string } } }).data.me.id).toBe(admin.id);
  });
});
