import { beforeAll, describe, expect, it } from '@jest/globals';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';
import { editorialNewsroom, type EditorialNewsroom, sorted, sleep, type Status } from './helpers/editorial-newsroom.js';

// The staff side: who may read and edit which article, and the desk of a publication.

describe('the editorial workflow: the desk and who may read and write', () => {
  const { newsroom, article, expectRefused, transition, update, publicPage } = editorialNewsroom();
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
});
