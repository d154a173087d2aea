import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestApi, type GraphQLResponse } from './helpers/api.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';

// Concurrency, proven with real requests racing over HTTP: a move and its event commit
// together or not at all; of two conflicting moves one wins and the other gets a clear
// error; a stale version is refused with CONFLICT and nothing is overwritten.

/** OK, NO DATA, or an error code. */
type Outcome = string;

/** What one response amounted to: OK, or its error code. */
function outcome(response: GraphQLResponse, field: string): Outcome {
  if (response.errors?.length) return String(response.errors[0].extensions.code);
  return (response.data as Record<string, unknown> | null)?.[field] ? 'OK' : 'NO DATA';
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}

describe('racing requests', () => {
  let api: TestApi;
  let context: { publicationId: string; sectionId: string };
  let authorId: string;
  let editors: { id: string; token: string }[];

  beforeAll(async () => {
    api = await TestApi.start();
    const db = api.prisma;
    const pub = await aPublication(db, { slug: 'daily' });
    const section = await aSection(db, pub.id, { slug: 'news' });
    context = { publicationId: pub.id, sectionId: section.id };
    authorId = (await anAuthor(db)).id;
    editors = [];
    for (let i = 0; i < 20; i++) {
      const user = await aUser(db, { role: 'EDITOR', publicationId: pub.id, name: `Editor ${i}` });
      editors.push({ id: user.id, token: await api.tokenFor(user.id) });
    }
  });

  afterAll(() => api.close());

  const editor = (i: number) => editors[i % editors.length];

  async function counts(articleId: string) {
    const db = api.prisma;
    return {
      row: await db.article.findUniqueOrThrow({ where: { id: articleId } }),
      events: await db.articleEvent.findMany({ where: { articleId }, orderBy: { version: 'asc' } }),
      revisions: await db.articleRevision.findMany({ where: { articleId }, orderBy: { version: 'asc' } }),
    };
  }

  const publish = (i: number, id: string, version?: number) =>
    api.operation('TransitionArticle', { input: { id, to: 'PUBLISHED', ...(version === undefined ? {} : { version }) } }, editor(i).token);

  it('lets exactly one of 20 parallel saves on the same version through; the other 19 get CONFLICT with the new version', async () => {
    const article = await anArticle(api.prisma, context, {
      status: 'SUBMITTED',
      version: 4,
      authorIds: [authorId],
      publishedAt: null,
      headline: 'Before the race',
    });
    const before = await counts(article.id);
    const responses = await Promise.all(
      editors.map((e, i) =>
        api.operation(
          'UpdateArticle',
          { id: article.id, version: 4, input: { headline: `Headline by editor ${i}`, bodyHtml: `<p>Body by editor ${i}.</p>` } },
          e.token,
        ),
      ),
    );
    const outcomes = responses.map((r) => outcome(r, 'updateArticle'));
    expect(tally(outcomes)).toEqual({ OK: 1, CONFLICT: 19 });
    for (const r of responses) if (r.errors) expect(r.errors[0].extensions.currentVersion).toBe(5);

    const winner = outcomes.indexOf('OK');
    expect(responses[winner].data.updateArticle.version).toBe(5);
    const after = await counts(article.id);
    expect(after.row).toMatchObject({ version: 5, headline: `Headline by editor ${winner}`, bodyHtml: `<p>Body by editor ${winner}.</p>` });
    // exactly one new revision, the winner's; no event for a content save
    expect(after.revisions).toHaveLength(before.revisions.length + 1);
    expect(after.revisions.at(-1)).toMatchObject({ version: 5, headline: `Headline by editor ${winner}`, createdById: editor(winner).id });
    expect(after.events).toEqual(before.events);
  });

  it.each([
    ['with the version they loaded', true],
    ['without a version', false],
  ])('publishes an approved story once when 10 editors publish it at once %s', async (_name, withVersion) => {
    const article = await anArticle(api.prisma, context, { status: 'APPROVED', version: 2, authorIds: [authorId], publishedAt: null });
    const before = await counts(article.id);
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => publish(i, article.id, withVersion ? 2 : undefined)));
    const outcomes = responses.map((r) => outcome(r, 'transitionArticle'));
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'OK' && o !== 'INVALID_TRANSITION' && o !== 'CONFLICT')).toEqual([]);

    const after = await counts(article.id);
    expect(after.row).toMatchObject({ status: 'PUBLISHED', version: 3 });
    const published = after.events.filter((e) => e.toStatus === 'PUBLISHED');
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ fromStatus: 'APPROVED', version: 3, actorId: editor(outcomes.indexOf('OK')).id });
    expect(after.events).toHaveLength(before.events.length + 1);
    expect(after.revisions).toHaveLength(before.revisions.length + 1);
    for (const r of responses) if (r.errors?.[0]?.extensions.code === 'CONFLICT') expect(r.errors[0].extensions.currentVersion).toBe(3);
  });

  it('publishes an approved story once under 50 parallel publishes, with and without version ', async () => {
    const article = await anArticle(api.prisma, context, { status: 'APPROVED', version: 1, authorIds: [authorId], publishedAt: null });
    const before = await counts(article.id);
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => publish(i, article.id, i % 2 === 0 ? 1 : undefined)));
    const outcomes = responses.map((r) => outcome(r, 'transitionArticle'));
    const unexpected = outcomes.filter((o) => o !== 'OK' && o !== 'INVALID_TRANSITION' && o !== 'CONFLICT');
    expect(unexpected).toEqual([]);
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);

    const after = await counts(article.id);
    expect(after.row).toMatchObject({ status: 'PUBLISHED', version: 2 });
    expect(after.events.filter((e) => e.toStatus === 'PUBLISHED')).toHaveLength(1);
    expect(after.events).toHaveLength(before.events.length + 1);
    expect(after.revisions).toHaveLength(before.revisions.length + 1);
    // the API stays healthy afterwards
    const page = await api.operation('ArticlePage', { publication: 'daily', slug: article.slug });
    expect(page.data.publication.article).toMatchObject({ id: article.id, status: 'PUBLISHED' });
  });

  it.each([
    ['with the version they loaded', true],
    ['without a version', false],
  ])('lets one of two editors win when one spikes and the other publishes the same approved story at once %s', async (_name, withVersion) => {
    // Several pairs, racing at the same time, so that both orders get a chance to happen.
    const articles = await Promise.all(
      Array.from({ length: 6 }, () => anArticle(api.prisma, context, { status: 'APPROVED', version: 3, authorIds: [authorId], publishedAt: null })),
    );
    const befores = await Promise.all(articles.map((a) => counts(a.id)));
    const results = await Promise.all(
      articles.map(async (a, n) => {
        const version = withVersion ? { version: 3 } : {};
        const spike = () =>
          api.operation('TransitionArticle', { input: { id: a.id, to: 'SPIKED', comment: 'Legal says no', ...version } }, editor(2 * n).token);
        const pub = () => api.operation('TransitionArticle', { input: { id: a.id, to: 'PUBLISHED', ...version } }, editor(2 * n + 1).token);
        // alternate which request leaves first
        const [first, second] = n % 2 === 0 ? await Promise.all([spike(), pub()]) : await Promise.all([pub(), spike()]);
        return n % 2 === 0 ? { spiked: first, published: second } : { spiked: second, published: first };
      }),
    );
    for (const [n, a] of articles.entries()) {
      const { spiked, published } = results[n];
      const outcomes = { SPIKED: outcome(spiked, 'transitionArticle'), PUBLISHED: outcome(published, 'transitionArticle') };
      const winners = Object.entries(outcomes)
        .filter(([, o]) => o === 'OK')
        .map(([to]) => to);
      expect(winners).toHaveLength(1);
      const loser = winners[0] === 'SPIKED' ? outcomes.PUBLISHED : outcomes.SPIKED;
      expect(['INVALID_TRANSITION', 'CONFLICT']).toContain(loser);

      const after = await counts(a.id);
      expect(after.row).toMatchObject({ status: winners[0], version: 4 });
      const moves = after.events.slice(befores[n].events.length);
      expect(moves.map((e) => [e.fromStatus, e.toStatus])).toEqual([['APPROVED', winners[0]]]);
      expect(after.events.filter((e) => e.toStatus === 'SPIKED' || e.toStatus === 'PUBLISHED')).toHaveLength(1);
      expect(after.revisions).toHaveLength(befores[n].revisions.length + 1);
      // a spiked story never reached the public; a published one is there
      const page = await api.operation('ArticlePage', { publication: 'daily', slug: a.slug });
      expect(page.data.publication.article?.id ?? null).toBe(winners[0] === 'PUBLISHED' ? a.id : null);
    }
  });

  it('never lets a save and a move on the same version both succeed', async () => {
    const articles = await Promise.all(
      Array.from({ length: 6 }, () => anArticle(api.prisma, context, { status: 'SUBMITTED', version: 2, authorIds: [authorId], publishedAt: null })),
    );
    await Promise.all(
      articles.map(async (a, n) => {
        const [saved, moved] = await Promise.all([
          api.operation('UpdateArticle', { id: a.id, version: 2, input: { headline: `Late edit ${n}` } }, editor(2 * n).token),
          api.operation('TransitionArticle', { input: { id: a.id, to: 'APPROVED', version: 2 } }, editor(2 * n + 1).token),
        ]);
        const outcomes = [outcome(saved, 'updateArticle'), outcome(moved, 'transitionArticle')];
        expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
        expect(outcomes.filter((o) => o !== 'OK')).toEqual(['CONFLICT']);
        const after = await counts(a.id);
        expect(after.row.version).toBe(3);
        expect(after.revisions.map((r) => r.version)).toEqual([2, 3]);
        expect(after.row.status).toBe(outcomes[1] === 'OK' ? 'APPROVED' : 'SUBMITTED');
        expect(after.row.headline === `Late edit ${n}`).toBe(outcomes[0] === 'OK');
      }),
    );
  });
});
