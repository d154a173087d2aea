import { beforeAll, describe, expect, it } from '@jest/globals';
import { anArticle } from './factories/newsroom.factory.js';
import { editorialNewsroom, type EditorialNewsroom, sorted, type Status } from './helpers/editorial-newsroom.js';

// The workflow's moves over HTTP, with the operations the admin tools and the frontend send:
// who may take each, what each requires, versions, and the moves the viewer is offered.

describe('the editorial workflow: moves', () => {
  const { newsroom, article, expectRefused, transition, update, forEdit, publicPage } = editorialNewsroom();
  let api: EditorialNewsroom['api'];
  let pub: EditorialNewsroom['pub'];
  let pubB: EditorialNewsroom['pubB'];
  let news: EditorialNewsroom['news'];
  let sectionB: EditorialNewsroom['sectionB'];
  let users: EditorialNewsroom['users'];
  let tokens: EditorialNewsroom['tokens'];
  let contributorAuthor: EditorialNewsroom['contributorAuthor'];
  let contributor2Author: EditorialNewsroom['contributor2Author'];
  let staffAuthor: EditorialNewsroom['staffAuthor'];
  beforeAll(() => {
    ({ api, pub, pubB, news, sectionB, users, tokens, contributorAuthor, contributor2Author, staffAuthor } = newsroom);
  });

  describe("the newsroom's day", () => {
    it('takes a story from a contributor draft through copy edit and approval to the public page, with its history and revisions', async () => {
      // A contributor drafts...
      const created = await api.operation(
        'CreateArticle',
        {
          input: {
            publicationId: pub.id,
            sectionId: news.id,
            headline: 'Ferry servce resumes after the storm',
            authorIds: [contributorAuthor.id],
            bodyHtml: '<p>The ferry to the islands runs again from Monday.</p>',
            tags: ['Storm', 'Transport'],
          },
        },
        tokens.contributor,
      );
      expect(created.errors).toBeUndefined();
      const draft = created.data.createArticle;
      expect(draft).toMatchObject({ status: 'DRAFT', version: 1, slug: 'ferry-servce-resumes-after-the-storm' });
      const id: string = draft.id;
      // ...is the only public absence until published
      expect(await publicPage(draft.slug)).toBeNull();

      // ...edits their own draft...
      const ownEdit = await update(tokens.contributor, id, 1, { standfirst: 'Islanders can reach the mainland again.' });
      expect(ownEdit.errors).toBeUndefined();
      expect(ownEdit.data.updateArticle.version).toBe(2);

      // ...and submits it.
      const submitted = await transition(tokens.contributor, { id, to: 'SUBMITTED', version: 2 });
      expect(submitted.errors).toBeUndefined();
      expect(submitted.data.transitionArticle).toMatchObject({ status: 'SUBMITTED', version: 3, publishedAt: null, availableTransitions: [] });

      // A copy editor fixes the headline and marks the copy edit done.
      const copyEdit = await update(tokens.copyEditor, id, 3, {
        headline: 'Ferry service resumes after the storm',
        bodyHtml: '<p>The ferry to the islands runs again from Monday, the port said.</p>',
      });
      expect(copyEdit.errors).toBeUndefined();
      expect(copyEdit.data.updateArticle).toMatchObject({ id, version: 4, slug: 'ferry-servce-resumes-after-the-storm' });
      const edited = await transition(tokens.copyEditor, { id, to: 'EDITED', version: 4 });
      expect(edited.errors).toBeUndefined();
      expect(edited.data.transitionArticle).toMatchObject({ status: 'EDITED', version: 5, availableTransitions: ['DRAFT'] });

      // An editor approves and publishes.
      const approved = await transition(tokens.editor, { id, to: 'APPROVED', version: 5 });
      expect(approved.errors).toBeUndefined();
      expect(approved.data.transitionArticle).toMatchObject({ status: 'APPROVED', version: 6, publishedAt: null });
      expect(await publicPage(draft.slug)).toBeNull();
      const published = await transition(tokens.editor, { id, to: 'PUBLISHED', version: 6 });
      expect(published.errors).toBeUndefined();
      expect(published.data.transitionArticle).toMatchObject({ status: 'PUBLISHED', version: 7, availableTransitions: ['RETRACTED'] });
      expect(Date.parse(published.data.transitionArticle.publishedAt)).toBeGreaterThan(Date.now() - 60_000);

      // The public sees it, as the copy editor left it.
      const page = await publicPage(draft.slug);
      expect(page).toMatchObject({
        id,
        status: 'PUBLISHED',
        headline: 'Ferry service resumes after the storm',
        standfirst: 'Islanders can reach the mainland again.',
        bodyHtml: '<p>The ferry to the islands runs again from Monday, the port said.</p>',
        bodyText: 'The ferry to the islands runs again from Monday, the port said.',
        wordCount: 12,
        tags: ['storm', 'transport'],
        publishedAt: published.data.transitionArticle.publishedAt,
        retraction: null,
      });
      expect(page.authors.map((a: { name: string }) => a.name)).toEqual(['Rina Writer']);
      const front = await api.operation('FrontPage', { publication: 'daily', first: 100 });
      expect(front.data.publication.articles.edges.map((e) => e.node.id)).toContain(id);

      // Staff see every move, in order, with who made it...
      const staff = await forEdit(id);
      const c = { id: users.contributor.id, name: users.contributor.name };
      const ce = { id: users.copyEditor.id, name: users.copyEditor.name };
      const ed = { id: users.editor.id, name: users.editor.name };
      expect(staff.history.map(({ from, to, actor }) => ({ from, to, actor }))).toEqual([
        { from: null, to: 'DRAFT', actor: c },
        { from: 'DRAFT', to: 'SUBMITTED', actor: c },
        { from: 'SUBMITTED', to: 'EDITED', actor: ce },
        { from: 'EDITED', to: 'APPROVED', actor: ed },
        { from: 'APPROVED', to: 'PUBLISHED', actor: ed },
      ]);
      const times = staff.history.map((event) => Date.parse(event.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      // ...and every saved version, newest first, with who saved it.
      expect(staff.revisions.map(({ version, headline, by }) => ({ version, headline, by }))).toEqual([
        { version: 7, headline: 'Ferry service resumes after the storm', by: ed },
        { version: 6, headline: 'Ferry service resumes after the storm', by: ed },
        { version: 5, headline: 'Ferry service resumes after the storm', by: ce },
        { version: 4, headline: 'Ferry service resumes after the storm', by: ce },
        { version: 3, headline: 'Ferry servce resumes after the storm', by: c },
        { version: 2, headline: 'Ferry servce resumes after the storm', by: c },
        { version: 1, headline: 'Ferry servce resumes after the storm', by: c },
      ]);
      expect(staff).toMatchObject({ status: 'PUBLISHED', version: 7, availableTransitions: ['RETRACTED'] });
    });
  });

  describe('returns, spikes and restores', () => {
    it("returns a submitted story to its writer's hands with the copy editor's comment in the history", async () => {
      const a = await article('SUBMITTED');
      const returned = await transition(tokens.copyEditor, { id: a.id, to: 'DRAFT', comment: 'Needs a second source.', version: 1 });
      expect(returned.errors).toBeUndefined();
      expect(returned.data.transitionArticle).toMatchObject({ status: 'DRAFT', version: 2 });
      const staff = await forEdit(a.id, tokens.contributor);
      expect(staff.history.at(-1)).toMatchObject({ from: 'SUBMITTED', to: 'DRAFT', comment: 'Needs a second source.', actor: { id: users.copyEditor.id } });
      expect(staff.availableTransitions).toEqual(['SUBMITTED']);
      const fixed = await update(tokens.contributor, a.id, 2, { bodyHtml: '<p>Two sources now confirm it.</p>' });
      expect(fixed.errors).toBeUndefined();
      const again = await transition(tokens.contributor, { id: a.id, to: 'SUBMITTED', version: 3 });
      expect(again.data.transitionArticle).toMatchObject({ status: 'SUBMITTED', version: 4 });
    });

    it("spikes a story out of everyone's hands and restores it to a draft that can be edited again", async () => {
      const a = await article('APPROVED');
      const spiked = await transition(tokens.editor, { id: a.id, to: 'SPIKED', comment: 'Overtaken by events.' });
      expect(spiked.data.transitionArticle).toMatchObject({ status: 'SPIKED', availableTransitions: ['DRAFT'] });
      await expectRefused(a.id, 'FORBIDDEN', () => update(tokens.editor, a.id, 2, { headline: 'Still spiked' }));
      const restored = await transition(tokens.editor, { id: a.id, to: 'DRAFT', version: 2 });
      expect(restored.data.transitionArticle).toMatchObject({ status: 'DRAFT', version: 3 });
      const edited = await update(tokens.editor, a.id, 3, { headline: 'Back from the spike' });
      expect(edited.errors).toBeUndefined();
      expect((await forEdit(a.id)).history.slice(-2).map((e) => [e.from, e.to, e.comment])).toEqual([
        ['APPROVED', 'SPIKED', 'Overtaken by events.'],
        ['SPIKED', 'DRAFT', null],
      ]);
    });
  });

  describe('moves the table lacks', () => {
    it.each([
      ['DRAFT', 'PRINTED', ['SPIKED', 'SUBMITTED']],
      ['DRAFT', 'PUBLISHED', ['SPIKED', 'SUBMITTED']],
      ['PRINTED', 'DRAFT', ['RETRACTED']],
      ['SPIKED', 'PUBLISHED', ['DRAFT']],
      ['PUBLISHED', 'APPROVED', ['RETRACTED']],
    ] as [Status, Status, string[]][])(
      'refuses %s → %s even to an editor with INVALID_TRANSITION, the allowed moves, and writes nothing',
      async (from, to, allowed) => {
        const a = await article(from);
        const response = await expectRefused(a.id, 'INVALID_TRANSITION', () => transition(tokens.editor, { id: a.id, to, comment: 'because' }));
        expect(sorted(response.errors![0].extensions.allowed as string[])).toEqual(allowed);
      },
    );

    it('lists in `allowed` only the moves the viewer may take (a contributor on their own draft: SUBMITTED)', async () => {
      const a = await article('DRAFT');
      const response = await expectRefused(a.id, 'INVALID_TRANSITION', () => transition(tokens.contributor, { id: a.id, to: 'PRINTED' }));
      expect(response.errors![0].extensions.allowed).toEqual(['SUBMITTED']);
    });
  });

  describe('moves the viewer may not take', () => {
    it.each([
      ['approve their own submitted story', 'SUBMITTED', { to: 'APPROVED' }],
      ['approve their own edited story', 'EDITED', { to: 'APPROVED' }],
      ['publish their own approved story', 'APPROVED', { to: 'PUBLISHED' }],
      ['schedule their own approved story', 'APPROVED', { to: 'SCHEDULED', publishAt: new Date(Date.now() + 86_400_000).toISOString() }],
      ['mark their own submitted story copy-edited', 'SUBMITTED', { to: 'EDITED' }],
      ['spike their own draft', 'DRAFT', { to: 'SPIKED', comment: 'not needed' }],
    ] as [string, Status, Record<string, unknown>][])('refuses a contributor who tries to %s with FORBIDDEN', async (_name, status, move) => {
      const a = await article(status);
      await expectRefused(a.id, 'FORBIDDEN', () => transition(tokens.contributor, { id: a.id, ...move }));
    });

    it("refuses a contributor who submits another writer's draft with FORBIDDEN", async () => {
      const a = await article('DRAFT', { createdById: users.contributor2.id, authorIds: [contributor2Author.id] });
      await expectRefused(a.id, 'FORBIDDEN', () => transition(tokens.contributor, { id: a.id, to: 'SUBMITTED' }));
    });

    it('refuses a copy editor who approves or publishes with FORBIDDEN', async () => {
      const submitted = await article('SUBMITTED');
      await expectRefused(submitted.id, 'FORBIDDEN', () => transition(tokens.copyEditor, { id: submitted.id, to: 'APPROVED' }));
      const approved = await article('APPROVED');
      await expectRefused(approved.id, 'FORBIDDEN', () => transition(tokens.copyEditor, { id: approved.id, to: 'PUBLISHED' }));
    });

    it("refuses staff of another publication acting on this publication's article with FORBIDDEN", async () => {
      const a = await article('APPROVED');
      await expectRefused(a.id, 'FORBIDDEN', () => transition(tokens.editorB, { id: a.id, to: 'PUBLISHED' }));
      await expectRefused(a.id, 'FORBIDDEN', () => update(tokens.editorB, a.id, 1, { headline: 'Hijacked by a rival' }));
      const read = await api.operation('ArticleForEdit', { id: a.id }, tokens.editorB);
      expect(read.errors![0].extensions.code).toBe('FORBIDDEN');
      expect(read.data?.article ?? null).toBeNull();
    });

    it("refuses an editor editing another publication's draft with FORBIDDEN, and a section of another publication with BAD_USER_INPUT", async () => {
      const rivalDraft = await anArticle(
        api.prisma,
        { publicationId: pubB.id, sectionId: sectionB.id },
        { status: 'DRAFT', publishedAt: null, authorIds: [staffAuthor.id] },
      );
      await expectRefused(rivalDraft.id, 'FORBIDDEN', () => update(tokens.editor, rivalDraft.id, 1, { headline: 'Not yours' }));
      await expectRefused(rivalDraft.id, 'FORBIDDEN', () => transition(tokens.editor, { id: rivalDraft.id, to: 'SPIKED', comment: 'Not yours' }));
      const moved = await expectRefused(rivalDraft.id, 'BAD_USER_INPUT', () => update(tokens.editorB, rivalDraft.id, 1, { sectionId: news.id }));
      expect(moved.errors![0].extensions.fields).toEqual([{ field: 'input.sectionId', message: expect.any(String) }]);
    });
  });

  describe('what a move requires', () => {
    it.each([
      ['return', 'SUBMITTED', 'DRAFT', 'copyEditor'],
      ['return an edited story', 'EDITED', 'DRAFT', 'editor'],
      ['spike', 'APPROVED', 'SPIKED', 'editor'],
      ['retract', 'PUBLISHED', 'RETRACTED', 'editor'],
    ] as [string, Status, Status, keyof typeof tokens][])(
      'refuses to %s without a comment with BAD_USER_INPUT on input.comment',
      async (_name, from, to, who) => {
        const a = await article(from);
        for (const comment of [undefined, null, '', '   ']) {
          const response = await expectRefused(a.id, 'BAD_USER_INPUT', () => transition(tokens[who], { id: a.id, to, comment }));
          expect(response.errors![0].extensions.fields).toEqual([{ field: 'input.comment', message: expect.any(String) }]);
        }
      },
    );

    it('refuses to schedule with publishAt in the past or missing with BAD_USER_INPUT on input.publishAt', async () => {
      const a = await article('APPROVED');
      for (const publishAt of [new Date(Date.now() - 60_000).toISOString(), undefined, null]) {
        const response = await expectRefused(a.id, 'BAD_USER_INPUT', () => transition(tokens.editor, { id: a.id, to: 'SCHEDULED', publishAt }));
        expect(response.errors![0].extensions.fields).toEqual([{ field: 'input.publishAt', message: expect.any(String) }]);
      }
    });

    it.each(['not a date', '2030-01-01', '12345', '2030-13-01T10:00:00Z'])('refuses to schedule with publishAt %j with BAD_USER_INPUT', async (publishAt) => {
      const a = await article('APPROVED');
      await expectRefused(a.id, 'BAD_USER_INPUT', () => transition(tokens.editor, { id: a.id, to: 'SCHEDULED', publishAt }));
    });

    it.each(['2030-02-30T10:00:00Z', '2030-04-31T10:00:00Z'])(
      'refuses to schedule with the impossible calendar date %j with BAD_USER_INPUT instead of rolling it into the next month',
      async (publishAt) => {
        const a = await article('APPROVED');
        await expectRefused(a.id, 'BAD_USER_INPUT', () => transition(tokens.editor, { id: a.id, to: 'SCHEDULED', publishAt }));
      },
    );

    it('refuses to submit a draft with no author with BAD_USER_INPUT', async () => {
      const a = await article('DRAFT', { authorIds: [] });
      const response = await expectRefused(a.id, 'BAD_USER_INPUT', () => transition(tokens.contributor, { id: a.id, to: 'SUBMITTED' }));
      expect((response.errors![0].extensions.fields as unknown[]).length).toBeGreaterThan(0);
    });

    it('refuses to submit a draft with an empty body with BAD_USER_INPUT', async () => {
      const a = await article('DRAFT', { bodyHtml: '<script>only a script</script>' });
      await expectRefused(a.id, 'BAD_USER_INPUT', () => transition(tokens.contributor, { id: a.id, to: 'SUBMITTED' }));
    });
  });

  describe('versions', () => {
    it("refuses a save on a stale version with CONFLICT and currentVersion; the first writer's content stands", async () => {
      const a = await article('SUBMITTED', { headline: 'Original headline', version: 5 });
      // Two editors load version 5.
      expect((await forEdit(a.id, tokens.editor)).version).toBe(5);
      expect((await forEdit(a.id, tokens.editor2)).version).toBe(5);
      const first = await update(tokens.editor, a.id, 5, { headline: 'Headline by the first editor', bodyHtml: '<p>First body.</p>' });
      expect(first.errors).toBeUndefined();
      expect(first.data.updateArticle.version).toBe(6);
      const response = await expectRefused(a.id, 'CONFLICT', () =>
        update(tokens.editor2, a.id, 5, { headline: 'Headline by the second editor', bodyHtml: '<p>Second body.</p>' }),
      );
      expect(response.errors![0].extensions.currentVersion).toBe(6);
      const now = await forEdit(a.id);
      expect(now).toMatchObject({ version: 6, headline: 'Headline by the first editor', bodyHtml: '<p>First body.</p>' });
      expect(now.revisions.map((r) => [r.version, r.by === null ? null : r.by.id])).toEqual([
        [6, users.editor.id],
        [5, null],
      ]);
    });

    it('refuses a save on a version from the future with CONFLICT', async () => {
      const a = await article('DRAFT');
      const response = await expectRefused(a.id, 'CONFLICT', () => update(tokens.contributor, a.id, 2, { headline: 'Too new' }));
      expect(response.errors![0].extensions.currentVersion).toBe(1);
    });

    it('refuses a move on a stale version with CONFLICT and currentVersion', async () => {
      const a = await article('APPROVED', { version: 3 });
      const response = await expectRefused(a.id, 'CONFLICT', () => transition(tokens.editor, { id: a.id, to: 'PUBLISHED', version: 2 }));
      expect(response.errors![0].extensions.currentVersion).toBe(3);
    });

    it('refuses an update without version with BAD_USER_INPUT (the schema requires it)', async () => {
      const a = await article('DRAFT');
      await expectRefused(a.id, 'BAD_USER_INPUT', () => update(tokens.contributor, a.id, undefined, { headline: 'No version' }));
      await expectRefused(a.id, 'BAD_USER_INPUT', () =>
        api.graphql('mutation ($id: ID!) { updateArticle(id: $id, input: { headline: "No version" }) { id version } }', { id: a.id }, tokens.contributor),
      );
    });

    it.each([
      ['status', '{ status: PUBLISHED }'],
      ['version', '{ version: 9 }'],
      ['createdById', '{ createdById: "00000000-0000-0000-0000-000000000000" }'],
    ])('refuses an update input carrying %s with BAD_USER_INPUT (no mass assignment)', async (_field, input) => {
      const a = await article('DRAFT');
      await expectRefused(a.id, 'BAD_USER_INPUT', () =>
        api.graphql(`mutation ($id: ID!) { updateArticle(id: $id, version: 1, input: ${input}) { id } }`, { id: a.id }, tokens.contributor),
      );
    });
  });

  describe('availableTransitions', () => {
    const query = 'query ($id: ID!) { article(id: $id) { availableTransitions } }';
    const publicQuery = 'query ($p: String!, $s: String!) { publication(slug: $p) { article(slug: $s) { availableTransitions } } }';

    it.each([
      ['a contributor on their own DRAFT', 'DRAFT', 'contributor', ['SUBMITTED']],
      ['a contributor on their own SUBMITTED story', 'SUBMITTED', 'contributor', []],
      ['a copy editor on a SUBMITTED story', 'SUBMITTED', 'copyEditor', ['DRAFT', 'EDITED']],
      ['a copy editor on a DRAFT', 'DRAFT', 'copyEditor', ['SUBMITTED']],
      ['an editor on a DRAFT', 'DRAFT', 'editor', ['SPIKED', 'SUBMITTED']],
      ['an editor on an EDITED story', 'EDITED', 'editor', ['APPROVED', 'DRAFT', 'SPIKED']],
      ['an editor on an APPROVED story', 'APPROVED', 'editor', ['PUBLISHED', 'SCHEDULED', 'SPIKED']],
      ['an editor on a SCHEDULED story', 'SCHEDULED', 'editor', ['APPROVED', 'PUBLISHED', 'SPIKED']],
      ['an editor on a PUBLISHED story', 'PUBLISHED', 'editor', ['RETRACTED']],
      ['an editor on a PRINTED story', 'PRINTED', 'editor', ['RETRACTED']],
      ['an editor on a SPIKED story', 'SPIKED', 'editor', ['DRAFT']],
      ['an editor on a RETRACTED story', 'RETRACTED', 'editor', ['PUBLISHED']],
      ['production on an APPROVED story', 'APPROVED', 'production', []],
    ] as [string, Status, keyof typeof tokens, string[]][])('answers from the table for %s', async (_name, status, who, expected) => {
      const a = await article(status, status === 'SCHEDULED' ? { scheduledFor: new Date(Date.now() + 86_400_000) } : {});
      const response = await api.graphql<{ article: { availableTransitions: string[] } }>(query, { id: a.id }, tokens[who]);
      expect(response.errors).toBeUndefined();
      expect(sorted(response.data.article.availableTransitions)).toEqual(expected);
    });

    it('answers [] to the anonymous public and to staff of another publication', async () => {
      const a = await article('PUBLISHED');
      const anonymous = await api.graphql<{ publication: { article: { availableTransitions: string[] } } }>(publicQuery, { p: 'daily', s: a.slug });
      expect(anonymous.errors).toBeUndefined();
      expect(anonymous.data.publication.article.availableTransitions).toEqual([]);
      const rival = await api.graphql<{ publication: { article: { availableTransitions: string[] } } }>(publicQuery, { p: 'daily', s: a.slug }, tokens.editorB);
      expect(rival.data.publication.article.availableTransitions).toEqual([]);
      const editor = await api.graphql<{ publication: { article: { availableTransitions: string[] } } }>(publicQuery, { p: 'daily', s: a.slug }, tokens.editor);
      expect(editor.data.publication.article.availableTransitions).toEqual(['RETRACTED']);
    });
  });

  describe('a scheduled story whose time has come', () => {
    it('cannot vanish by unscheduling or spiking: it is published first, and only a retraction takes it down', async () => {
      const due = await article('SCHEDULED', { scheduledFor: new Date(Date.now() - 60_000), publishedAt: new Date(Date.now() - 60_000) });
      for (const to of ['APPROVED', 'SPIKED']) {
        const { errors } = await transition(tokens.editor, { id: due.id, to, comment: 'pull it' });
        expect(errors![0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['RETRACTED'] });
      }
      const row = await api.prisma.article.findUniqueOrThrow({ where: { id: due.id } });
      expect(row.status).toBe('PUBLISHED');
      expect(row.publishedAt).toEqual(due.publishedAt);
      const published = await api.prisma.articleEvent.findMany({ where: { articleId: due.id, toStatus: 'PUBLISHED' } });
      expect(published).toHaveLength(1);
      expect(published[0].actorId).toBeNull();
      const { data } = await api.operation('ArticlePage', { publication: pub.slug, slug: due.slug });
      expect(data.publication.article.status).toBe('PUBLISHED');
    });
  });
});
