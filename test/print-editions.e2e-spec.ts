import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestApi, type GraphQLResponse } from './helpers/api.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';

// From an approved or published story to the printed page: the print operations of both
// contract files, with their refusals.

describe('print editions', () => {
  let api: TestApi;
  let pub: { id: string; slug: string };
  let otherPub: { id: string };
  let section: { id: string };
  let author: { id: string };
  const token: Record<string, string> = {};

  beforeAll(async () => {
    api = await TestApi.start();
    const db = api.prisma;
    pub = await aPublication(db, { slug: 'morning-star' });
    otherPub = await aPublication(db);
    section = await aSection(db, pub.id, { slug: 'news' });
    author = await anAuthor(db);
    for (const role of ['PRODUCTION', 'EDITOR', 'CONTRIBUTOR', 'COPY_EDITOR'] as const) {
      token[role] = await api.tokenFor((await aUser(db, { role, publicationId: pub.id })).id);
      token[`${role}2`] = await api.tokenFor((await aUser(db, { role, publicationId: pub.id })).id);
    }
    token.OUTSIDER = await api.tokenFor((await aUser(db, { role: 'PRODUCTION', publicationId: otherPub.id })).id);
  });

  afterAll(() => api.close());

  const story = (status: 'APPROVED' | 'SCHEDULED' | 'PUBLISHED' | 'DRAFT', extra: Record<string, unknown> = {}) =>
    anArticle(api.prisma, { publicationId: pub.id, sectionId: section.id }, { status, authorIds: [author.id], ...extra });

  async function newEdition(date: string, name?: string, as = token.PRODUCTION) {
    const { data, errors } = await api.operation('CreatePrintEdition', { input: { publicationId: pub.id, date, ...(name ? { name } : {}) } }, as);
    expect(errors).toBeUndefined();
    return data.createPrintEdition as { id: string; date: string; name: string; status: string };
  }

  const place = (editionId: string, articleId: string, page: number, as = token.PRODUCTION) =>
    api.operation('PlaceArticle', { input: { editionId, articleId, page } }, as);

  async function snapshot(articleIds: string[]) {
    const [articles, events, placements, editions] = await Promise.all([
      api.prisma.article.findMany({
        where: { id: { in: articleIds } },
        orderBy: { id: 'asc' },
        select: { id: true, status: true, version: true, publishedAt: true },
      }),
      api.prisma.articleEvent.count({ where: { articleId: { in: articleIds } } }),
      api.prisma.placement.findMany({ orderBy: { id: 'asc' } }),
      api.prisma.printEdition.findMany({ orderBy: { id: 'asc' } }),
    ]);
    return { articles, events, placements, editions };
  }

  it('plans an edition across pages, prints it, and shows the public the paper and each story’s page', async () => {
    const edition = await newEdition('2026-03-01');
    expect(edition).toMatchObject({ date: '2026-03-01', name: 'Daily', status: 'PLANNING' });
    const lead = await story('PUBLISHED', { headline: 'Lead story' });
    const second = await story('APPROVED', { headline: 'Second story' });
    const inside = await story('SCHEDULED', { scheduledFor: new Date(Date.now() + 86_400_000), headline: 'Embargoed inside story' });
    await place(edition.id, lead.id, 1);
    await place(edition.id, second.id, 1);
    const placed = await place(edition.id, inside.id, 3);
    expect(placed.data.placeArticle.pages).toEqual([
      { number: 1, articles: [{ id: lead.id }, { id: second.id }] },
      { number: 3, articles: [{ id: inside.id }] },
    ]);
    // Nothing is public before printing.
    expect((await api.operation('TodaysPaper', { publication: 'morning-star', date: '2026-03-01' })).data.publication.printEdition).toBeNull();

    const printedAt = Date.now();
    const { data, errors } = await api.operation('MarkEditionPrinted', { editionId: edition.id }, token.PRODUCTION);
    expect(errors).toBeUndefined();
    expect(data.markEditionPrinted.status).toBe('PRINTED');
    expect(data.markEditionPrinted.pages.flatMap((p) => p.articles.map((a) => a.status))).toEqual(['PRINTED', 'PRINTED', 'PRINTED']);

    const rows = await api.prisma.article.findMany({ where: { id: { in: [lead.id, second.id, inside.id] } } });
    for (const row of rows) {
      expect(row.status).toBe('PRINTED');
      expect(row.printedAt).not.toBeNull();
      const placement = await api.prisma.placement.findFirstOrThrow({ where: { articleId: row.id } });
      expect(placement.printedVersion).toBe(row.version - 1);
      const events = await api.prisma.articleEvent.findMany({ where: { articleId: row.id, toStatus: 'PRINTED' } });
      expect(events).toHaveLength(1);
    }
    // What was not online went online when the paper was printed; the lead kept its time.
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(second.id)!.publishedAt!.getTime()).toBeGreaterThanOrEqual(printedAt - 1000);
    expect(byId.get(inside.id)!.publishedAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(byId.get(lead.id)!.publishedAt!.getTime()).toBeLessThan(printedAt);

    const paper = await api.operation('TodaysPaper', { publication: 'morning-star', date: '2026-03-01' });
    expect(paper.errors).toBeUndefined();
    expect(paper.data.publication.printEdition).toMatchObject({ date: '2026-03-01', name: 'Daily' });
    expect(paper.data.publication.printEdition.pages.map((p) => [p.number, p.articles.map((a) => a.headline)])).toEqual([
      [1, ['Lead story', 'Second story']],
      [3, ['Embargoed inside story']],
    ]);
    const page = await api.operation('ArticlePage', { publication: 'morning-star', slug: inside.slug });
    expect(page.data.publication.article.status).toBe('PRINTED');
    expect(page.data.publication.article.printAppearance).toEqual([{ page: 3, edition: { date: '2026-03-01', name: 'Daily' } }]);
  });

  it('freezes a printed edition: no placement, removal or second printing, and nothing changes', async () => {
    const edition = await newEdition('2026-03-02');
    const a = await story('PUBLISHED');
    const b = await story('APPROVED');
    await place(edition.id, a.id, 2);
    expect((await api.operation('MarkEditionPrinted', { editionId: edition.id }, token.EDITOR)).errors).toBeUndefined();
    const before = await snapshot([a.id, b.id]);
    const refusals = [
      await place(edition.id, b.id, 1),
      await place(edition.id, a.id, 4),
      await api.operation('UnplaceArticle', { editionId: edition.id, articleId: a.id }, token.PRODUCTION),
      await api.operation('MarkEditionPrinted', { editionId: edition.id }, token.PRODUCTION),
    ];
    for (const refusal of refusals) {
      expect(refusal.errors![0].extensions.code).toBe('INVALID_TRANSITION');
      expect(refusal.errors![0].message).toMatch(/printed/);
    }
    expect(await snapshot([a.id, b.id])).toEqual(before);
  });

  it('lets one of two production staff printing at once win', async () => {
    const edition = await newEdition('2026-03-03');
    const articles = await Promise.all([story('PUBLISHED'), story('APPROVED'), story('PUBLISHED')]);
    for (const [i, article] of articles.entries()) await place(edition.id, article.id, i + 1);
    const results = await Promise.all([
      api.operation('MarkEditionPrinted', { editionId: edition.id }, token.PRODUCTION),
      api.operation('MarkEditionPrinted', { editionId: edition.id }, token.PRODUCTION2),
    ]);
    const wins = results.filter((r) => !r.errors);
    const losses = results.filter((r) => r.errors);
    expect(wins).toHaveLength(1);
    expect(losses.map((r) => r.errors![0].extensions.code)).toEqual(['INVALID_TRANSITION']);
    for (const article of articles) {
      expect(await api.prisma.articleEvent.count({ where: { articleId: article.id, toStatus: 'PRINTED' } })).toBe(1);
    }
  });

  it('refuses to print an edition with nothing placed, or with a story spiked since it was placed', async () => {
    const empty = await newEdition('2026-03-04');
    const none = await api.operation('MarkEditionPrinted', { editionId: empty.id }, token.PRODUCTION);
    expect(none.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'editionId', message: expect.any(String) }] });

    const edition = await newEdition('2026-03-05');
    const fine = await story('PUBLISHED');
    const doomed = await story('APPROVED');
    await place(edition.id, fine.id, 1);
    await place(edition.id, doomed.id, 2);
    await api.prisma.article.update({ where: { id: doomed.id }, data: { status: 'SPIKED' } });
    const before = await snapshot([fine.id, doomed.id]);
    const refused = await api.operation('MarkEditionPrinted', { editionId: edition.id }, token.PRODUCTION);
    expect(refused.errors![0].extensions.code).toBe('INVALID_TRANSITION');
    expect(await snapshot([fine.id, doomed.id])).toEqual(before);
  });

  it.each(['CONTRIBUTOR', 'COPY_EDITOR', 'OUTSIDER'])('refuses every print operation to a %s with FORBIDDEN', async (role) => {
    const edition = await newEdition(`2026-04-0${['CONTRIBUTOR', 'COPY_EDITOR', 'OUTSIDER'].indexOf(role) + 1}`);
    const article = await story('PUBLISHED');
    await place(edition.id, article.id, 1);
    const before = await snapshot([article.id]);
    const attempts = [
      await api.operation('CreatePrintEdition', { input: { publicationId: pub.id, date: '2026-05-01' } }, token[role]),
      await place(edition.id, article.id, 2, token[role]),
      await api.operation('UnplaceArticle', { editionId: edition.id, articleId: article.id }, token[role]),
      await api.operation('MarkEditionPrinted', { editionId: edition.id }, token[role]),
    ];
    for (const attempt of attempts) expect(attempt.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(await snapshot([article.id])).toEqual(before);
  });

  it('refuses print operations to the anonymous with UNAUTHENTICATED', async () => {
    const { errors } = await api.operation('CreatePrintEdition', { input: { publicationId: pub.id, date: '2026-05-02' } });
    expect(errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('keeps one edition per publication, date and name', async () => {
    await newEdition('2026-06-01');
    await newEdition('2026-06-01', 'City');
    const again = await api.operation('CreatePrintEdition', { input: { publicationId: pub.id, date: '2026-06-01', name: 'Daily' } }, token.EDITOR);
    expect(again.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'input.name' })] });
    const badDate = await api.operation('CreatePrintEdition', { input: { publicationId: pub.id, date: '2026-02-30' } }, token.EDITOR);
    expect(badDate.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('places only approved, scheduled or published stories of the same publication, on a page from 1', async () => {
    const edition = await newEdition('2026-06-02');
    const draft = await story('DRAFT');
    const elsewhere = await anArticle(api.prisma, { publicationId: otherPub.id, sectionId: (await aSection(api.prisma, otherPub.id)).id });
    const ok = await story('APPROVED');
    for (const [articleId, page] of [
      [draft.id, 1],
      [elsewhere.id, 1],
      [ok.id, 0],
      [ok.id, -2],
    ] as const) {
      const { errors } = await place(edition.id, articleId, page);
      expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(await api.prisma.placement.count({ where: { editionId: edition.id } })).toBe(0);
  });

  it('moves a placed story to another page, and takes it off', async () => {
    const edition = await newEdition('2026-06-03');
    const article = await story('PUBLISHED');
    await place(edition.id, article.id, 1);
    const moved = await place(edition.id, article.id, 5);
    expect(moved.data.placeArticle.pages).toEqual([{ number: 5, articles: [{ id: article.id }] }]);
    const removed = await api.operation('UnplaceArticle', { editionId: edition.id, articleId: article.id }, token.PRODUCTION);
    expect(removed.errors).toBeUndefined();
    expect(await api.prisma.placement.count({ where: { editionId: edition.id } })).toBe(0);
    const again = await api.operation('UnplaceArticle', { editionId: edition.id, articleId: article.id }, token.PRODUCTION);
    expect(again.errors![0].extensions.code).toBe('NOT_FOUND');
  });

  it('shows only printed editions to the public, and leaves retracted stories off the printed page', async () => {
    const edition = await newEdition('2026-06-04');
    const kept = await story('PUBLISHED', { headline: 'Kept' });
    const withdrawn = await story('PUBLISHED', { headline: 'Withdrawn later' });
    await place(edition.id, kept.id, 1);
    await place(edition.id, withdrawn.id, 1);
    expect((await api.operation('TodaysPaper', { publication: 'morning-star', date: '2026-06-04' })).data.publication.printEdition).toBeNull();
    await api.operation('MarkEditionPrinted', { editionId: edition.id }, token.PRODUCTION);
    const retract = await api.operation('TransitionArticle', { input: { id: withdrawn.id, to: 'RETRACTED', comment: 'The source recanted.' } }, token.EDITOR);
    expect(retract.errors).toBeUndefined();
    const paper = await api.operation('TodaysPaper', { publication: 'morning-star', date: '2026-06-04' });
    expect(paper.data.publication.printEdition.pages).toEqual([{ number: 1, articles: [expect.objectContaining({ headline: 'Kept' })] }]);
  });

  it('prints a story placed in two editions of the day in both (Daily, then City)', async () => {
    const daily = await newEdition('2026-07-01');
    const city = await newEdition('2026-07-01', 'City');
    const shared = await story('PUBLISHED', { headline: 'In both editions' });
    const cityOnly = await story('APPROVED', { headline: 'City only' });
    await place(daily.id, shared.id, 1);
    await place(city.id, shared.id, 2);
    await place(city.id, cityOnly.id, 1);
    expect((await api.operation('MarkEditionPrinted', { editionId: daily.id }, token.PRODUCTION)).errors).toBeUndefined();
    const printed = await api.prisma.article.findUniqueOrThrow({ where: { id: shared.id } });
    const cityPrint = await api.operation('MarkEditionPrinted', { editionId: city.id }, token.PRODUCTION);
    expect(cityPrint.errors).toBeUndefined();
    // One move to PRINTED, two editions on record, with the version that went to press.
    expect(await api.prisma.articleEvent.count({ where: { articleId: shared.id, toStatus: 'PRINTED' } })).toBe(1);
    expect(await api.prisma.article.findUniqueOrThrow({ where: { id: shared.id } })).toMatchObject({ status: 'PRINTED', version: printed.version });
    const placements = await api.prisma.placement.findMany({ where: { articleId: shared.id }, orderBy: { page: 'asc' } });
    expect(placements.map((p) => p.printedVersion)).toEqual([printed.version - 1, printed.version]);
    const page = await api.operation('ArticlePage', { publication: 'morning-star', slug: shared.slug });
    expect(page.data.publication.article.printAppearance).toEqual([
      { page: 2, edition: { date: '2026-07-01', name: 'City' } },
      { page: 1, edition: { date: '2026-07-01', name: 'Daily' } },
    ]);
    const paper = await api.operation('TodaysPaper', { publication: 'morning-star', date: '2026-07-01' });
    expect(paper.data.publication.printEdition.name).toBe('Daily');
  });

  it('names the story that stops an edition from printing', async () => {
    const edition = await newEdition('2026-07-02');
    const doomed = await story('APPROVED', { slug: 'the-doomed-story' });
    await place(edition.id, doomed.id, 1);
    await api.prisma.article.update({ where: { id: doomed.id }, data: { status: 'SPIKED' } });
    const { errors } = await api.operation('MarkEditionPrinted', { editionId: edition.id }, token.PRODUCTION);
    expect(errors![0]).toMatchObject({ message: expect.stringContaining('the-doomed-story'), extensions: { code: 'INVALID_TRANSITION' } });
  });

  it('lists the editions to staff of the publication, newest date first, by status, page by page', async () => {
    const query = `query ($p: String!, $status: PrintEditionStatus, $first: Int, $after: String) {
      publication(slug: $p) { printEditions(status: $status, first: $first, after: $after) {
        edges { node { id date name status } } pageInfo { hasNextPage endCursor } } } }`;
    type Editions = {
      publication: {
        printEditions: { edges: { node: { id: string; date: string; status: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      };
    };
    const seen: { id: string; date: string; status: string }[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const response: GraphQLResponse<Editions> = await api.graphql<Editions>(query, { p: 'morning-star', first: 3, after }, token.PRODUCTION);
      expect(response.errors).toBeUndefined();
      const connection = response.data.publication.printEditions;
      seen.push(...connection.edges.map((e) => e.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    const all = await api.prisma.printEdition.count({ where: { publicationId: pub.id } });
    expect(seen).toHaveLength(all);
    expect(new Set(seen.map((e) => e.id)).size).toBe(all);
    expect(seen.map((e) => e.date)).toEqual([...seen.map((e) => e.date)].sort().reverse());
    const planning = await api.graphql<{ publication: { printEditions: { edges: { node: { status: string } }[] } } }>(
      query,
      { p: 'morning-star', status: 'PLANNING', first: 100 },
      token.CONTRIBUTOR,
    );
    expect(planning.data.publication.printEditions.edges.every((e) => e.node.status === 'PLANNING')).toBe(true);
    expect((await api.graphql(query, { p: 'morning-star' })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await api.graphql(query, { p: 'morning-star' }, token.OUTSIDER)).errors![0].extensions.code).toBe('FORBIDDEN');
  });
});
