import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination/connection.js';
import { DateTimeScalar } from '../../common/scalars/date-time.scalar.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../webhook-events.js';

export const WebhookEventEnum = Object.fromEntries(WEBHOOK_EVENTS.map((event) => [event, event])) as { [E in WebhookEvent]: E };
registerEnumType(WebhookEventEnum, {
  name: 'WebhookEvent',
  description: 'What a webhook is told of; payloads name it in dotted lower case (`article.published`).',
  valuesMap: {
    ARTICLE_PUBLISHED: { description: 'A story went online (published, on schedule or again after a retraction).' },
    ARTICLE_UPDATED: { description: 'A live story was edited or corrected.' },
    ARTICLE_UNPUBLISHED: { description: 'A live story was retracted.' },
    ARTICLE_PRINTED: { description: 'A story went to press in an edition.' },
    EDITION_PRINTED: { description: 'A print edition was marked printed.' },
    SECTION_UPDATED: { description: 'A section was renamed, moved or re-slugged.' },
    AUTHOR_UPDATED: { description: "An author's profile changed (authors write for every publication)." },
  },
});

export const DeliveryStatusEnum = { PENDING: 'PENDING', DELIVERED: 'DELIVERED', FAILED: 'FAILED' } as const;
export type DeliveryStatus = keyof typeof DeliveryStatusEnum;
registerEnumType(DeliveryStatusEnum, { name: 'DeliveryStatus' });

@ObjectType({ description: "An endpoint of a publication's frontend, told of changes by signed POSTs (Standard Webhooks). Admins only." })
export class Webhook {
  @Field(() => ID)
  id: string;

  publicationId: string;

  @Field()
  url: string;

  @Field(() => [WebhookEventEnum])
  events: WebhookEvent[];

  @Field()
  active: boolean;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;
}

@ObjectType({ description: 'One event for one webhook: its attempts so far and the next one.' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Sent as `webhook-id`: the same on every attempt.' })
  id: string;

  webhookId: string;

  @Field(() => WebhookEventEnum)
  event: WebhookEvent;

  @Field(() => DeliveryStatusEnum)
  status: DeliveryStatus;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int, { nullable: true, description: "The receiver's last HTTP status; null if it could not be reached." })
  lastResponseCode: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed, when it did.' })
  lastError: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the next attempt is due; null once delivered or failed.' })
  nextAttemptAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}

@ObjectType()
export class WebhookDeliveryConnection extends ConnectionType(WebhookDelivery) {}

@ObjectType({ description: 'A new webhook and its signing secret, shown this once.' })
export class CreatedWebhook {
  @Field({ description: 'The `whsec_` secret that signs every delivery: keep it, it is never shown again.' })
  secret: string;

  @Field(() => Webhook)
  webhook: Webhook;
}
