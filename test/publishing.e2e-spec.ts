import { beforeAll, describe, expect, it } from '@jest/globals';
import { SchedulerService } from '../src/articles/scheduler.service.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';
import { editorialNewsroom, type EditorialNewsroom, sorted, sleep } from './helpers/editorial-newsroom.js';

// Scheduling, retraction and corrections: what the public sees of a story and when.

describe('the editorial workflow: publishing', () => {
  type Connection = { edges: { node: { id: string } }[] };
  const { newsroom, article, stored, transition, forEdit, publicPage } = editorialNewsroom();
  let api: EditorialNewsroom['api'];
  let users: EditorialNewsroom['users'];
  let tokens: EditorialNewsroom['tokens'];
  beforeAll(() => {
    ({ api, users, tokens } = newsroom);
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
});
