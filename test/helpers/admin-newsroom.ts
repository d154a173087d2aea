import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { TestApi, type GraphQLResponse } from './api.js';
import { aPublication, aUser } from '../factories/newsroom.factory.js';

// The newsroom the admin operations' specs work in: two publications, an admin and staff
// of each role, and the checks every refusal gets (its code, the fields it names, and that
// nothing was written). adminNewsroom() starts it before a spec file's tests and stops it
// after; its fields are set once the file's first beforeAll has run.

export const unique = () => randomBytes(4).toString('hex');

export type Role = 'CONTRIBUTOR' | 'COPY_EDITOR' | 'EDITOR' | 'PRODUCTION';
export type AdminStaff = 'admin' | 'editorA' | 'contributorA' | 'copyEditorA' | 'productionA' | 'editorB';

export interface AdminNewsroom {
  api: TestApi;
  pubA: { id: string; slug: string };
  pubB: { id: string; slug: string };
  tokens: Record<AdminStaff, string>;
  editorA: { id: string };
}

/** The refusal of a mutation: no data at all, the code, and for BAD_USER_INPUT exactly the fields named. */
export function expectRefused(response: GraphQLResponse, code: string, fields?: string[]): void {
  expect(response.errors?.[0]?.extensions.code).toBe(code);
  expect(response.data).toBeNull();
  if (fields) {
    const named = (response.errors![0].extensions.fields ?? []).map((f) => f.field);
    expect([...new Set(named)].sort()).toEqual([...fields].sort());
  }
}

export function adminNewsroom() {
  const n = {} as AdminNewsroom;

  beforeAll(async () => {
    const api = await TestApi.start();
    const db = api.prisma;
    const pubA = await aPublication(db, { slug: `daily-${unique()}` });
    const pubB = await aPublication(db, { slug: `weekly-${unique()}` });
    const admin = await aUser(db, { isAdmin: true });
    const editorA = await aUser(db, { role: 'EDITOR', publicationId: pubA.id });
    const staff: [AdminStaff, { id: string }][] = [
      ['admin', admin],
      ['editorA', editorA],
      ['contributorA', await aUser(db, { role: 'CONTRIBUTOR', publicationId: pubA.id })],
      ['copyEditorA', await aUser(db, { role: 'COPY_EDITOR', publicationId: pubA.id })],
      ['productionA', await aUser(db, { role: 'PRODUCTION', publicationId: pubA.id })],
      ['editorB', await aUser(db, { role: 'EDITOR', publicationId: pubB.id })],
    ];
    const tokens = {} as Record<AdminStaff, string>;
    for (const [name, user] of staff) tokens[name] = await api.tokenFor(user.id);
    Object.assign(n, { api, pubA, pubB, tokens, editorA });
  });

  afterAll(() => n.api.close());

  /** What every table that these operations write holds: equal before and after a refusal. */
  async function counts() {
    const db = n.api.prisma;
    const [publications, offices, sections, authors, users, memberships, articles, events, revisions, corrections] = await Promise.all([
      db.publication.count(),
      db.publicationOffice.count(),
      db.section.count(),
      db.author.count(),
      db.user.count(),
      db.membership.count(),
      db.article.count(),
      db.articleEvent.count(),
      db.articleRevision.count(),
      db.correction.count(),
    ]);
    return { publications, offices, sections, authors, users, memberships, articles, events, revisions, corrections };
  }

  /** Runs a request that must be refused, and checks that it wrote nothing. */
  async function refusedWithoutWrites(request: () => Promise<GraphQLResponse>, code: string, fields?: string[]): Promise<GraphQLResponse> {
    const before = await counts();
    const response = await request();
    expectRefused(response, code, fields);
    expect(await counts()).toEqual(before);
    return response;
  }

  return { newsroom: n, counts, refusedWithoutWrites };
}
