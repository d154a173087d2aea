import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SchedulerService } from '../src/articles/scheduler.service.js';
import { TestApi, type GraphQLResponse } from './helpers/api.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';

// The editorial workflow over HTTP, with the operations the admin tools and the frontend
// send: DESIGN.md "The workflow", "Who may do what", "What the public sees", "The API";
// HARDENING.md "Concurrency and workflow" and "Leaks and authorization".

type Status = 'DRAFT' | 'SUBMITTED' | 'EDITED' | 'APPROVED' | 'SCHEDULED' | 'PUBLISHED' | 'PRINTED' | 'SPIKED' | 'RETRACTED';

const sorted = (values: readonly string[]) => [...values].sort();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the editorial workflow', () => {
  let api: TestApi;
  let pub: { id: string; slug: string };
  let pubB: { id: string; slug: string };
  let news: { id: string; slug: string };
  let sectionB: { id: string; slug: string };
  let users: Record<'contributor' | 'contributor2' | 'copyEditor' | 'editor' | 'editor2' | 'production' | 'editorB', { id: string; name: string }>;
  let tokens: Record<keyof typeof users, string>;
  let contributorAuthor: { id: string; slug: string };
  let contributor2Author: { id: string; slug: string };
  let staffAuthor: { id: string; slug: string; name: string };

  beforeAll(async () => {
    api = await TestApi.start();
    const db = api.prisma;
    pub = await aPublication(db, { slug: 'daily' });
    pubB = await aPublication(db, { slug: 'rival' });
    news = await aSection(db, pub.id, { slug: 'news' });
    sectionB = await aSection(db, pubB.id, { slug: 'news' });
    users = {
      contributor: await aUser(db, { role: 'CONTRIBUTOR', publicationId: pub.id, name: 'Rina Contributor' }),
      contributor2: await aUser(db, { role: 'CONTRIBUTOR', publicationId: pub.id, name: 'Omar Contributor' }),
      copyEditor: await aUser(db, { role: 'COPY_EDITOR', publicationId: pub.id, name: 'Cora Copy' }),
      editor: await aUser(db, { role: 'EDITOR', publicationId: pub.id, name: 'Eddie Editor' }),
      editor2: await aUser(db, { role: 'EDITOR', publicationId: pub.id, name: 'Edna Editor' }),
      production: await aUser(db, { role: 'PRODUCTION', publicationId: pub.id, name: 'Pat Production' }),
      editorB: await aUser(db, { role: 'EDITOR', publicationId: pubB.id, name: 'Bea Rival Editor' }),
    };
    tokens = Object.fromEntries(await Promise.all(Object.entries(users).map(async ([key, user]) => [key, await api.tokenFor(user.id)]))) as typeof tokens;
    contributorAuthor = await anAuthor(db, { userId: users.contributor.id, name: 'Rina Writer' });
    contributor2Author = await anAuthor(db, { userId: users.contributor2.id, name: 'Omar Writer' });
    staffAuthor = await anAuthor(db, { name: 'Staff Reporter' });
  });

  afterAll(() => api.close());

  // ---- arranging and observing ----

  /** An article of `daily` in `status`, written by the contributor unless told otherwise. */
  function article(status: Status, overrides: Parameters<typeof anArticle>[2] = {}) {
    return anArticle(
      api.prisma,
      { publicationId: pub.id, sectionId: news.id },
      {
        status,
        createdById: users.contributor.id,
        authorIds: [contributorAuthor.id],
        ...(status === 'PUBLISHED' || status === 'PRINTED' || status === 'RETRACTED' ? {} : { publishedAt: null }),
        ...overrides,
      },
    );
  }

  /** Everything a refused request must leave as it was. */
  async function stored(id: string) {
    const db = api.prisma;
    const row = await db.article.findUniqueOrThrow({ where: { id }, include: { authors: true } });
    return {
      row,
      events: await db.articleEvent.count({ where: { articleId: id } }),
      revisions: await db.articleRevision.count({ where: { articleId: id } }),
      slugs: await db.articleSlug.count({ where: { articleId: id } }),
    };
  }

  type Connection = { edges: { node: { id: string } }[] };

  /** Sends `act`, expects it refused with `code`, and that nothing about the article changed. */
  async function expectRefused(id: string, code: string, act: () => Promise<GraphQLResponse>): Promise<GraphQLResponse> {
    const before = await stored(id);
    const response = await act();
    expect(response.errors?.[0]?.extensions.code).toBe(code);
    const data = response.data as { transitionArticle?: unknown; updateArticle?: unknown } | null;
    expect(data?.transitionArticle ?? data?.updateArticle ?? null).toBeNull();
    expect(await stored(id)).toEqual(before);
    return response;
  }

  const transition = (token: string, input: Record<string, unknown>) => api.operation('TransitionArticle', { input }, token);
  const update = (token: string, id: string, version: number | undefined, input: Record<string, unknown>) =>
    api.operation('UpdateArticle', { id, version, input }, token);
  const forEdit = async (id: string, token = tokens.editor) => {
    const response = await api.operation('ArticleForEdit', { id }, token);
    expect(response.errors).toBeUndefined();
    return response.data.article;
  };
  const publicPage = async (slug: string, publication = 'daily') => {
    const response = await api.operation('ArticlePage', { publication, slug });
    expect(response.errors).toBeUndefined();
    return response.data.publication.article;
  };

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

  describe('who may read and write at all', () => {
    it('refuses the anonymous any staff read or write with UNAUTHENTICATED', async () => {
      const a = await article('APPROVED');
      await expectRefused(a.id, 'UNAUTHENTICATED', () => transition('', { id: a.id, to: 'PUBLISHED' }));
      await expectRefused(a.id, 'UNAUTHENTICATED', () => update('', a.id, 1, { headline: 'Anonymous edit' }));
      const read = await api.operation('ArticleForEdit', { id: a.id });
      expect(read.errors![0].extensions.code).toBe('UNAUTHENTICATED');
      expect(read.data?.article ?? null).toBeNull();
    });

    it("refuses a contributor reading another writer's article on the staff side with FORBIDDEN", async () => {
      const a = await article('DRAFT', { createdById: users.contributor2.id, authorIds: [contributor2Author.id] });
      const read = await api.operation('ArticleForEdit', { id: a.id }, tokens.contributor);
      expect(read.errors![0].extensions.code).toBe('FORBIDDEN');
      expect(JSON.stringify(read)).not.toContain(a.headline);
    });

    it('refuses creating an article in a publication the user is not a member of with FORBIDDEN', async () => {
      const before = await api.prisma.article.count({ where: { publicationId: pubB.id } });
      const created = await api.operation(
        'CreateArticle',
        {
          input: { publicationId: pubB.id, sectionId: sectionB.id, headline: 'Planted story', authorIds: [contributorAuthor.id] },
        },
        tokens.contributor,
      );
      expect(created.errors![0].extensions.code).toBe('FORBIDDEN');
      expect(created.data?.createArticle ?? null).toBeNull();
      expect(await api.prisma.article.count({ where: { publicationId: pubB.id } })).toBe(before);
    });

    it('refuses PRODUCTION creating an article with FORBIDDEN', async () => {
      const created = await api.operation(
        'CreateArticle',
        {
          input: { publicationId: pub.id, sectionId: news.id, headline: 'Filler for page nine', authorIds: [staffAuthor.id] },
        },
        tokens.production,
      );
      expect(created.errors![0].extensions.code).toBe('FORBIDDEN');
      expect(await api.prisma.article.count({ where: { headline: 'Filler for page nine' } })).toBe(0);
    });
  });

  describe('who may edit content', () => {
    it('refuses a contributor editing their own story after submission with FORBIDDEN', async () => {
      const a = await article('SUBMITTED');
      await expectRefused(a.id, 'FORBIDDEN', () => update(tokens.contributor, a.id, 1, { headline: 'Second thoughts' }));
    });

    it("refuses a contributor editing another writer's draft with FORBIDDEN", async () => {
      const a = await article('DRAFT', { createdById: users.contributor2.id, authorIds: [contributor2Author.id] });
      await expectRefused(a.id, 'FORBIDDEN', () => update(tokens.contributor, a.id, 1, { headline: 'Mine now' }));
    });

    it('lets a contributor who is on the byline (not the creator) edit the draft', async () => {
      const a = await article('DRAFT', { createdById: users.editor.id, authorIds: [staffAuthor.id, contributorAuthor.id] });
      const response = await update(tokens.contributor, a.id, 1, { headline: 'Co-written' });
      expect(response.errors).toBeUndefined();
      expect(response.data.updateArticle.version).toBe(2);
    });

    it.each(['DRAFT', 'SUBMITTED', 'APPROVED', 'PUBLISHED'] as Status[])('refuses PRODUCTION editing a %s article with FORBIDDEN', async (status) => {
      const a = await article(status);
      await expectRefused(a.id, 'FORBIDDEN', () => update(tokens.production, a.id, 1, { headline: 'Fits the page better' }));
    });

    it.each(['APPROVED', 'PUBLISHED'] as Status[])('refuses a copy editor editing a %s article with FORBIDDEN', async (status) => {
      const a = await article(status);
      await expectRefused(a.id, 'FORBIDDEN', () => update(tokens.copyEditor, a.id, 1, { headline: 'Late fix' }));
    });

    it.each(['SPIKED', 'RETRACTED'] as Status[])('refuses even an editor editing a %s article with FORBIDDEN', async (status) => {
      const a = await article(status);
      await expectRefused(a.id, 'FORBIDDEN', () => update(tokens.editor, a.id, 1, { headline: 'Quietly rewritten' }));
    });

    it('lets an editor edit a published story, which changes the updatedAt the public sees', async () => {
      const a = await article('PUBLISHED');
      const before = await publicPage(a.slug);
      await sleep(10);
      const response = await update(tokens.editor, a.id, 1, { standfirst: 'Updated with the latest figures.' });
      expect(response.errors).toBeUndefined();
      const after = await publicPage(a.slug);
      expect(after.standfirst).toBe('Updated with the latest figures.');
      expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
      expect(after.status).toBe('PUBLISHED');
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
    it("refuses a save on a stale version with CONFLICT and currentVersion; the first writer's content stands (HARDENING 1)", async () => {
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

    it('refuses an update without version with BAD_USER_INPUT (the schema requires it) (HARDENING 2)', async () => {
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

  describe('scheduling', () => {
    it('keeps a scheduled story from the public until its time, shows it when due before the scheduler runs, then publishes it once with no actor', async () => {
      const a = await article('APPROVED', { tags: ['embargo'] });
      const publishAt = new Date(Date.now() + 2_000);
      const scheduled = await transition(tokens.editor, { id: a.id, to: 'SCHEDULED', publishAt: publishAt.toISOString(), version: 1 });
      expect(scheduled.errors).toBeUndefined();
      expect(scheduled.data.transitionArticle).toMatchObject({ status: 'SCHEDULED', version: 2, publishedAt: null });
      expect((await forEdit(a.id)).scheduledFor).toBe(publishAt.toISOString().replace('.000Z', 'Z'));

      // Before its time: absent, exactly like a slug that does not exist.
      expect(Date.now()).toBeLessThan(publishAt.getTime());
      expect(await api.operation('ArticlePage', { publication: 'daily', slug: a.slug })).toEqual({ status: 200, data: { publication: { article: null } } });
      const tagged = await api.operation('TagPage', { publication: 'daily', tag: 'embargo' });
      expect(tagged.data.publication.articles.edges).toEqual([]);

      // Its time comes; the scheduler has not run yet.
      await sleep(publishAt.getTime() - Date.now() + 500);
      const due = await publicPage(a.slug);
      expect(due).toMatchObject({ id: a.id, headline: a.headline });
      expect(Date.parse(due.publishedAt)).toBe(publishAt.getTime());
      const dueTagged = await api.operation('TagPage', { publication: 'daily', tag: 'embargo' });
      expect(dueTagged.data.publication.articles.edges.map((e) => e.node.id)).toEqual([a.id]);
      expect((await stored(a.id)).row.status).toBe('SCHEDULED');

      // The scheduler publishes it, once, as no one.
      const published = await api.app.get(SchedulerService).publishDue();
      expect(published).toContain(a.id);
      const after = await forEdit(a.id);
      expect(after.status).toBe('PUBLISHED');
      expect(after.version).toBe(3);
      const moves = after.history.filter((event) => event.to === 'PUBLISHED');
      expect(moves).toEqual([{ from: 'SCHEDULED', to: 'PUBLISHED', actor: null, comment: expect.any(String), at: expect.any(String) }]);
      expect(after.history.at(-1)!.to).toBe('PUBLISHED');
      // The public publication time does not jump when the scheduler catches up.
      expect((await publicPage(a.slug)).publishedAt).toBe(due.publishedAt);
      // A second run finds nothing more to do for it.
      expect(await api.app.get(SchedulerService).publishDue()).not.toContain(a.id);
      expect(await api.prisma.articleEvent.count({ where: { articleId: a.id, toStatus: 'PUBLISHED' } })).toBe(1);
    });

    it('publishes each due story exactly once when two scheduler runs race', async () => {
      const due = await Promise.all(Array.from({ length: 8 }, () => article('SCHEDULED', { scheduledFor: new Date(Date.now() - 1_000) })));
      const notDue = await article('SCHEDULED', { scheduledFor: new Date(Date.now() + 3_600_000) });
      const scheduler = api.app.get(SchedulerService);
      const [first, second] = await Promise.all([scheduler.publishDue(), scheduler.publishDue()]);
      const ours = new Set(due.map((a) => a.id));
      const claimed = [...first, ...second].filter((id) => ours.has(id));
      expect(sorted(claimed)).toEqual(sorted([...ours]));
      expect(first.concat(second)).not.toContain(notDue.id);
      for (const a of due) {
        const events = await api.prisma.articleEvent.findMany({ where: { articleId: a.id, toStatus: 'PUBLISHED' } });
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ fromStatus: 'SCHEDULED', actorId: null });
        const row = (await stored(a.id)).row;
        expect(row).toMatchObject({ status: 'PUBLISHED', version: 2 });
        expect(await api.prisma.articleRevision.count({ where: { articleId: a.id } })).toBe(2);
      }
      expect((await stored(notDue.id)).row.status).toBe('SCHEDULED');
    });

    it('unschedules a story back to APPROVED and out of public reach', async () => {
      const a = await article('SCHEDULED', { scheduledFor: new Date(Date.now() + 3_600_000) });
      const response = await transition(tokens.editor, { id: a.id, to: 'APPROVED' });
      expect(response.errors).toBeUndefined();
      expect(response.data.transitionArticle.status).toBe('APPROVED');
      expect((await forEdit(a.id)).scheduledFor).toBeNull();
      expect(await api.app.get(SchedulerService).publishDue()).not.toContain(a.id);
    });
  });

  describe('retraction', () => {
    let gazette: { id: string; slug: string };
    let sport: { id: string; slug: string };
    let writer: { id: string; slug: string };
    let gazetteEditor: string;

    beforeAll(async () => {
      const db = api.prisma;
      gazette = await aPublication(db, { slug: 'gazette' });
      sport = await aSection(db, gazette.id, { slug: 'sport' });
      writer = await anAuthor(db, { slug: 'gazette-writer' });
      gazetteEditor = await api.tokenFor((await aUser(db, { role: 'EDITOR', publicationId: gazette.id })).id);
    });

    async function everywhere(id: string) {
      const lists = {
        front: await api.operation('FrontPage', { publication: 'gazette', first: 100 }),
        section: await api.operation('FrontPage', { publication: 'gazette', section: 'sport', first: 100 }),
        tag: await api.operation('TagPage', { publication: 'gazette', tag: 'derby', first: 100 }),
        author: await api.operation('AuthorPage', { publication: 'gazette', slug: 'gazette-writer', first: 100 }),
        search: await api.operation('Search', { publication: 'gazette', query: 'goalkeeper', first: 100 }),
        related: await api.operation('ArticlePage', { publication: 'gazette', slug: 'derby-preview' }),
      };
      const found: Record<string, boolean> = {};
      for (const [name, response] of Object.entries(lists)) {
        expect(response.errors).toBeUndefined();
        type Lists = { article?: { related: { id: string }[] }; articles?: Connection; author?: { articles: Connection }; search?: Connection };
        const p = response.data.publication as Lists;
        const ids: string[] =
          name === 'related' ? p.article!.related.map((r) => r.id) : (p.articles ?? p.author?.articles ?? p.search)!.edges.map((e) => e.node.id);
        found[name] = ids.includes(id);
      }
      return found;
    }

    it('shows a retracted story only as a tombstone with the reason, takes it out of every list, and brings it back on republish', async () => {
      const db = api.prisma;
      await anArticle(
        db,
        { publicationId: gazette.id, sectionId: sport.id },
        {
          slug: 'derby-preview',
          tags: ['derby'],
          authorIds: [writer.id],
          headline: 'Derby preview',
          bodyHtml: '<p>Who will start in goal?</p>',
        },
      );
      const story = await anArticle(
        db,
        { publicationId: gazette.id, sectionId: sport.id },
        {
          slug: 'goalkeeper-quits',
          tags: ['derby'],
          authorIds: [writer.id],
          headline: 'Goalkeeper quits before the derby',
          bodyHtml: '<p>The goalkeeper has quit, a source said.</p>',
          publishedAt: new Date(Date.now() - 3_600_000),
        },
      );
      const all = { front: true, section: true, tag: true, author: true, search: true, related: true };
      const none = { front: false, section: false, tag: false, author: false, search: false, related: false };
      expect(await everywhere(story.id)).toEqual(all);

      const retracted = await transition(gazetteEditor, { id: story.id, to: 'RETRACTED', comment: 'The source was not reliable.' });
      expect(retracted.errors).toBeUndefined();
      expect(retracted.data.transitionArticle).toMatchObject({ status: 'RETRACTED', availableTransitions: ['PUBLISHED'] });

      const tombstone = await publicPage('goalkeeper-quits', 'gazette');
      expect(tombstone).toMatchObject({
        id: story.id,
        status: 'RETRACTED',
        headline: 'Goalkeeper quits before the derby',
        bodyHtml: null,
        bodyText: null,
        retraction: { reason: 'The source was not reliable.', retractedAt: expect.any(String) },
        related: [],
      });
      expect(JSON.stringify(tombstone)).not.toContain('a source said');
      expect(await everywhere(story.id)).toEqual(none);
      const history = (await forEdit(story.id, gazetteEditor)).history;
      expect(history.at(-1)).toMatchObject({ from: 'PUBLISHED', to: 'RETRACTED', comment: 'The source was not reliable.' });

      const republished = await transition(gazetteEditor, { id: story.id, to: 'PUBLISHED' });
      expect(republished.errors).toBeUndefined();
      expect(republished.data.transitionArticle.status).toBe('PUBLISHED');
      const back = await publicPage('goalkeeper-quits', 'gazette');
      expect(back).toMatchObject({ status: 'PUBLISHED', bodyHtml: '<p>The goalkeeper has quit, a source said.</p>', retraction: null });
      expect(await everywhere(story.id)).toEqual(all);
    });
  });

  describe('the desk', () => {
    let deskPub: { id: string; slug: string };
    let ids: Record<string, string>;
    let deskTokens: Record<'contributor' | 'editor' | 'copyEditor', string>;

    const desk = (token: string | undefined, variables: Record<string, unknown> = {}) =>
      api.operation('Desk', { publication: 'desk-pub', first: 100, ...variables }, token);
    const deskIds = async (token: string, variables: Record<string, unknown> = {}) => {
      const response = await desk(token, variables);
      expect(response.errors).toBeUndefined();
      return response.data.publication.desk.edges.map((e) => e.node.id);
    };

    beforeAll(async () => {
      const db = api.prisma;
      deskPub = await aPublication(db, { slug: 'desk-pub' });
      const politics = await aSection(db, deskPub.id, { slug: 'politics' });
      const elections = await aSection(db, deskPub.id, { slug: 'elections', parentId: politics.id });
      const culture = await aSection(db, deskPub.id, { slug: 'culture' });
      const contributor = await aUser(db, { role: 'CONTRIBUTOR', publicationId: deskPub.id });
      const other = await aUser(db, { role: 'CONTRIBUTOR', publicationId: deskPub.id });
      const editor = await aUser(db, { role: 'EDITOR', publicationId: deskPub.id });
      const copyEditor = await aUser(db, { role: 'COPY_EDITOR', publicationId: deskPub.id });
      deskTokens = { contributor: await api.tokenFor(contributor.id), editor: await api.tokenFor(editor.id), copyEditor: await api.tokenFor(copyEditor.id) };
      const mine = await anAuthor(db, { userId: contributor.id });
      const theirs = await anAuthor(db, { userId: other.id });
      const make = (sectionId: string, status: Status, createdById: string, authorIds: string[]) =>
        anArticle(
          db,
          { publicationId: deskPub.id, sectionId },
          { status, createdById, authorIds, ...(['PUBLISHED', 'PRINTED', 'RETRACTED'].includes(status) ? {} : { publishedAt: null }) },
        );
      ids = {
        myDraft: (await make(politics.id, 'DRAFT', contributor.id, [mine.id])).id,
        mySubmitted: (await make(culture.id, 'SUBMITTED', contributor.id, [mine.id])).id,
        bylinedForMe: (await make(elections.id, 'EDITED', editor.id, [mine.id])).id,
        theirDraft: (await make(politics.id, 'DRAFT', other.id, [theirs.id])).id,
        theirPublished: (await make(culture.id, 'PUBLISHED', other.id, [theirs.id])).id,
        approved: (await make(elections.id, 'APPROVED', editor.id, [theirs.id])).id,
        spiked: (await make(culture.id, 'SPIKED', editor.id, [])).id,
      };
      // Ties on updatedAt: paging must break them by id.
      const tie = new Date('2024-03-01T10:00:00Z');
      await db.article.updateMany({ where: { id: { in: [ids.myDraft, ids.theirDraft, ids.approved, ids.spiked] } }, data: { updatedAt: tie } });
    });

    it('shows a contributor only the articles they created or are on the byline of', async () => {
      expect(sorted(await deskIds(deskTokens.contributor))).toEqual(sorted([ids.myDraft, ids.mySubmitted, ids.bylinedForMe]));
    });

    it('shows an editor and a copy editor every article of the publication, last updated first', async () => {
      const all = await deskIds(deskTokens.editor);
      expect(sorted(all)).toEqual(sorted(Object.values(ids)));
      const rows = await api.prisma.article.findMany({ where: { publicationId: deskPub.id }, select: { id: true, updatedAt: true } });
      const expected = rows.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.id);
      expect(all).toEqual(expected);
      expect(sorted(await deskIds(deskTokens.copyEditor))).toEqual(sorted(Object.values(ids)));
    });

    it('filters by status and by section (with its subsections)', async () => {
      expect(sorted(await deskIds(deskTokens.editor, { status: ['DRAFT'] }))).toEqual(sorted([ids.myDraft, ids.theirDraft]));
      expect(sorted(await deskIds(deskTokens.editor, { status: ['DRAFT', 'SPIKED'] }))).toEqual(sorted([ids.myDraft, ids.theirDraft, ids.spiked]));
      expect(sorted(await deskIds(deskTokens.contributor, { status: ['DRAFT', 'SUBMITTED'] }))).toEqual(sorted([ids.myDraft, ids.mySubmitted]));
      expect(sorted(await deskIds(deskTokens.editor, { section: 'culture' }))).toEqual(sorted([ids.mySubmitted, ids.theirPublished, ids.spiked]));
      expect(sorted(await deskIds(deskTokens.editor, { section: 'politics' }))).toEqual(sorted([ids.myDraft, ids.theirDraft, ids.bylinedForMe, ids.approved]));
      expect(sorted(await deskIds(deskTokens.editor, { section: 'elections', status: ['APPROVED'] }))).toEqual([ids.approved]);
      expect(await deskIds(deskTokens.editor, { section: 'no-such-section' })).toEqual([]);
    });

    it('pages with first: 2 without skipping or repeating an article', async () => {
      for (const [token, variables] of [
        [deskTokens.editor, {}],
        [deskTokens.contributor, {}],
        [deskTokens.editor, { section: 'politics' }],
      ] as [string, Record<string, unknown>][]) {
        const whole = await deskIds(token, variables);
        const paged: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 10; page++) {
          const response = await desk(token, { ...variables, first: 2, after });
          expect(response.errors).toBeUndefined();
          const connection = response.data.publication.desk;
          expect(connection.edges.length).toBeLessThanOrEqual(2);
          paged.push(...connection.edges.map((e) => e.node.id));
          if (!connection.pageInfo.hasNextPage) break;
          after = connection.pageInfo.endCursor;
        }
        expect(paged).toEqual(whole);
        expect(new Set(paged).size).toBe(paged.length);
      }
    });

    it('gives each desk row the moves its viewer may make', async () => {
      const response = await desk(deskTokens.contributor, { status: ['DRAFT'] });
      expect(response.data.publication.desk.edges.map((e) => e.node)).toEqual([
        expect.objectContaining({ id: ids.myDraft, status: 'DRAFT', availableTransitions: ['SUBMITTED'] }),
      ]);
    });

    it('refuses first over 100 and a cursor issued for another desk view with BAD_USER_INPUT', async () => {
      const tooMany = await desk(deskTokens.editor, { first: 101 });
      expect(tooMany.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'first' })] });
      const page = await desk(deskTokens.contributor, { first: 1 });
      const cursor = page.data.publication.desk.pageInfo.endCursor;
      const reused = await desk(deskTokens.editor, { first: 1, after: cursor });
      expect(reused.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('refuses staff of another publication with FORBIDDEN and the anonymous with UNAUTHENTICATED', async () => {
      const outsider = await desk(tokens.editor);
      expect(outsider.errors![0].extensions.code).toBe('FORBIDDEN');
      expect(outsider.data?.publication?.desk ?? null).toBeNull();
      const anonymous = await desk(undefined);
      expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');
      expect(anonymous.data?.publication?.desk ?? null).toBeNull();
    });
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

  describe('corrections', () => {
    it('are recorded in the history beside the moves', async () => {
      const live = await article('PUBLISHED');
      const { errors } = await api.operation('AddCorrection', { articleId: live.id, text: 'An earlier version misspelt the minister.' }, tokens.editor);
      expect(errors).toBeUndefined();
      const history = (await forEdit(live.id)).history;
      expect(history.at(-1)).toMatchObject({
        from: 'PUBLISHED',
        to: 'PUBLISHED',
        comment: 'Correction: An earlier version misspelt the minister.',
        actor: { id: users.editor.id },
      });
    });

    it.each(['DRAFT', 'APPROVED', 'SPIKED'] as const)('are refused on a %s article the public has not read, writing nothing', async (status) => {
      const unread = await article(status);
      const before = await stored(unread.id);
      const { errors } = await api.operation('AddCorrection', { articleId: unread.id, text: 'A correction' }, tokens.editor);
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'articleId' })] });
      expect(await stored(unread.id)).toEqual(before);
      expect(await api.prisma.correction.count({ where: { articleId: unread.id } })).toBe(0);
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
