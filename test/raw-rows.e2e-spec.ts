import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ARTICLE_CARD_COLUMNS,
  ARTICLE_COLUMNS,
  BYLINE,
  FULL_BYLINE,
  LEAD_IMAGE,
  PICTURES,
  type ArticleRow,
  type LeadImageRow,
} from '../src/articles/article-rows.js';
import { EditorialRepository } from '../src/articles/editorial.repository.js';
import { PrintEditionsRepository } from '../src/print-editions/print-editions.repository.js';
import { TestApi } from './helpers/api.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';

// Raw SQL rows are typed by hand (Prisma cannot type them offline): each query's rows are
// checked here against the type it claims, so a renamed or retyped column fails a test
// rather than a reader.

type Kind = 'string' | 'number' | 'boolean' | 'date' | 'strings' | 'object' | 'string?' | 'number?' | 'date?';

function kindOf(value: unknown): string {
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? 'strings' : 'array';
  return typeof value;
}

/** Every key of `row` is in `shape` and the other way round, each of its kind (`?`: or null). */
function expectShape(row: Record<string, unknown>, shape: Record<string, Kind>): void {
  expect(Object.keys(row).sort()).toEqual(Object.keys(shape).sort());
  for (const [key, kind] of Object.entries(shape)) {
    const value = row[key];
    const nullable = kind.endsWith('?');
    if (nullable && value === null) continue;
    expect([key, kindOf(value)]).toEqual([key, kind.replace('?', '')]);
  }
}

const CARD: Record<Exclude<keyof ArticleRow, 'byline' | 'leadImage' | 'pictures'>, Kind> = {
  id: 'string',
  publicationId: 'string',
  sectionId: 'string',
  slug: 'string',
  headline: 'string',
  standfirst: 'string?',
  bodyHtmlBytes: 'number',
  bodyTextBytes: 'number',
  wordCount: 'number',
  authorNote: 'string?',
  tags: 'strings',
  status: 'string',
  version: 'number',
  createdById: 'string?',
  createdAt: 'date',
  updatedAt: 'date',
  submittedAt: 'date?',
  approvedAt: 'date?',
  publishedAt: 'date?',
  printedAt: 'date?',
  scheduledFor: 'date?',
  retractedAt: 'date?',
  retractionReason: 'string?',
  bodyHtml: 'string',
  bodyText: 'string',
};
const { bodyHtml: _html, bodyText: _text, ...CARD_ONLY } = CARD;

describe('raw rows match their types', () => {
  let api: TestApi;
  let articleId: string;
  let editionId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    const pub = await aPublication(api.prisma);
    const section = await aSection(api.prisma, pub.id);
    const user = await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id });
    const author = await anAuthor(api.prisma, { userId: user.id });
    const article = await anArticle(
      api.prisma,
      { publicationId: pub.id, sectionId: section.id },
      {
        status: 'SCHEDULED',
        scheduledFor: new Date(Date.now() - 1000),
        authorIds: [author.id],
        createdById: user.id,
        tags: ['a'],
      },
    );
    articleId = article.id;
    const edition = await api.prisma.printEdition.create({ data: { publicationId: pub.id, date: new Date('2026-01-01T00:00:00Z') } });
    editionId = edition.id;
    await api.prisma.placement.create({ data: { editionId, articleId, page: 1 } });
    const image = await api.prisma.image.create({
      data: { publicationId: pub.id, mimeType: 'image/jpeg', width: 640, height: 480, bytes: 1000, contentHash: 'f'.repeat(64), uploadedById: user.id },
    });
    await api.prisma.articleImage.create({ data: { articleId, position: 0, imageId: image.id, caption: 'Own caption' } });
  });
  afterAll(() => api.close());

  it('ARTICLE_CARD_COLUMNS and ARTICLE_COLUMNS are ArticleRow without and with the body', async () => {
    const [card] = await api.prisma.$queryRaw<Record<string, unknown>[]>`SELECT ${ARTICLE_CARD_COLUMNS} FROM articles a WHERE a.id = ${articleId}::uuid`;
    expectShape(card, CARD_ONLY);
    const [full] = await api.prisma.$queryRaw<Record<string, unknown>[]>`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ${articleId}::uuid`;
    expectShape(full, CARD);
  });

  it("BYLINE and FULL_BYLINE are the authors in order, a list's without bio and email", async () => {
    const [row] = await api.prisma.$queryRaw<{ byline: Record<string, unknown>[] }[]>`SELECT ${BYLINE} FROM articles a WHERE a.id = ${articleId}::uuid`;
    expect(row.byline).toHaveLength(1);
    expectShape(row.byline[0], { id: 'string', slug: 'string', name: 'string' });
    const [full] = await api.prisma.$queryRaw<{ byline: Record<string, unknown>[] }[]>`SELECT ${FULL_BYLINE} FROM articles a WHERE a.id = ${articleId}::uuid`;
    expectShape(full.byline[0], { id: 'string', slug: 'string', name: 'string', bio: 'string?', email: 'string?', userId: 'string?' });
  });

  it('LEAD_IMAGE and PICTURES are uses with their images, dates as JSON strings', async () => {
    const [row] = await api.prisma.$queryRaw<{ leadImage: LeadImageRow; pictures: LeadImageRow[] }[]>`
      SELECT ${LEAD_IMAGE}, ${PICTURES} FROM articles a WHERE a.id = ${articleId}::uuid`;
    expect(row.pictures).toEqual([row.leadImage]);
    expectShape(row.leadImage, { position: 'number', caption: 'string?', credit: 'string?', image: 'object' });
    const image: Record<keyof LeadImageRow['image'], Kind> = {
      id: 'string',
      publicationId: 'string',
      mimeType: 'string',
      width: 'number',
      height: 'number',
      bytes: 'number',
      contentHash: 'string',
      alt: 'string?',
      caption: 'string?',
      credit: 'string?',
      focalX: 'number',
      focalY: 'number',
      version: 'number',
      uploadedById: 'string?',
      createdAt: 'string',
      updatedAt: 'string',
    };
    expectShape(row.leadImage.image, image);
    expect(row.leadImage.caption).toBe('Own caption');
  });

  it('the editorial queries: revisions, writers, due articles', async () => {
    const editorial = api.app.get(EditorialRepository);
    const [revision] = await editorial.revisions(articleId, 1);
    expectShape(revision as unknown as Record<string, unknown>, {
      id: 'string',
      version: 'number',
      slug: 'string',
      headline: 'string',
      standfirst: 'string?',
      bodyHtmlBytes: 'number',
      authorNote: 'string?',
      tags: 'strings',
      sectionId: 'string',
      authorIds: 'strings',
      createdAt: 'date',
      createdById: 'string?',
    });
    const writers = await editorial.writerUserIds([articleId]);
    expect(writers.get(articleId)?.size).toBe(1);
    // Outside a transaction its row lock ends with the statement: only the row matters here.
    const due = await editorial.claimDue(5);
    expect(due).toHaveLength(1);
    expectShape(due[0], { id: 'string', scheduledFor: 'date' });
  });

  it('the print queries: placed articles and the edition lock', async () => {
    const editions = api.app.get(PrintEditionsRepository);
    const placed = await editions.lockPlaced(editionId);
    expectShape(placed[0] as unknown as Record<string, unknown>, {
      placementId: 'string',
      articleId: 'string',
      slug: 'string',
      status: 'string',
      version: 'number',
    });
    expect(await editions.lock(editionId)).toBe('PLANNING');
  });
});
