import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type OperationName } from './helpers/api.js';
import { TEST_PASSWORD, aPublication, aSection, anArticle } from './factories/newsroom.factory.js';
import { adminNewsroom, type AdminNewsroom, unique } from './helpers/admin-newsroom.js';

// Corrections, and the inputs every operation refuses: blank or NUL text, fields no input has,
// ids that are not ids, slugs made at the same moment.

describe('admin operations: what no input may hold', () => {
  const { newsroom, refusedWithoutWrites } = adminNewsroom();
  let api: AdminNewsroom['api'];
  let pubA: AdminNewsroom['pubA'];
  let tokens: AdminNewsroom['tokens'];
  let editorA: AdminNewsroom['editorA'];
  beforeAll(() => {
    ({ api, pubA, tokens, editorA } = newsroom);
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
    // Several instances share one database: two editors adding the
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
