import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Article } from '../../articles/models/article.model.js';
import { DateTimeScalar } from '../../common/scalars/date-time.scalar.js';
import type { DeskChangeKind } from '../desk-notice.js';

export const DeskChangeKindEnum: { [K in DeskChangeKind]: K } = { CREATED: 'CREATED', SAVED: 'SAVED', MOVED: 'MOVED' };
registerEnumType(DeskChangeKindEnum, {
  name: 'DeskChangeKind',
  description: 'How an article changed on the desk.',
  valuesMap: {
    CREATED: { description: 'A new draft.' },
    SAVED: { description: 'Its content was saved (a new version).' },
    MOVED: { description: 'It moved through the workflow: by staff, the scheduler or printing.' },
  },
});

@ObjectType({ description: 'One change on the live desk of a publication.' })
export class DeskChange {
  @Field(() => DeskChangeKindEnum)
  kind: DeskChangeKind;

  @Field(() => DateTimeScalar, { description: 'When the change was made.' })
  at: Date;

  @Field(() => Article, { description: 'The article as it stands when the change is delivered: at the version the change made, or a later one.' })
  article: Article;
}
