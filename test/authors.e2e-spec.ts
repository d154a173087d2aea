import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { aPublication, aSection, aUser, anArticle, anAuthor } from './factories/newsroom.factory.js';
import { adminNewsroom, type AdminNewsroom, unique } from './helpers/admin-newsroom.js';

// Authors, who write for the whole group, and their emails, which the public never sees.

describe('admin operations: authors', () => {
  const { newsroom, refusedWithoutWrites } = adminNewsroom();
  let api: AdminNewsroom['api'];
  let pubA: AdminNewsroom['pubA'];
  let tokens: AdminNewsroom['tokens'];
  beforeAll(() => {
    ({ api, pubA, tokens } = newsroom);
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
});
