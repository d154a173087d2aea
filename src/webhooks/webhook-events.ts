import type { WebhookEventType } from '../generated/prisma/client.js';

// The events a webhook may subscribe to: WebhookEvent in GraphQL, dotted lower case in the
// payloads (`article.published`), as Standard Webhooks' examples name theirs.

export const WEBHOOK_EVENTS = [
  'ARTICLE_PUBLISHED',
  'ARTICLE_UPDATED',
  'ARTICLE_UNPUBLISHED',
  'ARTICLE_PRINTED',
  'EDITION_PRINTED',
  'SECTION_UPDATED',
  'AUTHOR_UPDATED',
] as const satisfies readonly WebhookEventType[];

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** `ARTICLE_PUBLISHED` → `article.published`. */
export function dottedName(event: WebhookEvent): string {
  return event.toLowerCase().replace('_', '.');
}
