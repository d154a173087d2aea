import { afterAll, beforeAll, expect } from '@jest/globals';
import { TestApi, type GraphQLResponse } from './api.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from '../factories/newsroom.factory.js';

// The newsroom the editorial workflow's specs work in: publication `daily` (and a rival),
// a member of staff of each role, their tokens and authors, and the helpers that arrange
// and observe articles. editorialNewsroom() starts it before a spec file's tests and stops
// it after; its fields are set once the file's first beforeAll has run.

export type Status = 'DRAFT' | 'SUBMITTED' | 'EDITED' | 'APPROVED' | 'SCHEDULED' | 'PUBLISHED' | 'PRINTED' | 'SPIKED' | 'RETRACTED';
export type Staff = 'contributor' | 'contributor2' | 'copyEditor' | 'editor' | 'editor2' | 'production' | 'editorB';

export const sorted = (values: readonly string[]) => [...values].sort();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface EditorialNewsroom {
  api: TestApi;
  pub: { id: string; slug: string };
  pubB: { id: string; slug: string };
  news: { id: string; slug: string };
  sectionB: { id: string; slug: string };
  users: Record<Staff, { id: string; name: string }>;
  tokens: Record<Staff, string>;
  contributorAuthor: { id: string; slug: string };
  contributor2Author: { id: string; slug: string };
  staffAuthor: { id: string; slug: string; name: string };
}

export function editorialNewsroom() {
  const n = {} as EditorialNewsroom;

  beforeAll(async () => {
    const api = await TestApi.start();
    const db = api.prisma;
    const pub = await aPublication(db, { slug: 'daily' });
    const pubB = await aPublication(db, { slug: 'rival' });
    const users = {
      contributor: await aUser(db, { role: 'CONTRIBUTOR', publicationId: pub.id, name: 'Rina Contributor' }),
      contributor2: await aUser(db, { role: 'CONTRIBUTOR', publicationId: pub.id, name: 'Omar Contributor' }),
      copyEditor: await aUser(db, { role: 'COPY_EDITOR', publicationId: pub.id, name: 'Cora Copy' }),
      editor: await aUser(db, { role: 'EDITOR', publicationId: pub.id, name: 'Eddie Editor' }),
      editor2: await aUser(db, { role: 'EDITOR', publicationId: pub.id, name: 'Edna Editor' }),
      production: await aUser(db, { role: 'PRODUCTION', publicationId: pub.id, name: 'Pat Production' }),
      editorB: await aUser(db, { role: 'EDITOR', publicationId: pubB.id, name: 'Bea Rival Editor' }),
    };
    Object.assign(n, {
      api,
      pub,
      pubB,
      news: await aSection(db, pub.id, { slug: 'news' }),
      sectionB: await aSection(db, pubB.id, { slug: 'news' }),
      users,
      tokens: Object.fromEntries(await Promise.all(Object.entries(users).map(async ([key, user]) => [key, await api.tokenFor(user.id)]))) as Record<
        Staff,
        string
      >,
      contributorAuthor: await anAuthor(db, { userId: users.contributor.id, name: 'Rina Writer' }),
      contributor2Author: await anAuthor(db, { userId: users.contributor2.id, name: 'Omar Writer' }),
      staffAuthor: await anAuthor(db, { name: 'Staff Reporter' }),
    });
  });

  afterAll(() => n.api.close());

  /** An article of `daily` in `status`, written by the contributor unless told otherwise. */
  function article(status: Status, overrides: Parameters<typeof anArticle>[2] = {}) {
    return anArticle(
      n.api.prisma,
      { publicationId: n.pub.id, sectionId: n.news.id },
      {
        status,
        createdById: n.users.contributor.id,
        authorIds: [n.contributorAuthor.id],
        ...(status === 'PUBLISHED' || status === 'PRINTED' || status === 'RETRACTED' ? {} : { publishedAt: null }),
        ...overrides,
      },
    );
  }

  /** Everything a refused request must leave as it was. */
  async function stored(id: string) {
    const db = n.api.prisma;
    const row = await db.article.findUniqueOrThrow({ where: { id }, include: { authors: true } });
    return {
      row,
      events: await db.articleEvent.count({ where: { articleId: id } }),
      revisions: await db.articleRevision.count({ where: { articleId: id } }),
      slugs: await db.articleSlug.count({ where: { articleId: id } }),
    };
  }

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

  const transition = (token: string, input: Record<string, unknown>) => n.api.operation('TransitionArticle', { input }, token);
  const update = (token: string, id: string, version: number | undefined, input: Record<string, unknown>) =>
    n.api.operation('UpdateArticle', { id, version, input }, token);
  const forEdit = async (id: string, token = n.tokens.editor) => {
    const response = await n.api.operation('ArticleForEdit', { id }, token);
    expect(response.errors).toBeUndefined();
    return response.data.article;
  };
  const publicPage = async (slug: string, publication = 'daily') => {
    const response = await n.api.operation('ArticlePage', { publication, slug });
    expect(response.errors).toBeUndefined();
    return response.data.publication.article;
  };

  return { newsroom: n, article, stored, expectRefused, transition, update, forEdit, publicPage };
}
