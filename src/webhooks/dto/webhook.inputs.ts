import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsId } from '../../common/validation/input-decorators.js';
import { WebhookEventEnum } from '../models/webhook.model.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../webhook-events.js';

export const MAX_WEBHOOK_URL = 2048;

@InputType()
export class CreateWebhookInput {
  @Field(() => ID)
  @IsId()
  publicationId: string;

  @Field({ description: 'An http(s) URL on the public internet (private addresses are refused unless WEBHOOKS_ALLOW_PRIVATE=true).' })
  @IsString()
  @MaxLength(MAX_WEBHOOK_URL)
  url: string;

  @Field(() => [WebhookEventEnum])
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: WebhookEvent[];

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}

@InputType({ description: 'Only what is given changes.' })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_WEBHOOK_URL)
  url?: string | null;

  @Field(() => [WebhookEventEnum], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: WebhookEvent[] | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}
