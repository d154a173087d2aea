import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOGIN_LIMITS } from '../src/auth/auth.service.js';
import { TestApi, type GraphQLError, type GraphQLResponse } from './helpers/api.js';
import { awayFromWindowEnd } from './helpers/login-window.js';
import { TEST_PASSWORD, aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';

// What an outside attacker and a curious contributor found, each over HTTP on real
// PostgreSQL: the cost limit, every path to an article, sessions, proxies, slow clients,
// dates, documents that are not text, and the smaller findings beside them.

const day = 86_400_000;

describe('the cost limit counts every list at what it will return', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
    const pub = await aPublication(api.prisma, { slug: 'cost-test' });
    const section = await aSection(api.prisma, pub.id);
    for (let i = 0; i < 3; i++) await anArticle(api.prisma, { publicationId: pub.id, sectionId: section.id }, { tags: ['t'] });
  });
  afterAll(() => api.close());

  const related3 = (first: string, related: string) =>
    `publication(slug: "cost-test") { articles(first: ${first}) { edges { node { related(first: ${related}) { related(first: ${related}) { related(first: ${related}) { id } } } } } } }`;

  async function expectRefused(query: string, variables: Record<string, unknown> = {}) {
    const statements = await api.countStatements(async () => {
      const { status, data, errors } = await api.graphql(query, variables);
      expect(status).toBe(400);
      expect(data).toBeNull();
      expect(errors![0]).toMatchObject({ message: expect.stringMatching(/would cost .* \(at most 10000\)/), extensions: { code: 'BAD_USER_INPUT' } });
    });
    expect(statements).toBe(0);
  }

  it('refuses literals over the limit', () => expectRefused(`{ ${related3('100', '20')} }`));

  it('refuses the same numbers given as variables', () => expectRefused(`query ($a: Int, $r: Int) { ${related3('$a', '$r')} }`, { a: 100, r: 20 }));

  it("refuses the same numbers given as the variables' defaults, with no variables sent", () =>
    expectRefused(`query ($a: Int = 100, $r: Int = 20) { ${related3('$a', '$r')} }`));

  it("counts a variable left out at the argument's own default, not as 1", async () => {
    // articles defaults to 20 and related to 4: each alias costs about 20 × 4 × 4 × 4 = 1,280
    // plus its fields, so 8 aliases are over the limit; counted as 1 each they would be 8 × 8.
    const aliases = Array.from(
      { length: 8 },
      (_, i) =>
        `a${i}: publication(slug: "cost-test") { articles(first: $a) { edges { node { id headline related(first: $r) { id headline related(first: $r) { id headline related(first: $r) { id headline } } } } } } }`,
    ).join(' ');
    await expectRefused(`query ($a: Int, $r: Int) { ${aliases} }`);
  });

  it('counts lists reached through fragments and inline fragments', () =>
    expectRefused(
      'query ($a: Int = 100) { publication(slug: "cost-test") { articles(first: $a) { edges { node { ...R } } } } } ' +
        'fragment R on Article { related(first: 20) { ... on Article { related(first: 20) { ...Leaf } } } } fragment Leaf on Article { related(first: 20) { id } }',
    ));

  it('runs the same shape when the lists are small', async () => {
    const { status, errors, data } = await api.graphql<{ publication: { articles: { edges: unknown[] } } }>(
      `query ($a: Int = 100, $r: Int = 20) { ${related3('$a', '$r')} }`,
      { a: 3, r: 2 },
    );
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data.publication.articles.edges).toHaveLength(3);
  });

  it('costs the operation the request names, however often the document was run before (compiled queries included)', async () => {
    const costly = `query Costly($n: Int = 100) { ${related3('$n', '20')} }`;
    await expectRefused(costly);
    for (let i = 0; i < 3; i++) expect((await api.graphql(costly, { n: 1 })).status).toBe(200);
    // A name the document does not have would have been costed as nothing.
    const named = await api.request('POST', '/graphql', JSON.stringify({ query: costly, operationName: 'Nope' }), { 'content-type': 'application/json' });
    expect(named.status).toBe(400);
    expect((JSON.parse(named.body) as { errors: GraphQLError[] }).errors[0]).toMatchObject({
      message: '"Nope" is not an operation of this document',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const unnamed = await api.request('POST', '/graphql', JSON.stringify({ query: costly, operationName: '' }), { 'content-type': 'application/json' });
    expect(unnamed.status).toBe(400);
    // Two operations: each request runs and is costed as the one it names.
    const two = `query Cheap { __typename } query Costly($n: Int = 100) { ${related3('$n', '20')} }`;
    const send = (operationName: string, variables: Record<string, unknown>) =>
      api
        .request('POST', '/graphql', JSON.stringify({ query: two, operationName, variables }), { 'content-type': 'application/json' })
        .then((r) => ({ status: r.status, body: JSON.parse(r.body) as { data: unknown } }));
    expect((await send('Cheap', {})).body.data).toEqual({ __typename: 'Query' });
    expect((await send('Costly', { n: 1 })).status).toBe(200);
    expect((await send('Cheap', { n: 100 })).body.data).toEqual({ __typename: 'Query' });
    expect((await send('Costly', {})).status).toBe(400);
    const anonymous = await api.request('POST', '/graphql', JSON.stringify({ query: two }), { 'content-type': 'application/json' });
    expect(anonymous.status).toBe(400);
  });

  it('never runs a mutation over GET, even one compiled for the same document', async () => {
    const document = 'query Q { __typename } mutation M { login(email: "jit@newsroom.test", password: "not the password") { token } }';
    const post = (operationName: string) =>
      api.request('POST', '/graphql', JSON.stringify({ query: document, operationName }), { 'content-type': 'application/json' });
    await post('Q');
    await post('M');
    const before = await api.prisma.loginThrottle.count();
    const viaGet = await api.request('GET', `/graphql?query=${encodeURIComponent(document)}&operationName=Q`, undefined, {
      'mercurius-require-preflight': 'true',
    });
    expect((JSON.parse(viaGet.body) as { data: unknown }).data).toEqual({ __typename: 'Query' });
    const mutation = await api.request('GET', `/graphql?query=${encodeURIComponent(document)}&operationName=M`, undefined, {
      'mercurius-require-preflight': 'true',
    });
    expect(mutation.status).toBe(400);
    const unknown = await api.request('GET', `/graphql?query=${encodeURIComponent(document)}&operationName=X`, undefined, {
      'mercurius-require-preflight': 'true',
    });
    expect(unknown.status).toBe(400);
    expect((JSON.parse(unknown.body) as { errors: GraphQLError[] }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await api.prisma.loginThrottle.count()).toBe(before);
  });

  it('answers a compiled query with invalid variables as the first time: 400', async () => {
    const query = 'query ($f: Int) { publication(slug: "cost-test") { articles(first: $f) { edges { cursor } } } }';
    for (let i = 0; i < 4; i++) {
      const { status, errors } = await api.graphql(query, { f: 'many' });
      expect(status).toBe(400);
      expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('one response is bounded, whatever the data', () => {
  let api: TestApi;
  let editorToken: string;
  let longDraftId: string;
  const BODY = 300_000;
  // The most any response below may hold: 4 MiB of article text, and 10,000 fields of lists
  // sized by the data, each of at most 2,000 characters, with JSON around them.
  const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  beforeAll(async () => {
    api = await TestApi.start();
    const db = api.prisma;
    const pub = await aPublication(db, { slug: 'big-paper' });
    const top = await aSection(db, pub.id, { slug: 'top' });
    const editor = await aUser(db, { role: 'EDITOR', publicationId: pub.id });
    editorToken = await api.tokenFor(editor.id);
    // Twenty authors with the longest bios, on 110 public articles with the longest bodies.
    const authors = await Promise.all(Array.from({ length: 20 }, () => anAuthor(db)));
    await db.author.updateMany({ data: { bio: 'b'.repeat(2_000) } });
    await db.$executeRaw`
      INSERT INTO articles (id, publication_id, section_id, slug, headline, standfirst, body_html, body_text, word_count, author_note, tags, status, published_at)
      SELECT gen_random_uuid(), ${pub.id}::uuid, ${top.id}::uuid, 'big-' || n, repeat('h', 300), repeat('s', 1000),
        '<p>' || repeat('x', ${BODY}) || '</p>', repeat('x', ${BODY}), 1, repeat('n', 1000),
        ARRAY(SELECT 'tag-' || n || '-' || t || repeat('t', 50) FROM generate_series(1, 30) t), 'PUBLISHED', now() - n * interval '1 minute'
      FROM generate_series(1, 110) n`;
    await db.$executeRaw`
      INSERT INTO article_authors (article_id, author_id, position)
      SELECT a.id, au.id, row_number() OVER (PARTITION BY a.id ORDER BY au.id) - 1
      FROM articles a CROSS JOIN authors au WHERE a.publication_id = ${pub.id}::uuid`;
    await db.$executeRaw`INSERT INTO article_slugs (publication_id, slug, article_id) SELECT publication_id, slug, id FROM articles WHERE publication_id = ${pub.id}::uuid`;
    // A draft saved 40 times, each revision with the longest body.
    const draft = await anArticle(db, { publicationId: pub.id, sectionId: top.id }, { status: 'DRAFT', authorIds: [authors[0].id] });
    longDraftId = draft.id;
    await db.$executeRaw`
      INSERT INTO article_revisions (id, article_id, version, section_id, slug, headline, body_html, tags, author_ids)
      SELECT gen_random_uuid(), ${draft.id}::uuid, v, ${top.id}::uuid, ${draft.slug}, 'Revision ' || v, '<p>' || repeat('r', ${BODY}) || '</p>', '{}', '{}'
      FROM generate_series(2, 41) v`;
    // 600 printed stories with the longest Bengali standfirsts and notes (3 bytes a letter),
    // on the 40 pages of one printed edition.
    await db.$executeRaw`
      INSERT INTO articles (id, publication_id, section_id, slug, headline, standfirst, body_html, body_text, word_count, author_note, tags, status, published_at, printed_at)
      SELECT gen_random_uuid(), ${pub.id}::uuid, ${top.id}::uuid, 'printed-' || n, 'Printed ' || n, repeat('ক', 1000), '<p>p</p>', 'p', 1, repeat('খ', 1000),
        ARRAY['shared'], 'PRINTED', now() - interval '1 day' - n * interval '1 second', now() - interval '1 day'
      FROM generate_series(1, 600) n`;
    await db.$executeRaw`INSERT INTO article_slugs (publication_id, slug, article_id) SELECT publication_id, slug, id FROM articles WHERE slug LIKE 'printed-%'`;
    const edition = await db.printEdition.create({
      data: { publicationId: pub.id, date: new Date('2026-11-30T00:00:00Z'), status: 'PRINTED', printedAt: new Date() },
    });
    await db.$executeRaw`
      INSERT INTO placements (id, edition_id, article_id, page, printed_version)
      SELECT gen_random_uuid(), ${edition.id}::uuid, id, 1 + (row_number() OVER (ORDER BY id)) % 40, 1 FROM articles WHERE slug LIKE 'printed-%'`;
    // A flat tree of 120 sections under one parent: parent → children loops multiply.
    await db.$executeRaw`
      INSERT INTO sections (id, publication_id, slug, name, description, parent_id, position, updated_at)
      SELECT gen_random_uuid(), ${pub.id}::uuid, 'sub-' || n, 'Sub ' || n, repeat('d', 1000), ${top.id}::uuid, n, now()
      FROM generate_series(1, 120) n`;
  });
  afterAll(() => api.close());

  async function measure(query: string, token?: string) {
    const response = await api.request('POST', '/graphql', JSON.stringify({ query }), {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    });
    return {
      bytes: Buffer.byteLength(response.body),
      body: JSON.parse(response.body) as { data: unknown; errors?: { message: string; extensions: { code: string } }[] },
    };
  }

  const aliases = (count: number, field: (i: number) => string) => Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join(' ');

  // The largest documents each guard lets through, against the largest data.
  const documents: [string, string, boolean][] = [
    [
      '15 aliases of a draft saved 40 times, with every revision body',
      `{ ${aliases(15, () => `article(id: "LONG_DRAFT") { revisions(first: 100) { version bodyHtml } }`)} }`,
      true,
    ],
    [
      '100 articles with their bodies and every field of text',
      '{ publication(slug: "big-paper") { articles(first: 100) { edges { node { headline standfirst bodyHtml bodyText authorNote tags authors { name bio } } } } } }',
      false,
    ],
    [
      'the section tree walked up and down',
      '{ publication(slug: "big-paper") { sections { description parent { children { description parent { children { slug description } } } } } } }',
      false,
    ],
    [
      '15 aliases of bodies through related stories',
      `{ ${aliases(15, () => 'publication(slug: "big-paper") { article(slug: "big-1") { bodyHtml related(first: 20) { bodyHtml bodyText } } }')} }`,
      false,
    ],
    [
      '100 articles with their bylines and related stories',
      '{ publication(slug: "big-paper") { articles(first: 100) { edges { node { standfirst authorNote authors { bio } related(first: 4) { standfirst authorNote } } } } } }',
      false,
    ],
    [
      'a printed edition of 600 stories, each with its related stories, twice',
      `{ ${aliases(2, () => 'publication(slug: "big-paper") { printEdition(date: "2026-11-30") { pages { articles { standfirst authorNote related(first: 20) { standfirst authorNote } } } } }')} }`,
      false,
    ],
    [
      'two lists of 100 stories with their related stories',
      `{ ${aliases(2, () => 'publication(slug: "big-paper") { articles(first: 100) { edges { node { related(first: 20) { standfirst authorNote } } } } }')} }`,
      false,
    ],
  ];

  it.each(documents)('keeps %s within the bound, saying when it stopped', async (_name, template, staff) => {
    const { bytes, body } = await measure(template.replaceAll('LONG_DRAFT', longDraftId), staff ? editorToken : undefined);
    expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    const codes = new Set((body.errors ?? []).map((e) => e.extensions.code));
    expect(codes.has('INTERNAL_SERVER_ERROR')).toBe(false);
    if (body.errors?.length) expect(body.errors[0].message).toMatch(/too large|would cost/);
  });

  it('reads related stories of a whole page in one statement', async () => {
    const statements = await api.countStatements(async () => {
      const { errors, data } = await api.graphql<{ publication: { articles: { edges: unknown[] } } }>(
        '{ publication(slug: "big-paper") { articles(first: 100) { edges { node { related(first: 1) { id } } } } } }',
      );
      expect(errors).toBeUndefined();
      expect(data.publication.articles.edges).toHaveLength(100);
    });
    expect(statements).toBeLessThanOrEqual(3);
  });

  it('stops a printed edition larger than the cost estimated for it while resolving it', async () => {
    // Estimated at 10 pages of 10 stories, the 600 stories are charged as they resolve.
    const query = `{ ${aliases(3, () => 'publication(slug: "big-paper") { printEdition(date: "2026-11-30") { pages { articles { standfirst authorNote } } } }')} }`;
    const { bytes, body } = await measure(query);
    expect(body.errors![0]).toMatchObject({ message: expect.stringMatching(/too large/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(bytes).toBeLessThan(MAX_RESPONSE_BYTES);
    const one = await measure(
      `{ ${aliases(1, () => 'publication(slug: "big-paper") { printEdition(date: "2026-11-30") { pages { articles { standfirst authorNote } } } }')} }`,
    );
    expect(one.body.errors).toBeUndefined();
  });

  it('refuses 15 aliases of 40 long revisions before loading them (the 177 MiB case)', async () => {
    const { bytes, body } = await measure(`{ ${aliases(15, () => `article(id: "${longDraftId}") { revisions { bodyHtml } }`)} }`, editorToken);
    expect(bytes).toBeLessThan(6 * 1024 * 1024);
    expect(body.errors!.some((e) => /too large/.test(e.message) && e.extensions.code === 'BAD_USER_INPUT')).toBe(true);
  });

  it('charges lists the same once the document is compiled (fragments included)', async () => {
    const query = '{ publication(slug: "big-paper") { sections { ...S children { ...S } } } } fragment S on Section { slug name }';
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await api.graphql(query));
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual(answers[0].data);
    }
    const tooMuch =
      '{ publication(slug: "big-paper") { sections { ...T parent { children { ...T parent { children { ...T } } } } } } } fragment T on Section { slug name description }';
    for (let i = 0; i < 3; i++) {
      const { errors } = await api.graphql(tooMuch);
      expect(errors![0]).toMatchObject({ message: expect.stringMatching(/too large/), extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  it('pages revisions and caps the history', async () => {
    type Revisions = { article: { revisions: { version: number }[] } };
    const first = await api.graphql<Revisions>(`{ article(id: "${longDraftId}") { revisions(first: 5) { version } } }`, {}, editorToken);
    const versions = first.data.article.revisions.map((r: { version: number }) => r.version);
    expect(versions).toEqual([41, 40, 39, 38, 37]);
    const next = await api.graphql<Revisions>(`{ article(id: "${longDraftId}") { revisions(first: 3, before: 37) { version } } }`, {}, editorToken);
    expect(next.data.article.revisions.map((r: { version: number }) => r.version)).toEqual([36, 35, 34]);
    const tooMany = await api.graphql(`{ article(id: "${longDraftId}") { revisions(first: 101) { version } history(last: 101) { to } } }`, {}, editorToken);
    expect(tooMany.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('still answers the article page of the longest body in full', async () => {
    const { body } = await measure('{ publication(slug: "big-paper") { article(slug: "big-1") { bodyHtml bodyText related(first: 4) { headline } } } }');
    expect(body.errors).toBeUndefined();
    expect((body.data as { publication: { article: { bodyText: string } } }).publication.article.bodyText).toHaveLength(BODY);
  });
});

describe('every path to an article applies the same read rule', () => {
  let api: TestApi;
  let pub: { id: string; slug: string };
  let contributor: string;
  let production: string;
  let embargoed: { id: string; slug: string };
  let published: { id: string };
  let mine: { id: string; slug: string };
  let editionId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    const db = api.prisma;
    pub = await aPublication(db, { slug: 'read-rule' });
    const section = await aSection(db, pub.id, { slug: 'news' });
    const editor = await aUser(db, { role: 'EDITOR', publicationId: pub.id });
    const writerUser = await aUser(db, { role: 'CONTRIBUTOR', publicationId: pub.id });
    contributor = await api.tokenFor(writerUser.id);
    production = await api.tokenFor((await aUser(db, { role: 'PRODUCTION', publicationId: pub.id })).id);
    const editorAuthor = await anAuthor(db);
    const writerAuthor = await anAuthor(db, { userId: writerUser.id });
    // Another editor's story under embargo until tomorrow, with its body.
    embargoed = await anArticle(
      db,
      { publicationId: pub.id, sectionId: section.id },
      {
        status: 'SCHEDULED',
        scheduledFor: new Date(Date.now() + day),
        headline: 'Embargoed budget leak',
        bodyHtml: '<p>The secret figures.</p>',
        tags: ['budget'],
        authorIds: [editorAuthor.id],
        createdById: editor.id,
      },
    );
    published = await anArticle(
      db,
      { publicationId: pub.id, sectionId: section.id },
      { status: 'PUBLISHED', tags: ['budget'], authorIds: [editorAuthor.id], createdById: editor.id },
    );
    mine = await anArticle(
      db,
      { publicationId: pub.id, sectionId: section.id },
      { status: 'APPROVED', tags: ['budget'], authorIds: [writerAuthor.id], createdById: writerUser.id },
    );
    const edition = await api.operation('CreatePrintEdition', { input: { publicationId: pub.id, date: '2026-12-24' } }, production);
    editionId = edition.data.createPrintEdition.id;
    for (const [article, page] of [
      [embargoed, 1],
      [published, 1],
      [mine, 2],
    ] as const) {
      const placed = await api.operation('PlaceArticle', { input: { editionId, articleId: article.id, page } }, production);
      expect(placed.errors).toBeUndefined();
    }
  });
  afterAll(() => api.close());

  type Pages = { publication: { printEditions: { edges: { node: { pages: { articles: { id: string }[] }[] } }[] } } };
  const pagesQuery = `{ publication(slug: "read-rule") { printEditions(first: 5) { edges { node { id pages { number articles { id headline bodyHtml status } } } } } } }`;

  it('shows a contributor on the pages of a planned edition only what they may read: not an embargoed story of another writer', async () => {
    const { data, errors } = await api.graphql<Pages>(pagesQuery, {}, contributor);
    expect(errors).toBeUndefined();
    const pages = data.publication.printEditions.edges[0].node.pages;
    const ids = pages.flatMap((p: { articles: { id: string }[] }) => p.articles.map((a) => a.id));
    expect(ids).toEqual([published.id, mine.id]);
    expect(JSON.stringify(data)).not.toMatch(/Embargoed|secret figures/);
  });

  it('shows production every placed story, as it plans the paper', async () => {
    const { data } = await api.graphql<Pages>(pagesQuery, {}, production);
    const ids = data.publication.printEditions.edges[0].node.pages.flatMap((p: { articles: { id: string }[] }) => p.articles.map((a) => a.id));
    expect(ids).toEqual([embargoed.id, published.id, mine.id]);
  });

  it('keeps the embargoed story from the contributor on every other path', async () => {
    // Each path, and where in its answer the articles it reached are.
    const paths: [string, string, string][] = [
      ['article by id', `{ article(id: "${embargoed.id}") { id } }`, 'article'],
      ['article by slug', `{ publication(slug: "read-rule") { article(slug: "${embargoed.slug}") { id } } }`, 'publication.article'],
      ['the front page', '{ publication(slug: "read-rule") { articles { edges { node { id } } } } }', 'publication.articles.edges'],
      ['the tag page', '{ publication(slug: "read-rule") { articles(tag: "budget") { edges { node { id } } } } }', 'publication.articles.edges'],
      ['search', '{ publication(slug: "read-rule") { search(query: "budget leak") { edges { node { id } } } } }', 'publication.search.edges'],
      ['the desk', '{ publication(slug: "read-rule") { desk { edges { node { id } } } } }', 'publication.desk.edges'],
      ['related stories of their own', `{ article(id: "${mine.id}") { related(first: 20) { id } } }`, 'article.related'],
      ['the edition pages', pagesQuery, 'publication.printEditions.edges'],
    ];
    for (const [name, query, path] of paths) {
      const { data } = await api.graphql(query, {}, contributor);
      const reached = path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key] ?? null, data);
      const shown = JSON.stringify(reached);
      expect({ name, leaked: shown.includes(embargoed.id) }).toEqual({ name, leaked: false });
    }
  });

  it('shows the public a printed page only as it ran: printed stories', async () => {
    const printed = await api.operation('MarkEditionPrinted', { editionId }, production);
    expect(printed.errors).toBeUndefined();
    await api.operation(
      'TransitionArticle',
      { input: { id: published.id, to: 'RETRACTED', comment: 'Wrong' } },
      await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id })).id),
    );
    const { data } = await api.operation('TodaysPaper', { publication: 'read-rule', date: '2026-12-24' });
    const ids = data.publication.printEdition.pages.flatMap((p: { articles: { id: string }[] }) => p.articles.map((a) => a.id));
    expect(ids).toEqual([embargoed.id, mine.id]);
  });
});

describe('sessions', () => {
  let api: TestApi;
  let admin: string;
  let pub: { id: string };
  beforeAll(async () => {
    api = await TestApi.start();
    pub = await aPublication(api.prisma);
    admin = await api.tokenFor((await aUser(api.prisma, { isAdmin: true })).id);
  });
  afterAll(() => api.close());

  const me = (token: string) => api.operation('Me', {}, token);
  const updateUser = (id: string, input: Record<string, unknown>) =>
    api.graphql('mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }', { id, input }, admin);

  it('ends every session signed in before a password reset, even in the same second and racing it', async () => {
    await awayFromWindowEnd();
    const user = await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id });
    const sameSecond = await api.tokenFor(user.id);
    const logins = Array.from({ length: 16 }, () => api.operation('Login', { email: user.email, password: TEST_PASSWORD }));
    const reset = updateUser(user.id, { password: 'a brand new password' });
    const [results, resetResult] = await Promise.all([Promise.all(logins), reset]);
    expect(resetResult.errors).toBeUndefined();
    const tokens = [sameSecond, ...results.flatMap((r) => (r.data?.login?.token ? [r.data.login.token] : []))];
    for (const token of tokens) {
      const answer = await me(token);
      expect(answer.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
    const fresh = await api.operation('Login', { email: user.email, password: 'a brand new password' });
    expect((await me(fresh.data.login.token)).data.me.id).toBe(user.id);
  });

  it('does not bring back the sessions of a disabled user when the account is enabled again', async () => {
    const user = await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id });
    const token = await api.tokenFor(user.id);
    expect((await me(token)).data.me.id).toBe(user.id);
    expect((await updateUser(user.id, { disabled: true })).errors).toBeUndefined();
    expect((await updateUser(user.id, { disabled: false })).errors).toBeUndefined();
    expect((await me(token)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const again = await api.operation('Login', { email: user.email, password: TEST_PASSWORD });
    expect((await me(again.data.login.token)).data.me.id).toBe(user.id);
  });
});

describe('behind a proxy', () => {
  const attempt = (api: TestApi, email: string, forwardedFor: string) =>
    api
      .request('POST', '/graphql', JSON.stringify({ query: `mutation { login(email: "${email}", password: "not the password at all") { token } }` }), {
        'content-type': 'application/json',
        'x-forwarded-for': forwardedFor,
      })
      .then((r) => (JSON.parse(r.body) as { errors: GraphQLError[] }).errors[0].message);

  it.each([
    ['a number of proxies', 1],
    ['the proxy addresses', ['127.0.0.1', '::1', '::ffff:127.0.0.1']],
  ] as const)('believes only the hops of %s, so a client writing its own X-Forwarded-For is still limited', async (_name, trustProxy) => {
    const api = await TestApi.start({ trustProxy: trustProxy as number | string[] });
    try {
      await awayFromWindowEnd();
      const user = await aUser(api.prisma);
      const messages: string[] = [];
      // The client writes a new address each time; the proxy appends the one it saw.
      for (let i = 0; i <= LOGIN_LIMITS.perAccount + 1; i++) messages.push(await attempt(api, user.email, `10.9.${i}.1, 203.0.113.7`));
      expect(messages.slice(0, LOGIN_LIMITS.perAccount)).toEqual(Array(LOGIN_LIMITS.perAccount).fill('Wrong email or password'));
      expect(messages.slice(LOGIN_LIMITS.perAccount)).toEqual([expect.stringMatching(/try again/), expect.stringMatching(/try again/)]);
      const keys = (await api.prisma.loginThrottle.findMany()).map((row) => row.key);
      expect(keys).toContain('address:203.0.113.7');
      expect(keys.some((key) => key.includes('10.9.'))).toBe(false);
    } finally {
      await api.close();
    }
  });
});

describe('slow clients', () => {
  let api: TestApi;
  beforeAll(async () => (api = await TestApi.start({ requestTimeoutMs: 1_500 })));
  afterAll(() => api.close());

  /** Sends `head`, then a byte of `trickle` every 400 ms; resolves with what came back and when the socket closed. */
  function trickle(head: string, trickleText: string): Promise<{ ms: number; answer: string }> {
    const { port } = new URL(api.url);
    return new Promise((resolve) => {
      const started = Date.now();
      const socket = connect(Number(port), '127.0.0.1');
      let answer = '';
      let i = 0;
      socket.write(head);
      const timer = setInterval(() => {
        if (!socket.destroyed) socket.write(trickleText[i++ % trickleText.length]);
      }, 400);
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ ms: Date.now() - started, answer });
      });
    });
  }

  it('cuts off a body trickled a byte at a time', async () => {
    const { ms, answer } = await trickle('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n', '{ ');
    expect(ms).toBeLessThan(6_000);
    expect(answer === '' || /^HTTP\/1.1 408/.test(answer)).toBe(true);
  });

  it('cuts off headers trickled a byte at a time', async () => {
    const { ms } = await trickle('POST /graphql HTTP/1.1\r\n', 'X-Slow: yes\r\n');
    expect(ms).toBeLessThan(6_000);
  });

  it('stays healthy afterwards', async () => {
    expect((await api.request('GET', '/health')).status).toBe(200);
  });
});

describe('dates, documents and smaller findings', () => {
  let api: TestApi;
  let pub: { id: string; slug: string };
  let section: { id: string };
  let author: { id: string };
  let editor: string;
  let production: string;
  beforeAll(async () => {
    api = await TestApi.start();
    pub = await aPublication(api.prisma, { slug: 'findings' });
    section = await aSection(api.prisma, pub.id);
    author = await anAuthor(api.prisma);
    editor = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id })).id);
    production = await api.tokenFor((await aUser(api.prisma, { role: 'PRODUCTION', publicationId: pub.id })).id);
  });
  afterAll(() => api.close());

  it.each(['0000-01-01', '0000-12-31'])('refuses the date %s with BAD_USER_INPUT, reading or writing, and writes nothing', async (date) => {
    const read = await api.graphql(`{ publication(slug: "findings") { printEdition(date: "${date}") { id } } }`);
    expect(read.status).toBe(400);
    expect(read.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const write = await api.operation('CreatePrintEdition', { input: { publicationId: pub.id, date } }, production);
    expect(write.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await api.prisma.printEdition.count()).toBe(0);
  });

  it('takes the first and last dates PostgreSQL and the calendar share', async () => {
    for (const date of ['0001-01-01', '9999-12-31']) {
      const read = await api.graphql<{ publication: { printEdition: unknown } }>(`{ publication(slug: "findings") { printEdition(date: "${date}") { id } } }`);
      expect(read.errors).toBeUndefined();
      expect(read.data.publication.printEdition).toBeNull();
    }
  });

  it.each([
    ['a malformed syntax tree', JSON.stringify({ kind: 'Document', definitions: [{ kind: 'OperationDefinition' }] })],
    [
      'a well-formed syntax tree',
      JSON.stringify({
        kind: 'Document',
        definitions: [
          {
            kind: 'OperationDefinition',
            operation: 'query',
            selectionSet: { kind: 'SelectionSet', selections: [{ kind: 'Field', name: { kind: 'Name', value: '__typename' } }] },
          },
        ],
      }),
    ],
    ['an array', '[1, 2, 3]'],
  ])('refuses %s sent as the query text, as a syntax error', async (_name, query) => {
    const { status, errors } = await api.graphql(query);
    expect(status).toBe(400);
    expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a query of null text as a syntax error', async () => {
    const { status, errors } = await api.graphql('null');
    expect(status).toBe(400);
    expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    [
      'an unclosed quote in a link',
      '<p>The minister said <a href="https://example.com/report>the report</a> was wrong.</p><p>Second paragraph of the story.</p>',
      'the report',
    ],
    ['a stray <?', '<p>Price went from 5 <? to 7 and the rest.</p>', 'to 7'],
    ['a < right before a word', '<p>a<b and the rest of the story</p>', 'b and'],
    ['an unclosed comment', '<p>Before <!-- a note</p><p>The rest of the story.</p>', 'a note'],
  ])('refuses a body whose %s would lose writing, quoting where the loss starts', async (_name, bodyHtml, quoted) => {
    const before = await api.prisma.article.count();
    const { errors } = await api.operation(
      'CreateArticle',
      { input: { publicationId: pub.id, sectionId: section.id, headline: 'Broken', authorIds: [author.id], bodyHtml } },
      editor,
    );
    expect(errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.bodyHtml', message: expect.stringContaining(quoted) }] },
    });
    expect(await api.prisma.article.count()).toBe(before);
  });

  it.each([
    ['an empty comment', '<p>a <!--> b</p>', 'a b'],
    ['a comment closed with --!>', '<p>x <!--x--!> y</p>', 'x y'],
    ['a < before a space', '<p>a < b and c > d</p>', 'a < b and c > d'],
    ['entities', '<p>Tom &amp; Jerry &eacute;t&eacute;</p>', 'Tom & Jerry été'],
  ])('keeps a body with %s as sanitised', async (_name, bodyHtml, text) => {
    const { data, errors } = await api.operation(
      'CreateArticle',
      { input: { publicationId: pub.id, sectionId: section.id, headline: 'Kept', authorIds: [author.id], bodyHtml } },
      editor,
    );
    expect(errors).toBeUndefined();
    expect((await api.prisma.article.findUniqueOrThrow({ where: { id: data.createArticle.id } })).bodyText).toBe(text);
  });

  it('pages through editions of any year it takes, 1849 included', async () => {
    const pub2 = await aPublication(api.prisma);
    const production2 = await api.tokenFor((await aUser(api.prisma, { role: 'PRODUCTION', publicationId: pub2.id })).id);
    for (const date of ['1849-01-01', '1850-01-01', '0001-01-01']) {
      expect((await api.operation('CreatePrintEdition', { input: { publicationId: pub2.id, date } }, production2)).errors).toBeUndefined();
    }
    const dates: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      type Editions = { publication: { printEditions: { edges: { node: { date: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } };
      const { data, errors }: GraphQLResponse<Editions> = await api.graphql<Editions>(
        'query ($p: String!, $after: String) { publication(slug: $p) { printEditions(first: 1, after: $after) { edges { node { date } } pageInfo { hasNextPage endCursor } } } }',
        { p: pub2.slug, after },
        production2,
      );
      expect(errors).toBeUndefined();
      dates.push(...data.publication.printEditions.edges.map((e: { node: { date: string } }) => e.node.date));
      if (!data.publication.printEditions.pageInfo.hasNextPage) break;
      after = data.publication.printEditions.pageInfo.endCursor;
    }
    expect(dates).toEqual(['1850-01-01', '1849-01-01', '0001-01-01']);
  });

  it.each(['math', 'svg', 'noscript', 'style', 'textarea'])('refuses a body with an unclosed <%s> that would swallow the rest, saving nothing', async (tag) => {
    const before = await api.prisma.article.count();
    const { errors } = await api.operation(
      'CreateArticle',
      {
        input: {
          publicationId: pub.id,
          sectionId: section.id,
          headline: 'Swallowed',
          authorIds: [author.id],
          bodyHtml: `<p>First words <${tag}>x</p><p>The rest of the story.</p>`,
        },
      },
      editor,
    );
    expect(errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.bodyHtml', message: expect.stringContaining(`<${tag}>`) }] },
    });
    expect(await api.prisma.article.count()).toBe(before);
  });

  it('keeps bodies whose active content is closed, dropping only that content', async () => {
    const { data, errors } = await api.operation(
      'CreateArticle',
      {
        input: {
          publicationId: pub.id,
          sectionId: section.id,
          headline: 'Closed',
          authorIds: [author.id],
          bodyHtml: '<p>One <svg/><math>m</math>two</p><script>x</script><p>three</p>',
        },
      },
      editor,
    );
    expect(errors).toBeUndefined();
    const saved = await api.prisma.article.findUniqueOrThrow({ where: { id: data.createArticle.id } });
    expect(saved.bodyText).toBe('One two\nthree');
  });

  it('answers the editor who publishes a scheduled story whose time has come with the published story', async () => {
    const due = new Date(Date.now() - 60_000);
    const story = await anArticle(
      api.prisma,
      { publicationId: pub.id, sectionId: section.id },
      { status: 'SCHEDULED', scheduledFor: due, authorIds: [author.id] },
    );
    const { data, errors } = await api.operation('TransitionArticle', { input: { id: story.id, to: 'PUBLISHED' } }, editor);
    expect(errors).toBeUndefined();
    expect(data.transitionArticle).toMatchObject({ status: 'PUBLISHED', publishedAt: due.toISOString().replace('.000Z', 'Z') });
    const events = await api.prisma.articleEvent.findMany({ where: { articleId: story.id, toStatus: 'PUBLISHED' } });
    expect(events).toHaveLength(1);
    expect(events[0].actorId).not.toBeNull();
  });
});
