import { randomBytes } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';

// Deliveries are signed as the Standard Webhooks specification says (its reference library):
// HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}` with the secret's bytes, sent as
// `webhook-signature: v1,<base64>`. Secrets are `whsec_` and 32 random bytes in base64.

const SECRET_PREFIX = 'whsec_';

export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The three headers of a delivery. */
export function signedHeaders(secret: string, messageId: string, body: string, at = new Date()): Record<string, string> {
  const signature = new StandardWebhook(secret).sign(messageId, at, body);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
