import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../common/scalars/date-time.scalar.js';
import { textUnits } from '../../graphql/query-cost.js';
import { LIMITS } from '../dto/limits.js';
import type { ArticleStatus } from '../domain/article-workflow.js';
import { ArticleStatusEnum } from './article.model.js';

@ObjectType({ description: 'One move of an article through the workflow: the audit trail.' })
export class ArticleEvent {
  @Field(() => ArticleStatusEnum, { nullable: true, description: 'Null for the creation.' })
  from: ArticleStatus | null;

  @Field(() => ArticleStatusEnum)
  to: ArticleStatus;

  @Field(() => String, { nullable: true, complexity: textUnits(LIMITS.comment + 'Correction: '.length) })
  comment: string | null;

  @Field(() => DateTimeScalar)
  at: Date;

  @Field(() => Int, { description: 'The version the move produced.' })
  version: number;

  /** Null when the scheduler made the move. */
  actorId: string | null;
}

@ObjectType({ description: 'The editable fields as saved at one version.' })
export class ArticleRevision {
  id: string;

  @Field(() => Int)
  version: number;

  @Field()
  slug: string;

  @Field()
  headline: string;

  @Field(() => String, { nullable: true, complexity: textUnits(LIMITS.standfirst) })
  standfirst: string | null;

  /** Resolved on demand: charged to the response budget, then loaded. */
  bodyHtmlBytes: number;

  @Field(() => String, { nullable: true, complexity: textUnits(LIMITS.authorNote) })
  authorNote: string | null;

  @Field(() => [String], { complexity: textUnits(LIMITS.tags * LIMITS.tag) })
  tags: string[];

  @Field(() => DateTimeScalar)
  createdAt: Date;

  sectionId: string;
  authorIds: string[];
  createdById: string | null;
}
