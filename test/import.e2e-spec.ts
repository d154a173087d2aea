import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_ARTICLE, DEMO_PUBLICATION, loadDemoData } from '../prisma/demo-data.js';
import { SEED_AUTHOR_NOTE, SEED_HEADLINE, SEED_STANDFIRST } from '../prisma/demo/seed-article.js';
import { projectRoot } from '../src/database/project-paths.js';
import { TestApi } from './helpers/api.js';
import { builtProject } from './helpers/built-project.js';
import { aUser } from './factories/newsroom.factory.js';

// The wire import as an operator runs it: `node dist/src/cli/cms.js import ...` (what
// `npm run cms -- import ...` runs once built), a process of its own on the test's database;
// what it wrote is read back over HTTP and from the database.

// The page the demo article was scraped from, beside the repository as the issue names it.
const SEED_PAGE = join(projectRoot, 'test', 'fixtures', 'independent-opinion-2021-04-05.txt');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const STAFF_ARTICLE = `query ($id: ID!) {
  article(id: $id) {
    status version headline standfirst bodyHtml authorNote canonicalSlug
    authors { slug name }
    section { slug }
    history { from to actor { name } }
  }
}`;

interface StaffArticle {
  article: {
    status: string;
    version: number;
    headline: string;
    standfirst: string;
    bodyHtml: string;
    authorNote: string;
    canonicalSlug: string;
    authors: { slug: string; name: string }[];
    section: { slug: string };
    history: { from: string | null; to: string; actor: { name: string } | null }[];
  };
}

describe('the wire import (npm run cms -- import)', () => {
  let api: TestApi;
  let build: string;
  let folder: string;
  let publicationId: string;
  let editorToken: string;

  /** Runs the built command line on the test's database. */
  const cms = (...args: string[]): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(build, 'src', 'cli', 'cms.js'), ...args], {
        cwd: projectRoot,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: api.databaseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  const importInto = (section: string, ...files: string[]) => cms('import', '--publication', DEMO_PUBLICATION, '--section', section, ...files);

  const file = (name: string, content: unknown) => {
    const path = join(folder, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };

  /** A summary line of the import: `<status>  <file>  <slug or reason>`. */
  const line = (run: Run, path: string) =>
    run.stdout
      .split('\n')
      .find((text) => text.includes(path.startsWith('/') ? path : join(folder, path)))
      ?.trim();

  const staffRead = async (id: string) => {
    const { data, errors } = await api.graphql<StaffArticle>(STAFF_ARTICLE, { id }, editorToken);
    expect(errors).toBeUndefined();
    return data.article;
  };

  const bySource = (sourceId: string) => api.prisma.articleSource.findUniqueOrThrow({ where: { publicationId_sourceId: { publicationId, sourceId } } });

  /** What an import may write: stories, their versions, revisions and events, authors. */
  const counts = async () => ({
    articles: await api.prisma.article.count(),
    revisions: await api.prisma.articleRevision.count(),
    events: await api.prisma.articleEvent.count(),
    authors: await api.prisma.author.count(),
    versions: (await api.prisma.article.aggregate({ _sum: { version: true } }))._sum.version,
  });

  const wireItem = (overrides: Record<string, unknown> = {}) => ({
    uri: 'urn:newsml:wire.example:20260402:kabul-talks',
    type: 'text',
    version: '1',
    headlines: [{ role: 'main', value: 'Talks resume in Kabul' }],
    descriptions: [{ role: 'summary', value: 'Delegations met for the first time since March.' }],
    bodies: [{ role: 'main', contenttype: 'text/html', value: '<p>The delegations met on Friday.</p><p>They will meet again.</p>' }],
    by: 'Md. Tareq Hasan',
    subjects: [{ name: 'Afghanistan' }, { name: 'Diplomacy' }],
    ...overrides,
  });

  beforeAll(async () => {
    [build, api] = await Promise.all([builtProject(), TestApi.start()]);
    folder = mkdtempSync(join(tmpdir(), 'wire-import-'));
    await loadDemoData(api.prisma);
    publicationId = (await api.prisma.publication.findUniqueOrThrow({ where: { slug: DEMO_PUBLICATION } })).id;
    editorToken = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId })).id);
  }, 240_000);

  afterAll(async () => {
    await api?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('imports the seed page as the demo article: headline, standfirst, byline, 18 paragraphs and author note, SUBMITTED by the wire', async () => {
    const run = await importInto('opinion', SEED_PAGE);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^The Independent \(the-independent\) \/ Opinion:$/m);
    expect(line(run, SEED_PAGE)).toMatch(new RegExp(`^created\\s+\\S+independent-opinion-2021-04-05\\.txt\\s+${DEMO_ARTICLE}-2$`));
    expect(run.stdout.trim().split('\n').at(-1)).toBe('1 created, 0 updated, 0 unchanged, 0 refused');

    const source = await bySource('file:independent-opinion-2021-04-05.txt');
    const imported = await staffRead(source.articleId);
    const demo = await api.prisma.article.findFirstOrThrow({ where: { publicationId, slug: DEMO_ARTICLE } });
    expect(imported).toMatchObject({
      status: 'SUBMITTED',
      headline: SEED_HEADLINE,
      standfirst: SEED_STANDFIRST,
      authorNote: SEED_AUTHOR_NOTE,
      authors: [{ slug: 'md-tareq-hasan', name: 'Md. Tareq Hasan' }],
      section: { slug: 'opinion' },
      bodyHtml: demo.bodyHtml,
    });
    expect(imported.bodyHtml.match(/<p>/g)).toHaveLength(18);
    expect(imported.bodyHtml).not.toMatch(/Comments|More Opinion Stories|Copyright|Print|Editor :/);
    // The wire made both moves: the draft, and its submission to the desk.
    expect(imported.history).toEqual([
      { from: null, to: 'DRAFT', actor: { name: 'Wire import' } },
      { from: 'DRAFT', to: 'SUBMITTED', actor: { name: 'Wire import' } },
    ]);
  });

  it('changes nothing when the same page is imported again', async () => {
    const source = await bySource('file:independent-opinion-2021-04-05.txt');
    const before = { counts: await counts(), article: await api.prisma.article.findUniqueOrThrow({ where: { id: source.articleId } }) };
    const run = await importInto('opinion', SEED_PAGE);
    expect(run.code).toBe(0);
    expect(line(run, SEED_PAGE)).toMatch(/^unchanged\s/);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('0 created, 0 updated, 1 unchanged, 0 refused');
    expect(await counts()).toEqual(before.counts);
    expect(await api.prisma.article.findUniqueOrThrow({ where: { id: source.articleId } })).toEqual(before.article);
  });

  it('the wire cannot sign in', async () => {
    const wire = await api.prisma.user.findUniqueOrThrow({ where: { email: 'wire-import@newsroom.invalid' } });
    expect(wire).toMatchObject({ name: 'Wire import', disabled: true, isAdmin: false });
    expect(await api.prisma.membership.count({ where: { userId: wire.id } })).toBe(0);
    const { errors } = await api.graphql('mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }', {
      email: wire.email,
      password: wire.passwordHash,
    });
    expect(errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a bad file among good ones with its reason, imports the others, and leaves nothing of the bad ones', async () => {
    const good = file('good.json', wireItem());
    const bad = {
      broken: file('broken.json', '{"uri": "urn:x:broken", "headlines": ['),
      noHeadline: file('no-headline.json', wireItem({ uri: 'urn:x:no-headline', headlines: [] })),
      script: file('script.json', wireItem({ uri: 'urn:x:script', bodies: [{ contenttype: 'text/html', value: '<p>Fine.</p><script>steal()' }] })),
      stranger: file('stranger.json', wireItem({ uri: 'urn:x:stranger', by: 'Nobody Known' })),
      tooLong: file('too-long.json', wireItem({ uri: 'urn:x:too-long', headlines: [{ value: 'x'.repeat(301) }] })),
      page: file('no-byline.txt', 'A headline\n\nThis first line is a sentence of the story, not a byline.\n\nMore.\n'),
      missing: join(folder, 'missing.json'),
    };
    const before = await counts();
    const run = await importInto('world', bad.broken, bad.noHeadline, good, bad.script, bad.stranger, bad.tooLong, bad.page, bad.missing);
    expect(run.code).toBe(1);
    expect(line(run, good)).toMatch(/^created\s+\S+good\.json\s+talks-resume-in-kabul$/);
    expect(line(run, bad.broken)).toMatch(/^refused\s+\S+\s+not JSON: /);
    expect(line(run, bad.noHeadline)).toMatch(/^refused\s+\S+\s+no headline/);
    expect(line(run, bad.script)).toMatch(/^refused\s+\S+\s+body: has an unclosed <script>/);
    expect(line(run, bad.stranger)).toMatch(/^refused\s+\S+\s+the byline's "Nobody Known" is no author of the newsroom/);
    expect(line(run, bad.tooLong)).toMatch(/^refused\s+\S+\s+headline: must be shorter than or equal to 300 characters/);
    expect(line(run, bad.page)).toMatch(/^refused\s+\S+\s+no byline under the headline/);
    expect(line(run, bad.missing)).toMatch(/^refused\s+\S+\s+no such file$/);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('1 created, 0 updated, 0 unchanged, 7 refused');
    // One story, its draft and submission; nothing of the refused files, not even an author.
    const after = await counts();
    expect(after).toEqual({
      ...before,
      articles: before.articles + 1,
      revisions: before.revisions + 2,
      events: before.events + 2,
      versions: before.versions! + 2,
    });
    expect(await api.prisma.articleSource.count({ where: { sourceId: { startsWith: 'urn:x:' } } })).toBe(0);

    const story = await staffRead((await bySource(wireItem().uri)).articleId);
    expect(story).toMatchObject({ status: 'SUBMITTED', headline: 'Talks resume in Kabul', section: { slug: 'world' }, authors: [{ slug: 'md-tareq-hasan' }] });
  });

  it('applies a new version from the wire while the desk has not touched the story, and not once it has', async () => {
    const { articleId } = await bySource(wireItem().uri);
    const v2 = file('kabul-v2.json', wireItem({ version: '2', headlines: [{ role: 'main', value: 'Talks resume in Kabul after a month' }] }));
    const updated = await importInto('world', v2);
    expect(updated.code).toBe(0);
    expect(line(updated, v2)).toMatch(/^updated\s+\S+\s+talks-resume-in-kabul$/);
    const story = await staffRead(articleId);
    // The same story, its slug kept; a new version saved by the wire; no move.
    expect(story).toMatchObject({ status: 'SUBMITTED', version: 3, headline: 'Talks resume in Kabul after a month', canonicalSlug: 'talks-resume-in-kabul' });
    expect(story.history).toHaveLength(2);

    // The desk copy-edits it: the wire's next version is refused, the desk's work kept.
    const { errors } = await api.graphql(
      'mutation ($input: TransitionArticleInput!) { transitionArticle(input: $input) { status } }',
      { input: { id: articleId, to: 'EDITED' } },
      editorToken,
    );
    expect(errors).toBeUndefined();
    const v3 = file('kabul-v3.json', wireItem({ version: '3', headlines: [{ role: 'main', value: 'A headline the desk would lose' }] }));
    const refused = await importInto('world', v3);
    expect(refused.code).toBe(1);
    expect(line(refused, v3)).toMatch(/^refused\s+\S+\s+a new version of talks-resume-in-kabul, which the desk has taken on \(EDITED\): not applied$/);
    expect(await staffRead(articleId)).toMatchObject({ status: 'EDITED', headline: 'Talks resume in Kabul after a month' });
  });

  it('makes an author of an unknown byline only when asked (--create-authors)', async () => {
    const item = file('new-writer.json', wireItem({ uri: 'urn:x:new-writer', by: 'By Farida Akter' }));
    expect(line(await importInto('world', item), item)).toMatch(/^refused\s+\S+\s+the byline's "Farida Akter" is no author/);
    const run = await cms('import', '--publication', DEMO_PUBLICATION, '--section', 'world', '--create-authors', item);
    expect(run.code).toBe(0);
    expect(line(run, item)).toMatch(/^created\s+\S+\s+\S+ \(new author: Farida Akter\)$/);
    expect(await api.prisma.author.findMany({ where: { name: 'Farida Akter' }, select: { slug: true } })).toEqual([{ slug: 'farida-akter' }]);
  });

  it('takes back its own ninjs: a story given out at /ninjs imports as the same story', async () => {
    const served = await api.request('GET', `/ninjs/${DEMO_PUBLICATION}/${DEMO_ARTICLE}`);
    expect(served.status).toBe(200);
    const item = file('own.json', served.body);
    const run = await importInto('editorial', item);
    expect(run.code).toBe(0);
    const demo = await api.prisma.article.findFirstOrThrow({ where: { publicationId, slug: DEMO_ARTICLE } });
    const imported = await staffRead((await bySource(`urn:uuid:${demo.id}`)).articleId);
    expect(imported).toMatchObject({
      headline: demo.headline,
      standfirst: demo.standfirst,
      authorNote: demo.authorNote,
      bodyHtml: demo.bodyHtml,
      authors: [{ slug: 'md-tareq-hasan' }],
      section: { slug: 'editorial' },
    });
  });

  it('says what is wrong with the command, and does nothing', async () => {
    const before = await counts();
    const noSuchPublication = await cms('import', '--publication', 'no-such-paper', '--section', 'opinion', SEED_PAGE);
    expect(noSuchPublication).toMatchObject({ code: 2, stdout: '' });
    expect(noSuchPublication.stderr).toMatch(/Publication "no-such-paper" not found/);
    const noSuchSection = await importInto('no-such-section', SEED_PAGE);
    expect(noSuchSection.code).toBe(2);
    expect(noSuchSection.stderr).toMatch(/Section "no-such-section" of The Independent not found/);
    const noFiles = await cms('import', '--publication', DEMO_PUBLICATION, '--section', 'opinion');
    expect(noFiles.code).toBe(2);
    expect(noFiles.stderr).toMatch(/no files to import[\s\S]*usage: npm run cms -- import/);
    expect(await counts()).toEqual(before);
  });
});
