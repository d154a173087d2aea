import { Prisma } from '../generated/prisma/client.js';
import type { Article, ArticlePicture } from './models/article.model.js';

// The article row of raw SQL, typed once: test/article-rows.spec.ts runs these column lists
// against PostgreSQL and checks every row matches ArticleRow, so a renamed column fails a
// test rather than a reader.

/**
 * An articles row as Prisma types it (the search vector aside). Lists leave the body out and
 * read only its size (`*Bytes`): a list never shows a body, and a body is loaded only once
 * the response budget has room for it.
 */
export type ArticleRow = Omit<Prisma.ArticleGetPayload<object>, 'bodyHtml' | 'bodyText' | 'publishJobId'> & {
  bodyHtml?: string;
  bodyText?: string;
  bodyHtmlBytes?: number;
  bodyTextBytes?: number;
  /** The byline, in order, read with the article (BYLINE, FULL_BYLINE). */
  byline?: BylineRow[];
  /** The lead picture, read with the article (LEAD_IMAGE); null for none. */
  leadImage?: LeadImageRow | null;
  /** Every picture, read with the article (PICTURES). */
  pictures?: LeadImageRow[];
};

/** A picture as LEAD_IMAGE and PICTURES read it: ArticlePicture with its dates as JSON gives them. */
export type LeadImageRow = Omit<ArticlePicture, 'image'> & {
  image: Omit<ArticlePicture['image'], 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };
};

const toPicture = (row: LeadImageRow): ArticlePicture => ({
  ...row,
  image: { ...row.image, createdAt: new Date(row.image.createdAt), updatedAt: new Date(row.image.updatedAt) },
});

/** An author as a byline reads them: a list's without the bio and email, one article's with them. */
export interface BylineRow {
  id: string;
  slug: string;
  name: string;
  bio?: string | null;
  email?: string | null;
  userId?: string | null;
}

const bylineOf = (fields: Prisma.Sql) => Prisma.sql`(SELECT coalesce(json_agg(json_build_object(${fields}) ORDER BY aa.position), '[]')
  FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id) AS byline`;

/** The byline of a story in a list: who, not their bio or email (a list never shows those). */
export const BYLINE = bylineOf(Prisma.sql`'id', au.id, 'slug', au.slug, 'name', au.name`);

/** The byline of one story, all of it. */
export const FULL_BYLINE = bylineOf(Prisma.sql`'id', au.id, 'slug', au.slug, 'name', au.name, 'bio', au.bio, 'email', au.email, 'userId', au.user_id`);

const PICTURE_JSON = Prisma.sql`json_build_object('position', ai.position, 'caption', ai.caption, 'credit', ai.credit, 'image', json_build_object(
    'id', i.id, 'publicationId', i.publication_id, 'mimeType', i.mime_type, 'width', i.width, 'height', i.height,
    'bytes', i.bytes, 'contentHash', i.content_hash, 'alt', i.alt, 'caption', i.caption, 'credit', i.credit,
    'focalX', i.focal_x, 'focalY', i.focal_y, 'version', i.version, 'uploadedById', i.uploaded_by_id,
    'createdAt', i.created_at, 'updatedAt', i.updated_at))`;

/** The lead picture of a story (in a list too: a front page shows it), as one JSON column. */
export const LEAD_IMAGE = Prisma.sql`(SELECT ${PICTURE_JSON}
  FROM article_images ai JOIN images i ON i.id = ai.image_id WHERE ai.article_id = a.id AND ai.position = 0) AS "leadImage"`;

/** Every picture of one story (its page draws its body's too), in position order. */
export const PICTURES = Prisma.sql`(SELECT coalesce(json_agg(${PICTURE_JSON} ORDER BY ai.position), '[]')
  FROM article_images ai JOIN images i ON i.id = ai.image_id WHERE ai.article_id = a.id) AS pictures`;

/** The article columns for raw SQL without the body, named as Prisma names them, so toArticle reads both. */
export const ARTICLE_CARD_COLUMNS = Prisma.sql`a.id, a.publication_id AS "publicationId", a.section_id AS "sectionId", a.slug,
  a.headline, a.standfirst, octet_length(a.body_html) AS "bodyHtmlBytes", octet_length(a.body_text) AS "bodyTextBytes",
  a.word_count AS "wordCount", a.author_note AS "authorNote", a.tags, a.status, a.version, a.created_by_id AS "createdById",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.submitted_at AS "submittedAt",
  a.approved_at AS "approvedAt", a.published_at AS "publishedAt", a.printed_at AS "printedAt",
  a.scheduled_for AS "scheduledFor", a.retracted_at AS "retractedAt", a.retraction_reason AS "retractionReason"`;

/** The card columns and the body: for one article. */
export const ARTICLE_COLUMNS = Prisma.sql`${ARTICLE_CARD_COLUMNS}, a.body_html AS "bodyHtml", a.body_text AS "bodyText"`;

/**
 * An article from its row. `now` hides a future publication time (a SCHEDULED article not
 * yet due); rows of the public queries passed the database's own visibility test and pass
 * `null`, so that no second clock decides.
 */
export function toArticle(row: ArticleRow, now: Date | null = new Date()): Article {
  return {
    id: row.id,
    publicationId: row.publicationId,
    sectionId: row.sectionId,
    slug: row.slug,
    canonicalSlug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    bodyHtml: row.bodyHtml,
    bodyText: row.bodyText,
    bodyBytes: {
      html: row.bodyHtmlBytes ?? Buffer.byteLength(row.bodyHtml ?? ''),
      text: row.bodyTextBytes ?? Buffer.byteLength(row.bodyText ?? ''),
    },
    wordCount: row.wordCount,
    authorNote: row.authorNote,
    tags: row.tags,
    status: row.status,
    version: row.version,
    createdById: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    // A scheduled article carries its future publication time; it is not online before it.
    publishedAt: row.publishedAt && (now === null || row.publishedAt.getTime() <= now.getTime()) ? row.publishedAt : null,
    printedAt: row.printedAt,
    scheduledFor: row.scheduledFor,
    retractedAt: row.retractedAt,
    retractionReason: row.retractionReason,
    leadImage: row.pictures ? (row.pictures.filter((picture) => picture.position === 0).map(toPicture)[0] ?? null) : row.leadImage && toPicture(row.leadImage),
    pictures: row.pictures?.map(toPicture),
    byline: row.byline?.map((author) => ({
      id: author.id,
      slug: author.slug,
      name: author.name,
      bio: author.bio,
      email: author.email,
      userId: author.userId ?? null,
    })),
  };
}
