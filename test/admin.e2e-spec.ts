import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { TestApi, type GraphQLResponse, type OperationName } from './helpers/api.js';
import { TEST_PASSWORD, aPublication, aSection, aUser, anArticle, anAuthor } from './factories/newsroom.factory.js';

// The admin operations of the contract, success and refusal side by side: DESIGN.md
// "Who may do what" and "The API", HARDENING.md 11, 12, 14 and 16.

const unique = () => randomBytes(4).toString('hex');

type Role = 'CONTRIBUTOR' | 'COPY_EDITOR' | 'EDITOR' | 'PRODUCTION';

/** The refusal of a mutation: no data at all, the code, and for BAD_USER_INPUT exactly the fields named. */
function expectRefused(response: GraphQLResponse, code: string, fields?: string[]): void {
  expect(response.errors?.[0]?.extensions.code).toBe(code);
  expect(response.data).toBeNull();
  if (fields) {
    const named = (response.errors![0].extensions.fields as { field: string; message: string }[]).map((f) => f.field);
    expect([...new Set(named)].sort()).toEqual([...fields].sort());
  }
}

describe('admin operations', () => {
  let api: TestApi;
  let pubA: { id: string; slug: string };
  let pubB: { id: string; slug: string };
  const tokens = {} as Record<'admin' | 'editorA' | 'contributorA' | 'copyEditorA' | 'productionA' | 'editorB', string>;
  let editorA: { id: string };

  beforeAll(async () => {
    api = await TestApi.start();
    const db = api.prisma;
    pubA = await aPublication(db, { slug: `daily-${unique()}` });
    pubB = await aPublication(db, { slug: `weekly-${unique()}` });
    const admin = await aUser(db, { isAdmin: true });
    editorA = await aUser(db, { role: 'EDITOR', publicationId: pubA.id });
    const staff: [keyof typeof tokens, { id: string }][] = [
      ['admin', admin],
      ['editorA', editorA],
      ['contributorA', await aUser(db, { role: 'CONTRIBUTOR', publicationId: pubA.id })],
      ['copyEditorA', await aUser(db, { role: 'COPY_EDITOR', publicationId: pubA.id })],
      ['productionA', await aUser(db, { role: 'PRODUCTION', publicationId: pubA.id })],
      ['editorB', await aUser(db, { role: 'EDITOR', publicationId: pubB.id })],
    ];
    for (const [name, user] of staff) tokens[name] = await api.tokenFor(user.id);
  });

  afterAll(() => api.close());

  /** What every table that these operations write holds: equal before and after a refusal. */
  async function counts() {
    const db = api.prisma;
    const [publications, offices, sections, authors, users, memberships, articles, events, revisions, corrections] = await Promise.all([
      db.publication.count(),
      db.publicationOffice.count(),
      db.section.count(),
      db.author.count(),
      db.user.count(),
      db.membership.count(),
      db.article.count(),
      db.articleEvent.count(),
      db.articleRevision.count(),
      db.correction.count(),
    ]);
    return { publications, offices, sections, authors, users, memberships, articles, events, revisions, corrections };
  }

  /** Runs a request that must be refused, and checks that it wrote nothing. */
  async function refusedWithoutWrites(request: () => Promise<GraphQLResponse>, code: string, fields?: string[]): Promise<GraphQLResponse> {
    const before = await counts();
    const response = await request();
    expectRefused(response, code, fields);
    expect(await counts()).toEqual(before);
    return response;
  }

  describe('CreatePublication', () => {
    const input = (overrides: Record<string, unknown> = {}) => ({
      slug: `the-independent-${unique()}`,
      name: 'The Independent',
      timeZone: 'Asia/Dhaka',
      url: 'https://www.theindependentbd.com',
      ...overrides,
    });

    it('lets an admin create a publication with its masthead and offices in order', async () => {
      const given = input({
        tagline: 'The voice of the people',
        masthead: {
          editor: 'M. Shamsur Rahman',
          publisher: 'Independent Publications Ltd',
          offices: [
            { label: 'Editorial', address: 'Beximco Media Complex, Dhaka' },
            { label: 'Commercial', address: 'Tejgaon, Dhaka' },
          ],
        },
      });
      const { data, errors } = await api.operation('CreatePublication', { input: given }, tokens.admin);
      expect(errors).toBeUndefined();
      expect(data.createPublication).toEqual({ id: expect.any(String), slug: given.slug });

      const read = await api.operation('Publication', { publication: given.slug });
      expect(read.data.publication).toMatchObject({
        id: data.createPublication.id,
        name: 'The Independent',
        tagline: 'The voice of the people',
        url: 'https://www.theindependentbd.com',
        timeZone: 'Asia/Dhaka',
        masthead: {
          editor: 'M. Shamsur Rahman',
          publisher: 'Independent Publications Ltd',
          printer: null,
          offices: [
            { label: 'Editorial', address: 'Beximco Media Complex, Dhaka' },
            { label: 'Commercial', address: 'Tejgaon, Dhaka' },
          ],
        },
        sections: [],
      });
    });

    it('refuses an editor with FORBIDDEN and writes nothing', async () => {
      const given = input();
      await refusedWithoutWrites(() => api.operation('CreatePublication', { input: given }, tokens.editorA), 'FORBIDDEN');
      expect(await api.prisma.publication.count({ where: { slug: given.slug } })).toBe(0);
    });

    it('refuses an anonymous request with UNAUTHENTICATED and writes nothing', async () => {
      await refusedWithoutWrites(() => api.operation('CreatePublication', { input: input() }), 'UNAUTHENTICATED');
    });

    it('refuses a slug that another publication has with BAD_USER_INPUT on input.slug', async () => {
      await refusedWithoutWrites(() => api.operation('CreatePublication', { input: input({ slug: pubA.slug }) }, tokens.admin), 'BAD_USER_INPUT', [
        'input.slug',
      ]);
    });

    it.each([
      ['a time zone that does not exist', { timeZone: 'Mars/Olympus_Mons' }, ['input.timeZone']],
      ['a time zone that is not IANA', { timeZone: 'not a zone' }, ['input.timeZone']],
      ['a javascript: URL', { url: 'javascript:alert(1)' }, ['input.url']],
      ['an ftp URL', { url: 'ftp://example.com/paper' }, ['input.url']],
      ['a URL without a scheme', { url: 'www.example.com' }, ['input.url']],
      ['a slug with spaces and capitals', { slug: 'The Daily Star' }, ['input.slug']],
      ['a slug that is SQL', { slug: "x' OR 1=1--" }, ['input.slug']],
      ['a bad time zone and a bad URL at once', { timeZone: 'Nowhere/Nothing', url: 'not a url' }, ['input.timeZone', 'input.url']],
      ['a 10 kB name', { name: 'x'.repeat(10_000) }, ['input.name']],
      ['an office without a label', { masthead: { offices: [{ label: '', address: '1 Main Road' }] } }, ['input.masthead.offices.0.label']],
    ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_name, overrides, fields) => {
      await refusedWithoutWrites(() => api.operation('CreatePublication', { input: input(overrides) }, tokens.admin), 'BAD_USER_INPUT', fields);
    });
  });

  describe('UpdatePublication', () => {
    it('lets an admin rename a publication, leaving what was not given as it was', async () => {
      const pub = await aPublication(api.prisma, { timeZone: 'Europe/London' });
      const { data, errors } = await api.operation('UpdatePublication', { id: pub.id, input: { name: 'The Evening Post' } }, tokens.admin);
      expect(errors).toBeUndefined();
      expect(data.updatePublication).toEqual({ id: pub.id, name: 'The Evening Post' });
      expect(await api.prisma.publication.findUniqueOrThrow({ where: { id: pub.id } })).toMatchObject({
        slug: pub.slug,
        name: 'The Evening Post',
        timeZone: 'Europe/London',
      });
    });

    it('replaces only the masthead fields given, keeping the offices when none are given', async () => {
      const slug = `masthead-${unique()}`;
      const created = await api.operation(
        'CreatePublication',
        {
          input: {
            slug,
            name: 'Masthead Test',
            timeZone: 'UTC',
            masthead: { editor: 'Old Editor', publisher: 'The Publisher', offices: [{ label: 'Head office', address: '1 Main Road' }] },
          },
        },
        tokens.admin,
      );
      const id = created.data.createPublication.id;
      const updated = await api.operation('UpdatePublication', { id, input: { masthead: { editor: 'New Editor' } } }, tokens.admin);
      expect(updated.errors).toBeUndefined();
      const read = await api.operation('Publication', { publication: slug });
      expect(read.data.publication.masthead).toMatchObject({
        editor: 'New Editor',
        publisher: 'The Publisher',
        offices: [{ label: 'Head office', address: '1 Main Road' }],
      });
    });

    it('refuses an editor of that very publication with FORBIDDEN and keeps its name', async () => {
      const before = await api.prisma.publication.findUniqueOrThrow({ where: { id: pubA.id } });
      await refusedWithoutWrites(() => api.operation('UpdatePublication', { id: pubA.id, input: { name: 'Taken Over' } }, tokens.editorA), 'FORBIDDEN');
      expect(await api.prisma.publication.findUniqueOrThrow({ where: { id: pubA.id } })).toEqual(before);
    });

    it('refuses an anonymous request with UNAUTHENTICATED', async () => {
      await refusedWithoutWrites(() => api.operation('UpdatePublication', { id: pubA.id, input: { name: 'Anonymous' } }), 'UNAUTHENTICATED');
    });

    it.each([
      ['a slug that another publication has', () => ({ slug: pubB.slug }), ['input.slug']],
      ['a time zone that does not exist', () => ({ timeZone: 'Atlantis/Capital' }), ['input.timeZone']],
      ['a javascript: URL', () => ({ url: 'javascript:alert(document.cookie)' }), ['input.url']],
      ['an empty name', () => ({ name: '' }), ['input.name']],
    ])('refuses %s with BAD_USER_INPUT naming the field, changing nothing', async (_name, given, fields) => {
      const before = await api.prisma.publication.findUniqueOrThrow({ where: { id: pubA.id } });
      await refusedWithoutWrites(() => api.operation('UpdatePublication', { id: pubA.id, input: given() }, tokens.admin), 'BAD_USER_INPUT', fields);
      expect(await api.prisma.publication.findUniqueOrThrow({ where: { id: pubA.id } })).toEqual(before);
    });

    it('answers an unknown publication id with NOT_FOUND', async () => {
      await refusedWithoutWrites(() => api.operation('UpdatePublication', { id: randomUUID(), input: { name: 'Ghost' } }, tokens.admin), 'NOT_FOUND');
    });
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

  describe('CreateSection', () => {
    it('makes the slug from the name, and unique within the publication ("World News" twice)', async () => {
      const pub = await aPublication(api.prisma);
      const editor = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id })).id);
      const first = await api.operation('CreateSection', { input: { publicationId: pub.id, name: 'World News' } }, editor);
      const second = await api.operation('CreateSection', { input: { publicationId: pub.id, name: 'World News' } }, editor);
      expect(first.errors).toBeUndefined();
      expect(second.errors).toBeUndefined();
      expect(first.data.createSection.slug).toBe('world-news');
      expect(second.data.createSection.slug).toBe('world-news-2');
      // The same name in another publication is free there.
      const elsewhere = await api.operation('CreateSection', { input: { publicationId: pubB.id, name: 'World News' } }, tokens.editorB);
      expect(elsewhere.data.createSection.slug).toBe('world-news');
    });

    it('lets an editor of the publication create a subsection, seen in the public tree', async () => {
      const pub = await aPublication(api.prisma);
      const editor = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id })).id);
      const parent = await aSection(api.prisma, pub.id, { slug: 'sport' });
      const { data, errors } = await api.operation(
        'CreateSection',
        { input: { publicationId: pub.id, name: 'Cricket', parentId: parent.id, description: 'Tests, ODIs and T20s' } },
        editor,
      );
      expect(errors).toBeUndefined();
      expect(data.createSection).toEqual({ id: expect.any(String), slug: 'cricket' });
      const read = await api.operation('Publication', { publication: pub.slug });
      const sections = read.data.publication.sections;
      expect(sections.find((s: { slug: string }) => s.slug === 'cricket')).toMatchObject({ parent: { slug: 'sport' }, description: 'Tests, ODIs and T20s' });
      expect(sections.find((s: { slug: string }) => s.slug === 'sport')!.children).toEqual([{ slug: 'cricket', name: 'Cricket' }]);
    });

    it('lets an admin without a membership create a section anywhere', async () => {
      const { errors } = await api.operation('CreateSection', { input: { publicationId: pubB.id, name: `Admin Desk ${unique()}` } }, tokens.admin);
      expect(errors).toBeUndefined();
    });

    it.each(['contributorA', 'copyEditorA', 'productionA'] as const)('refuses %s with FORBIDDEN and writes nothing', async (who) => {
      await refusedWithoutWrites(
        () => api.operation('CreateSection', { input: { publicationId: pubA.id, name: `Not Mine ${unique()}` } }, tokens[who]),
        'FORBIDDEN',
      );
    });

    it("refuses an editor of publication B in publication A's sections with FORBIDDEN", async () => {
      await refusedWithoutWrites(
        () => api.operation('CreateSection', { input: { publicationId: pubA.id, name: `Intruder ${unique()}` } }, tokens.editorB),
        'FORBIDDEN',
      );
    });

    it('refuses an anonymous request with UNAUTHENTICATED', async () => {
      await refusedWithoutWrites(() => api.operation('CreateSection', { input: { publicationId: pubA.id, name: 'Anonymous' } }), 'UNAUTHENTICATED');
    });

    it('refuses a parent from another publication with BAD_USER_INPUT on input.parentId', async () => {
      const foreign = await aSection(api.prisma, pubB.id);
      await refusedWithoutWrites(
        () => api.operation('CreateSection', { input: { publicationId: pubA.id, name: `Orphan ${unique()}`, parentId: foreign.id } }, tokens.editorA),
        'BAD_USER_INPUT',
        ['input.parentId'],
      );
    });

    it.each([
      ['a slug another section of the publication has', async () => ({ slug: (await aSection(api.prisma, pubA.id)).slug }), ['input.slug']],
      ['a slug with capitals and spaces', async () => ({ slug: 'World News' }), ['input.slug']],
      ['a parent id that is not an id', async () => ({ parentId: "1' OR 1=1--" }), ['input.parentId']],
      ['an empty name', async () => ({ name: '' }), ['input.name']],
      ['a negative position', async () => ({ position: -1 }), ['input.position']],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, overrides, fields) => {
      const given = await overrides();
      await refusedWithoutWrites(
        () => api.operation('CreateSection', { input: { publicationId: pubA.id, name: `Valid ${unique()}`, ...given } }, tokens.editorA),
        'BAD_USER_INPUT',
        fields,
      );
    });

    it('refuses a publication id that is not an id with BAD_USER_INPUT on input.publicationId', async () => {
      await refusedWithoutWrites(
        () => api.operation('CreateSection', { input: { publicationId: "1' OR 1=1--", name: 'Injected' } }, tokens.admin),
        'BAD_USER_INPUT',
        ['input.publicationId'],
      );
    });
  });

  describe('UpdateSection', () => {
    it('lets an editor of the publication rename a section, keeping its slug', async () => {
      const section = await aSection(api.prisma, pubA.id, { slug: `business-${unique()}`, name: 'Business' });
      const { data, errors } = await api.operation('UpdateSection', { id: section.id, input: { name: 'Business & Finance' } }, tokens.editorA);
      expect(errors).toBeUndefined();
      expect(data.updateSection).toEqual({ id: section.id, slug: section.slug, name: 'Business & Finance' });
    });

    it('moves a section under a parent and back to the top level with parentId null', async () => {
      const parent = await aSection(api.prisma, pubA.id);
      const section = await aSection(api.prisma, pubA.id);
      const moved = await api.operation('UpdateSection', { id: section.id, input: { parentId: parent.id } }, tokens.editorA);
      expect(moved.errors).toBeUndefined();
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).parentId).toBe(parent.id);
      const top = await api.operation('UpdateSection', { id: section.id, input: { parentId: null } }, tokens.editorA);
      expect(top.errors).toBeUndefined();
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).parentId).toBeNull();
    });

    it.each(['contributorA', 'copyEditorA', 'productionA', 'editorB'] as const)('refuses %s with FORBIDDEN and changes nothing', async (who) => {
      const section = await aSection(api.prisma, pubA.id, { name: 'Opinion' });
      await refusedWithoutWrites(() => api.operation('UpdateSection', { id: section.id, input: { name: 'Hijacked' } }, tokens[who]), 'FORBIDDEN');
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).name).toBe('Opinion');
    });

    it('refuses an anonymous request with UNAUTHENTICATED', async () => {
      const section = await aSection(api.prisma, pubA.id);
      await refusedWithoutWrites(() => api.operation('UpdateSection', { id: section.id, input: { name: 'Anonymous' } }), 'UNAUTHENTICATED');
    });

    it('refuses a parent from another publication with BAD_USER_INPUT on input.parentId', async () => {
      const section = await aSection(api.prisma, pubA.id);
      const foreign = await aSection(api.prisma, pubB.id);
      await refusedWithoutWrites(() => api.operation('UpdateSection', { id: section.id, input: { parentId: foreign.id } }, tokens.editorA), 'BAD_USER_INPUT', [
        'input.parentId',
      ]);
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).parentId).toBeNull();
    });

    it('refuses a parent cycle (a section under its own child, grandchild or itself) with BAD_USER_INPUT on input.parentId', async () => {
      const top = await aSection(api.prisma, pubA.id);
      const child = await aSection(api.prisma, pubA.id, { parentId: top.id });
      const grandchild = await aSection(api.prisma, pubA.id, { parentId: child.id });
      for (const parentId of [child.id, grandchild.id, top.id]) {
        await refusedWithoutWrites(() => api.operation('UpdateSection', { id: top.id, input: { parentId } }, tokens.editorA), 'BAD_USER_INPUT', [
          'input.parentId',
        ]);
      }
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: top.id } })).parentId).toBeNull();
    });

    it('refuses a slug that another section of the publication has with BAD_USER_INPUT on input.slug', async () => {
      const taken = await aSection(api.prisma, pubA.id);
      const section = await aSection(api.prisma, pubA.id);
      await refusedWithoutWrites(() => api.operation('UpdateSection', { id: section.id, input: { slug: taken.slug } }, tokens.editorA), 'BAD_USER_INPUT', [
        'input.slug',
      ]);
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).slug).toBe(section.slug);
    });

    it('refuses moving a section to another publication: publicationId is not in the input', async () => {
      const section = await aSection(api.prisma, pubA.id);
      await refusedWithoutWrites(
        () => api.graphql(`mutation { updateSection(id: "${section.id}", input: { publicationId: "${pubB.id}" }) { id } }`, {}, tokens.admin),
        'BAD_USER_INPUT',
      );
      expect((await api.prisma.section.findUniqueOrThrow({ where: { id: section.id } })).publicationId).toBe(pubA.id);
    });

    it('answers an unknown section id with NOT_FOUND', async () => {
      await refusedWithoutWrites(() => api.operation('UpdateSection', { id: randomUUID(), input: { name: 'Ghost' } }, tokens.editorA), 'NOT_FOUND');
    });
  });

  describe('CreateAuthor', () => {
    it('lets an editor create an author, with the slug made from the name and the email kept', async () => {
      const { data, errors } = await api.operation(
        'CreateAuthor',
        { input: { name: 'Md. Tareq Hasan', bio: 'A student.', email: 'Tareq@Example.com' } },
        tokens.editorA,
      );
      expect(errors).toBeUndefined();
      expect(data.createAuthor).toEqual({ id: expect.any(String), slug: 'md-tareq-hasan' });
      expect(await api.prisma.author.findUniqueOrThrow({ where: { id: data.createAuthor.id } })).toMatchObject({
        name: 'Md. Tareq Hasan',
        bio: 'A student.',
        email: 'tareq@example.com',
        userId: null,
      });
      const again = await api.operation('CreateAuthor', { input: { name: 'Md Tareq Hasan' } }, tokens.editorB);
      expect(again.data.createAuthor.slug).toBe('md-tareq-hasan-2');
    });

    it('links an author to a staff user (admins only: it makes the user a writer of its articles)', async () => {
      const user = await aUser(api.prisma);
      const { data, errors } = await api.operation('CreateAuthor', { input: { name: `Staff Writer ${unique()}`, userId: user.id } }, tokens.admin);
      expect(errors).toBeUndefined();
      expect((await api.prisma.author.findUniqueOrThrow({ where: { id: data.createAuthor.id } })).userId).toBe(user.id);
    });

    it.each(['contributorA', 'copyEditorA', 'productionA'] as const)('refuses %s with FORBIDDEN and writes nothing', async (who) => {
      await refusedWithoutWrites(() => api.operation('CreateAuthor', { input: { name: `Self Promoted ${unique()}` } }, tokens[who]), 'FORBIDDEN');
    });

    it('refuses an anonymous request with UNAUTHENTICATED', async () => {
      await refusedWithoutWrites(() => api.operation('CreateAuthor', { input: { name: 'Anonymous' } }), 'UNAUTHENTICATED');
    });

    it('refuses a userId that another author is already linked to with BAD_USER_INPUT on input.userId', async () => {
      const user = await aUser(api.prisma);
      await anAuthor(api.prisma, { userId: user.id });
      await refusedWithoutWrites(
        () => api.operation('CreateAuthor', { input: { name: `Second Self ${unique()}`, userId: user.id } }, tokens.admin),
        'BAD_USER_INPUT',
        ['input.userId'],
      );
    });

    it.each([
      ['a userId of no user', async () => ({ userId: randomUUID() }), ['input.userId']],
      ['a userId that is not an id', async () => ({ userId: "1' OR 1=1--" }), ['input.userId']],
      ['a slug another author has', async () => ({ slug: (await anAuthor(api.prisma)).slug }), ['input.slug']],
      ['an email that is not one', async () => ({ email: 'nope' }), ['input.email']],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, overrides, fields) => {
      const given = await overrides();
      await refusedWithoutWrites(
        () => api.operation('CreateAuthor', { input: { name: `Valid Author ${unique()}`, ...given } }, tokens.admin),
        'BAD_USER_INPUT',
        fields,
      );
    });
  });

  describe('UpdateAuthor', () => {
    it('lets an editor change the name and bio, keeping the slug, and null clears the bio', async () => {
      const author = await anAuthor(api.prisma, { name: 'Old Name' });
      const { data, errors } = await api.operation('UpdateAuthor', { id: author.id, input: { name: 'New Name', bio: 'Writes on cities.' } }, tokens.editorA);
      expect(errors).toBeUndefined();
      expect(data.updateAuthor).toEqual({ id: author.id, name: 'New Name', bio: 'Writes on cities.' });
      expect((await api.prisma.author.findUniqueOrThrow({ where: { id: author.id } })).slug).toBe(author.slug);

      const cleared = await api.operation('UpdateAuthor', { id: author.id, input: { bio: null } }, tokens.editorA);
      expect(cleared.data.updateAuthor).toEqual({ id: author.id, name: 'New Name', bio: null });
    });

    it.each(['contributorA', 'copyEditorA', 'productionA'] as const)('refuses %s with FORBIDDEN and changes nothing', async (who) => {
      const author = await anAuthor(api.prisma, { name: 'Unchanged' });
      await refusedWithoutWrites(() => api.operation('UpdateAuthor', { id: author.id, input: { name: 'Changed' } }, tokens[who]), 'FORBIDDEN');
      expect((await api.prisma.author.findUniqueOrThrow({ where: { id: author.id } })).name).toBe('Unchanged');
    });

    it('refuses an anonymous request with UNAUTHENTICATED', async () => {
      const author = await anAuthor(api.prisma);
      await refusedWithoutWrites(() => api.operation('UpdateAuthor', { id: author.id, input: { name: 'Anonymous' } }), 'UNAUTHENTICATED');
    });

    it('refuses linking a user that another author is linked to with BAD_USER_INPUT on input.userId', async () => {
      const user = await aUser(api.prisma);
      await anAuthor(api.prisma, { userId: user.id });
      const author = await anAuthor(api.prisma);
      await refusedWithoutWrites(() => api.operation('UpdateAuthor', { id: author.id, input: { userId: user.id } }, tokens.admin), 'BAD_USER_INPUT', [
        'input.userId',
      ]);
      expect((await api.prisma.author.findUniqueOrThrow({ where: { id: author.id } })).userId).toBeNull();
    });

    it('refuses a slug that another author has with BAD_USER_INPUT on input.slug', async () => {
      const other = await anAuthor(api.prisma);
      const author = await anAuthor(api.prisma);
      await refusedWithoutWrites(() => api.operation('UpdateAuthor', { id: author.id, input: { slug: other.slug } }, tokens.editorA), 'BAD_USER_INPUT', [
        'input.slug',
      ]);
    });

    it('answers an unknown author id with NOT_FOUND', async () => {
      await refusedWithoutWrites(() => api.operation('UpdateAuthor', { id: randomUUID(), input: { name: 'Ghost' } }, tokens.editorA), 'NOT_FOUND');
    });
  });

  describe("an author's email", () => {
    const authorQuery = `query ($publication: String!, $slug: String!) {
      publication(slug: $publication) { author(slug: $slug) { slug name email } }
    }`;
    const bylineQuery = `query ($publication: String!, $slug: String!) {
      publication(slug: $publication) { article(slug: $slug) { authors { slug email } } }
    }`;
    type AuthorPage = { publication: { author: { slug: string; name: string; email: string | null } } };
    type Byline = { publication: { article: { authors: { slug: string; email: string | null }[] } } };
    let author: { id: string; slug: string; email: string };
    let articleSlug: string;

    beforeAll(async () => {
      const email = `private-${unique()}@example.com`;
      author = { ...(await anAuthor(api.prisma, { email })), email };
      const section = await aSection(api.prisma, pubA.id);
      articleSlug = (await anArticle(api.prisma, { publicationId: pubA.id, sectionId: section.id }, { authorIds: [author.id] })).slug;
    });

    it('is null for an anonymous reader, on the author page and in a byline', async () => {
      const page = await api.graphql<AuthorPage>(authorQuery, { publication: pubA.slug, slug: author.slug });
      expect(page.errors).toBeUndefined();
      expect(page.data.publication.author).toEqual({ slug: author.slug, name: expect.any(String), email: null });
      const byline = await api.graphql<Byline>(bylineQuery, { publication: pubA.slug, slug: articleSlug });
      expect(byline.data.publication.article.authors).toEqual([{ slug: author.slug, email: null }]);
      expect(JSON.stringify([page, byline])).not.toContain(author.email);
    });

    it('is null, without failing the page, for a reader with a broken token', async () => {
      const page = await api.graphql<AuthorPage>(authorQuery, { publication: pubA.slug, slug: author.slug }, 'not-a-token');
      expect(page.errors).toBeUndefined();
      expect(page.data.publication.author.email).toBeNull();
      expect(JSON.stringify(page)).not.toContain(author.email);
    });

    it.each(['editorA', 'contributorA', 'editorB', 'admin'] as const)('is shown to staff (%s)', async (who) => {
      const page = await api.graphql<AuthorPage>(authorQuery, { publication: pubA.slug, slug: author.slug }, tokens[who]);
      expect(page.errors).toBeUndefined();
      expect(page.data.publication.author.email).toBe(author.email);
    });

    it('is null for staff of another publication who do not manage authors', async () => {
      const pubB = await aPublication(api.prisma);
      const outsider = await api.tokenFor((await aUser(api.prisma, { role: 'PRODUCTION', publicationId: pubB.id })).id);
      const page = await api.graphql<AuthorPage>(authorQuery, { publication: pubA.slug, slug: author.slug }, outsider);
      expect(page.errors).toBeUndefined();
      expect(page.data.publication.author.email).toBeNull();
    });
  });

  describe('AddCorrection', () => {
    let sectionA: { id: string };

    beforeAll(async () => {
      sectionA = await aSection(api.prisma, pubA.id);
    });

    const publishedArticle = (publicationId = pubA.id, sectionId = sectionA.id) => anArticle(api.prisma, { publicationId, sectionId }, { status: 'PUBLISHED' });

    it('lets an editor add corrections, shown publicly on the article page oldest first', async () => {
      const article = await publishedArticle();
      const first = await api.operation(
        'AddCorrection',
        { articleId: article.id, text: '  An earlier version misspelt the minister’s name.  ' },
        tokens.editorA,
      );
      expect(first.errors).toBeUndefined();
      expect(first.data.addCorrection).toEqual({
        id: article.id,
        corrections: [{ text: 'An earlier version misspelt the minister’s name.', createdAt: expect.any(String) }],
      });
      const second = await api.operation('AddCorrection', { articleId: article.id, text: 'The bridge opened in 2022, not 2021.' }, tokens.editorA);
      expect(second.errors).toBeUndefined();

      const page = await api.operation('ArticlePage', { publication: pubA.slug, slug: article.slug });
      const corrections = page.data.publication.article.corrections as { text: string; createdAt: string }[];
      expect(corrections.map((c) => c.text)).toEqual(['An earlier version misspelt the minister’s name.', 'The bridge opened in 2022, not 2021.']);
      expect(Date.parse(corrections[0].createdAt)).toBeLessThanOrEqual(Date.parse(corrections[1].createdAt));
    });

    it('lets an admin without a membership add a correction', async () => {
      const article = await publishedArticle();
      const { errors } = await api.operation('AddCorrection', { articleId: article.id, text: 'Corrected by the group.' }, tokens.admin);
      expect(errors).toBeUndefined();
    });

    it.each(['contributorA', 'copyEditorA', 'productionA', 'editorB'] as const)('refuses %s with FORBIDDEN and writes nothing', async (who) => {
      const article = await publishedArticle();
      await refusedWithoutWrites(() => api.operation('AddCorrection', { articleId: article.id, text: 'Not allowed.' }, tokens[who]), 'FORBIDDEN');
    });

    it('refuses an anonymous request with UNAUTHENTICATED', async () => {
      const article = await publishedArticle();
      await refusedWithoutWrites(() => api.operation('AddCorrection', { articleId: article.id, text: 'Anonymous.' }), 'UNAUTHENTICATED');
    });

    it('answers an unknown article id with NOT_FOUND', async () => {
      await refusedWithoutWrites(() => api.operation('AddCorrection', { articleId: randomUUID(), text: 'Nowhere.' }, tokens.editorA), 'NOT_FOUND');
    });

    it('refuses a malformed article id with BAD_USER_INPUT on articleId', async () => {
      await refusedWithoutWrites(() => api.operation('AddCorrection', { articleId: "1' OR 1=1--", text: 'Injected.' }, tokens.editorA), 'BAD_USER_INPUT', [
        'articleId',
      ]);
    });

    it('refuses an empty correction with BAD_USER_INPUT on text', async () => {
      const article = await publishedArticle();
      await refusedWithoutWrites(() => api.operation('AddCorrection', { articleId: article.id, text: '' }, tokens.editorA), 'BAD_USER_INPUT', ['text']);
    });
  });

  describe('text that no field may hold', () => {
    const article = async () => {
      const section = await aSection(api.prisma, pubA.id);
      return anArticle(api.prisma, { publicationId: pubA.id, sectionId: section.id });
    };
    const requests: [OperationName, string, (text: string) => Promise<[OperationName, Record<string, unknown>, string]>][] = [
      [
        'CreatePublication',
        'input.name',
        async (text) => ['CreatePublication', { input: { slug: `blank-${unique()}`, name: text, timeZone: 'UTC' } }, tokens.admin],
      ],
      ['CreateSection', 'input.name', async (text) => ['CreateSection', { input: { publicationId: pubA.id, name: text } }, tokens.editorA]],
      ['CreateAuthor', 'input.name', async (text) => ['CreateAuthor', { input: { name: text } }, tokens.editorA]],
      [
        'CreateUser',
        'input.name',
        async (text) => ['CreateUser', { input: { email: `blank-${unique()}@newsroom.test`, name: text, password: TEST_PASSWORD } }, tokens.admin],
      ],
      ['AddCorrection', 'text', async (text) => ['AddCorrection', { articleId: (await article()).id, text }, tokens.editorA]],
    ];

    it.each(requests)('%s refuses a NUL byte in %s with BAD_USER_INPUT naming that field', async (_operation, field, request) => {
      const [name, variables, token] = await request('before\u0000after');
      await refusedWithoutWrites(() => api.operation(name, variables, token), 'BAD_USER_INPUT', [field]);
    });

    // MinLength(1) is checked before the text is trimmed: "   " would pass and be saved as "".
    it.each(requests)('%s refuses %s of only spaces with BAD_USER_INPUT, saving no empty text', async (_operation, field, request) => {
      const [name, variables, token] = await request('   ');
      await refusedWithoutWrites(() => api.operation(name, variables, token), 'BAD_USER_INPUT', [field]);
    });
  });

  describe('slugs made at the same moment', () => {
    // Several instances share one database (DESIGN.md "Running it"): two editors adding the
    // same name at once must both get a section or author, each with a slug of its own.
    it('gives 8 sections created at once from one name 8 distinct slugs', async () => {
      const pub = await aPublication(api.prisma);
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => api.operation('CreateSection', { input: { publicationId: pub.id, name: 'Breaking News' } }, tokens.admin)),
      );
      expect(responses.map((r) => r.errors)).toEqual(Array(8).fill(undefined));
      const slugs = responses.map((r) => r.data.createSection.slug);
      expect(new Set(slugs).size).toBe(8);
      expect(slugs).toContain('breaking-news');
      for (const slug of slugs) expect(slug).toMatch(/^breaking-news(-\d+)?$/);
    });

    it('gives 8 authors created at once from one name 8 distinct slugs', async () => {
      const name = `Concurrent Writer ${unique()}`;
      const responses = await Promise.all(Array.from({ length: 8 }, () => api.operation('CreateAuthor', { input: { name } }, tokens.editorA)));
      expect(responses.map((r) => r.errors)).toEqual(Array(8).fill(undefined));
      expect(new Set(responses.map((r) => r.data.createAuthor.slug)).size).toBe(8);
    });
  });

  describe('fields that no input has (no mass assignment)', () => {
    let article: { id: string; version: number; status: string; headline: string };

    beforeAll(async () => {
      const section = await aSection(api.prisma, pubA.id);
      article = await anArticle(api.prisma, { publicationId: pubA.id, sectionId: section.id }, { status: 'DRAFT', createdById: editorA.id, publishedAt: null });
    });

    const unchanged = async () => {
      const row = await api.prisma.article.findUniqueOrThrow({ where: { id: article.id } });
      expect(row).toMatchObject({ status: 'DRAFT', version: 1, headline: article.headline, createdById: editorA.id, publishedAt: null });
    };

    it.each([
      ['status', 'status: PUBLISHED'],
      ['version', 'version: 42'],
      ['createdBy', `createdBy: "${randomUUID()}"`],
      ['createdById', `createdById: "${randomUUID()}"`],
      ['publishedAt', 'publishedAt: "2020-01-01T00:00:00Z"'],
      ['publicationId', `publicationId: "${randomUUID()}"`],
    ])('refuses %s inside UpdateArticleInput by the schema (BAD_USER_INPUT, 400) and writes nothing', async (_field, extra) => {
      const response = await refusedWithoutWrites(
        () =>
          api.graphql(
            `mutation { updateArticle(id: "${article.id}", version: 1, input: { headline: "Hijacked", ${extra} }) { id status version } }`,
            {},
            tokens.editorA,
          ),
        'BAD_USER_INPUT',
      );
      expect(response.status).toBe(400);
      await unchanged();
    });

    it('refuses an extra field sent in the variables of the contract operation, writing nothing', async () => {
      const response = await refusedWithoutWrites(
        () => api.operation('UpdateArticle', { id: article.id, version: 1, input: { headline: 'Hijacked', status: 'PUBLISHED' } }, tokens.editorA),
        'BAD_USER_INPUT',
      );
      expect(response.status).toBe(400);
      await unchanged();
    });

    it('refuses createdBy and status inside CreateArticleInput, writing nothing', async () => {
      const section = await api.prisma.section.findFirstOrThrow({ where: { publicationId: pubA.id } });
      for (const extra of [`createdBy: "${editorA.id}"`, 'status: PUBLISHED']) {
        await refusedWithoutWrites(
          () =>
            api.graphql(
              `mutation { createArticle(input: { publicationId: "${pubA.id}", sectionId: "${section.id}", headline: "Smuggled", authorIds: [], ${extra} }) { id } }`,
              {},
              tokens.contributorA,
            ),
          'BAD_USER_INPUT',
        );
      }
    });

    it('refuses an update without a version (the schema requires it)', async () => {
      await refusedWithoutWrites(
        () => api.graphql(`mutation { updateArticle(id: "${article.id}", input: { headline: "No version" }) { id } }`, {}, tokens.editorA),
        'BAD_USER_INPUT',
      );
      await unchanged();
    });

    it('refuses disabled or isAdmin smuggled into other inputs', async () => {
      await refusedWithoutWrites(
        () =>
          api.graphql(
            `mutation { createUser(input: { email: "smuggle-${unique()}@newsroom.test", name: "S", password: "${TEST_PASSWORD}", disabled: false, memberships: [] }) { id } }`,
            {},
            tokens.admin,
          ),
        'BAD_USER_INPUT',
      );
      await refusedWithoutWrites(
        () => api.graphql(`mutation { updateAuthor(id: "${randomUUID()}", input: { name: "X", isAdmin: true }) { id } }`, {}, tokens.editorA),
        'BAD_USER_INPUT',
      );
    });
  });

  describe('ids that are not UUIDs', () => {
    const badIds = ["1' OR 1=1--", '1; SELECT pg_sleep(5)', '%', '', '00000000-0000-0000-0000-00000000000g', 'x'.repeat(10_000)];
    const operations: [OperationName, (id: string) => Record<string, unknown>, string][] = [
      ['UpdatePublication', (id) => ({ id, input: { name: 'X' } }), 'id'],
      ['UpdateSection', (id) => ({ id, input: { name: 'X' } }), 'id'],
      ['UpdateAuthor', (id) => ({ id, input: { name: 'X' } }), 'id'],
      ['SetMembership', (id) => ({ userId: id, publicationId: pubA.id, role: 'EDITOR' }), 'userId'],
      ['AddCorrection', (id) => ({ articleId: id, text: 'X' }), 'articleId'],
    ];
    const cases = operations.flatMap(([name, variables, field]) =>
      badIds.map((id) => [name, id.length > 40 ? `${id.slice(0, 12)}… (${id.length})` : JSON.stringify(id), variables, field, id] as const),
    );

    it.each(cases)('%s with id %s is BAD_USER_INPUT, never INTERNAL_SERVER_ERROR', async (name, _shown, variables, field, id) => {
      const started = Date.now();
      const response = await refusedWithoutWrites(() => api.operation(name, variables(id), tokens.admin), 'BAD_USER_INPUT', [field]);
      expect(JSON.stringify(response)).not.toMatch(/INTERNAL_SERVER_ERROR|prisma|SELECT .* FROM/i);
      expect(Date.now() - started).toBeLessThan(4_000);
    });
  });
});
