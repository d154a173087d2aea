import { beforeAll, describe, expect, it } from '@jest/globals';
import { editorialNewsroom, type EditorialNewsroom } from './helpers/editorial-newsroom.js';

// What an article holds: slugs old and new, sanitised bodies in any script, and fixes from reviews.

describe('the editorial workflow: content', () => {
  const { newsroom, article, expectRefused, transition, update, forEdit, publicPage } = editorialNewsroom();
  let api: EditorialNewsroom['api'];
  let pub: EditorialNewsroom['pub'];
  let news: EditorialNewsroom['news'];
  let users: EditorialNewsroom['users'];
  let tokens: EditorialNewsroom['tokens'];
  let contributorAuthor: EditorialNewsroom['contributorAuthor'];
  beforeAll(() => {
    ({ api, pub, news, users, tokens, contributorAuthor } = newsroom);
  });

  describe('slugs and bodies', () => {
    it('keeps the old slug resolving publicly after a rename, with the new one as canonicalSlug', async () => {
      const a = await article('PUBLISHED', { slug: 'mayor-resigns' });
      const renamed = await update(tokens.editor, a.id, 1, { slug: 'mayor-resigns-after-audit', headline: 'Mayor resigns after audit' });
      expect(renamed.errors).toBeUndefined();
      expect(renamed.data.updateArticle).toMatchObject({ slug: 'mayor-resigns-after-audit', version: 2 });
      expect(await publicPage('mayor-resigns')).toMatchObject({
        id: a.id,
        slug: 'mayor-resigns',
        canonicalSlug: 'mayor-resigns-after-audit',
        headline: 'Mayor resigns after audit',
      });
      expect(await publicPage('mayor-resigns-after-audit')).toMatchObject({
        id: a.id,
        slug: 'mayor-resigns-after-audit',
        canonicalSlug: 'mayor-resigns-after-audit',
      });
      // A headline change alone keeps the slug.
      const again = await update(tokens.editor, a.id, 2, { headline: 'Mayor quits' });
      expect(again.data.updateArticle.slug).toBe('mayor-resigns-after-audit');
      // Renaming back to an old slug of its own is allowed.
      const back = await update(tokens.editor, a.id, 3, { slug: 'mayor-resigns' });
      expect(back.errors).toBeUndefined();
      expect(await publicPage('mayor-resigns-after-audit')).toMatchObject({ id: a.id, canonicalSlug: 'mayor-resigns' });
    });

    it('refuses a slug held now or before by another article with BAD_USER_INPUT on input.slug', async () => {
      const holder = await article('PUBLISHED', { slug: 'budget-day' });
      await update(tokens.editor, holder.id, 1, { slug: 'budget-day-live' });
      const a = await article('DRAFT');
      for (const slug of ['budget-day-live', 'budget-day']) {
        const response = await expectRefused(a.id, 'BAD_USER_INPUT', () => update(tokens.contributor, a.id, 1, { slug }));
        expect(response.errors![0].extensions.fields).toEqual([{ field: 'input.slug', message: expect.any(String) }]);
      }
      const created = await api.operation(
        'CreateArticle',
        {
          input: { publicationId: pub.id, sectionId: news.id, headline: 'Budget', authorIds: [contributorAuthor.id], slug: 'budget-day-live' },
        },
        tokens.contributor,
      );
      expect(created.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.slug', message: expect.any(String) }] });
      expect(await publicPage('budget-day')).toMatchObject({ id: holder.id });
    });

    it('stores a body with scripts, event handlers and javascript: links sanitised, with bodyText and wordCount from what remains', async () => {
      const textQuery = 'query ($id: ID!) { article(id: $id) { bodyHtml bodyText wordCount } }';
      const created = await api.operation(
        'CreateArticle',
        {
          input: {
            publicationId: pub.id,
            sectionId: news.id,
            headline: 'Sanitised',
            authorIds: [contributorAuthor.id],
            bodyHtml:
              '<p>Safe <strong>words</strong> here.</p><script>alert("pwned")</script>' +
              '<p><img src="https://example.com/a.jpg" alt="pic" onerror="alert(1)"></p>' +
              '<p onclick="alert(2)"><a href="javascript:alert(3)">bad link</a> and <a href="https://example.com/x">good link</a></p>',
          },
        },
        tokens.contributor,
      );
      expect(created.errors).toBeUndefined();
      const id = created.data.createArticle.id;
      const stored1 = (await forEdit(id, tokens.contributor)).bodyHtml;
      for (const bad of ['<script', 'pwned', 'onerror', 'onclick', 'javascript:', 'alert']) expect(stored1).not.toContain(bad);
      expect(stored1).toContain('<strong>words</strong>');
      expect(stored1).toContain('src="https://example.com/a.jpg"');
      expect(stored1).toContain('href="https://example.com/x"');
      type Text = { article: { bodyHtml: string; bodyText: string; wordCount: number } };
      const derived = await api.graphql<Text>(textQuery, { id }, tokens.contributor);
      expect(derived.data.article).toMatchObject({ bodyText: 'Safe words here.\nbad link and good link', wordCount: 8 });

      const updated = await update(tokens.contributor, id, 1, {
        bodyHtml:
          '<p>One two</p><svg onload="alert(4)"><text>three</text></svg><iframe srcdoc="<script>alert(5)</script>"></iframe><p><a href="JaVaScRiPt:alert(6)">four</a></p>',
      });
      expect(updated.errors).toBeUndefined();
      const after = await api.graphql<Text>(textQuery, { id }, tokens.contributor);
      for (const bad of ['<svg', 'onload', '<iframe', 'srcdoc', 'alert', 'javascript:', 'JaVaScRiPt']) expect(after.data.article.bodyHtml).not.toContain(bad);
      expect(after.data.article).toMatchObject({ bodyText: 'One two\nfour', wordCount: 3 });
      const revision = await api.prisma.articleRevision.findFirstOrThrow({ where: { articleId: id, version: 2 } });
      expect(revision.bodyHtml).toBe(after.data.article.bodyHtml);
    });
  });

  describe('a long body in any script', () => {
    it('saves a body of 400,000 Bengali characters (1.2 MB) and keeps it searchable', async () => {
      const words = Array.from({ length: 40_000 }, (_, i) => `অনুচ্ছেদ${i}`).join(' ');
      const body = `<p>harbourmaster ${words}</p>`.slice(0, 400_000);
      const { data, errors } = await api.operation(
        'CreateArticle',
        { input: { publicationId: pub.id, sectionId: news.id, headline: 'A long read', authorIds: [contributorAuthor.id], bodyHtml: body } },
        tokens.editor,
      );
      expect(errors).toBeUndefined();
      const row = await api.prisma.article.findUniqueOrThrow({ where: { id: data.createArticle.id } });
      expect(row.bodyText.length).toBeGreaterThan(390_000);
      const found = await api.prisma.$queryRaw<{ id: string }[]>`SELECT id FROM articles WHERE search_vector @@ plainto_tsquery('english', 'harbourmaster')`;
      expect(found.map((f) => f.id)).toContain(row.id);
    });
  });

  describe('what a review found', () => {
    it('offers the moves of a published story for a scheduled one whose time has come', async () => {
      const due = await article('SCHEDULED', { scheduledFor: new Date(Date.now() - 1000), publishedAt: new Date(Date.now() - 1000) });
      expect((await forEdit(due.id)).availableTransitions).toEqual(['RETRACTED']);
    });

    it('refuses to empty the body or the byline of a submitted article', async () => {
      const submitted = await article('SUBMITTED', { bodyHtml: '<p>Words.</p>' });
      await expectRefused(submitted.id, 'BAD_USER_INPUT', () => update(tokens.copyEditor, submitted.id, 1, { bodyHtml: '<script>x</script>' }));
      await expectRefused(submitted.id, 'BAD_USER_INPUT', () => update(tokens.copyEditor, submitted.id, 1, { authorIds: [] }));
    });

    it.each(['9999-12-31T23:59:59-23:59', '10000-01-01T00:00:00Z', '2030-01-01T24:00:00Z', '2030-01-01T10:00:00+15:00'])(
      'refuses publishAt %s with BAD_USER_INPUT',
      async (publishAt) => {
        const approved = await article('APPROVED');
        await expectRefused(approved.id, 'BAD_USER_INPUT', () => transition(tokens.editor, { id: approved.id, to: 'SCHEDULED', publishAt }));
      },
    );

    it('refuses a body of more than 20,000 tags before parsing it', async () => {
      const draft = await article('DRAFT');
      const started = Date.now();
      await expectRefused(draft.id, 'BAD_USER_INPUT', () => update(tokens.contributor, draft.id, 1, { bodyHtml: '<i>'.repeat(120_000) }));
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('lets only an admin link an author to a user (it makes them a writer of its articles)', async () => {
      const { errors } = await api.operation('UpdateAuthor', { id: contributorAuthor.id, input: { userId: users.contributor2.id } }, tokens.editor);
      expect(errors![0].extensions.code).toBe('FORBIDDEN');
      const created = await api.operation('CreateAuthor', { input: { name: 'Linked Writer', userId: users.contributor2.id } }, tokens.editor);
      expect(created.errors![0].extensions.code).toBe('FORBIDDEN');
    });
  });
});
