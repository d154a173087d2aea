import { DateTimeScalar } from '../../common/scalars/date-time.scalar.js';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Author } from '../../authors/models/author.model.js';
import { textUnits } from '../../graphql/query-cost.js';
import { ARTICLE_STATUSES, type ArticleStatus } from '../domain/article-workflow.js';
import { LIMITS } from '../dto/limits.js';

export const ArticleStatusEnum = Object.fromEntries(ARTICLE_STATUSES.map((s) => [s, s])) as { [S in ArticleStatus]: S };
registerEnumType(ArticleStatusEnum, { name: 'ArticleStatus', description: 'Where an article stands in the workflow.' });

@ObjectType()
export class Retraction {
  @Field({ description: 'The public reason.', complexity: textUnits(LIMITS.comment) })
  reason: string;

  @Field(() => DateTimeScalar)
  retractedAt: Date;
}

@ObjectType()
export class Correction {
  @Field(() => ID)
  id: string;

  @Field({ complexity: textUnits(LIMITS.comment) })
  text: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}

/** A picture as a story uses it, read with the story (article-rows.ts: LEAD_IMAGE, PICTURES). */
export interface ArticlePicture {
  /** 0: the lead picture; 1, 2, ...: the body's, in body order. */
  position: number;
  caption: string | null;
  credit: string | null;
  image: {
    id: string;
    publicationId: string;
    mimeType: string;
    width: number;
    height: number;
    bytes: number;
    contentHash: string;
    alt: string | null;
    caption: string | null;
    credit: string | null;
    focalX: number;
    focalY: number;
    version: number;
    uploadedById: string | null;
    createdAt: Date;
    updatedAt: Date;
  };
}

@ObjectType({ description: 'A story. Public fields show only what the public may see.' })
export class Article {
  @Field(() => ID)
  id: string;

  publicationId: string;
  sectionId: string;

  @Field({ description: 'The slug the article was reached by (in lists: its current slug).' })
  slug: string;

  @Field({ description: 'The current slug; differs from `slug` when an old link was followed.' })
  canonicalSlug: string;

  @Field()
  headline: string;

  @Field(() => String, { nullable: true, complexity: textUnits(LIMITS.standfirst) })
  standfirst: string | null;

  /** Sanitised HTML (a resolved field): undefined when read without it (lists), null for a tombstone. */
  bodyHtml?: string | null;

  /** The body as plain text (a resolved field), as bodyHtml. */
  bodyText?: string | null;

  /** UTF-8 sizes of the body, known without loading it: charged to the response budget. */
  bodyBytes: { html: number; text: number };

  @Field(() => Int, { nullable: true })
  wordCount: number | null;

  @Field(() => String, { nullable: true, description: 'The note under the story, e.g. "The writer is ...".', complexity: textUnits(LIMITS.authorNote) })
  authorNote: string | null;

  @Field(() => [String], { complexity: textUnits(LIMITS.tags * LIMITS.tag) })
  tags: string[];

  @Field(() => ArticleStatusEnum)
  status: ArticleStatus;

  @Field(() => Int, { description: 'Every save is a new version; edits and moves send the version they saw.' })
  version: number;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it went online; null until then.' })
  publishedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  printedAt: Date | null;

  scheduledFor: Date | null;
  createdById: string | null;
  /** The byline when it was read with the article (a list's without bios and emails). */
  byline?: Author[];
  /** The lead picture when it was read with the article (null: none; undefined: not read). */
  leadImage?: ArticlePicture | null;
  /** Every picture (lead and body, in position order) when they were read with the article. */
  pictures?: ArticlePicture[];
  retractedAt: Date | null;
  retractionReason: string | null;
}
