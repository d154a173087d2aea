import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';
import { WebhookDeliveries } from '../src/webhooks/webhook-deliveries.service.js';
import { TestApi, type GraphQLResponse } from './helpers/api.js';
import { WebhookReceiver, type ReceivedWebhook } from './helpers/webhook-receiver.js';

// Webhooks over HTTP on real PostgreSQL: an admin registers a local receiver, changes made
// through the API reach it signed as Standard Webhooks say, failures are retried with the
// same id, and nothing is written for a change that did not happen.

const CREATE = `mutation CreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url events active } } }`;
const UPDATE = `mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id url events active } }`;
const DELIVERIES = `query WebhookDeliveries($publication: String!, $first: Int, $after: String) {
  publication(slug: $publication) { webhooks { id url deliveries(first: $first, after: $after) {
    edges { node { id event status attempts lastResponseCode nextAttemptAt createdAt } } pageInfo { hasNextPage endCursor } } } } }`;
const REDELIVER = `mutation RedeliverWebhook($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { id status } }`;
const TRANSITION = `mutation TransitionArticle($input: TransitionArticleInput!) { transitionArticle(input: $input) { id status version } }`;

interface Delivery {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastResponseCode: number | null;
  nextAttemptAt: string | null;
}

/** The specification's verification, by hand: HMAC-SHA256 of `id.timestamp.body` with the secret's bytes. */
function verifiedByHand(secret: string, received: ReceivedWebhook): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${String(received.headers['webhook-id'])}.${String(received.headers['webhook-timestamp'])}.${received.body}`;
  const expected = createHmac('sha256', key).update(signed).digest();
  return String(received.headers['webhook-signature'])
    .split(' ')
    .some((entry) => {
      const [version, signature] = entry.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

const headersOf = (received: ReceivedWebhook) => ({
  'webhook-id': String(received.headers['webhook-id']),
  'webhook-timestamp': String(received.headers['webhook-timestamp']),
  'webhook-signature': String(received.headers['webhook-signature']),
});

describe('webhooks', () => {
  let api: TestApi;
  let pub: { id: string; slug: string };
  let news: { id: string };
  let admin: string;
  let editor: string;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    api = await TestApi.start({ workers: true, integration: { webhooksAllowPrivate: true, webhookRetryBaseSeconds: 1 } });
    pub = await aPublication(api.prisma, { slug: 'daily' });
    news = await aSection(api.prisma, pub.id, { slug: 'news' });
    admin = await api.tokenFor((await aUser(api.prisma, { isAdmin: true })).id);
    editor = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id })).id);
  });

  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await api.close();
  });

  async function receiver(answers: number[] = []): Promise<WebhookReceiver> {
    const started = await WebhookReceiver.start(answers);
    receivers.push(started);
    return started;
  }

  async function register(url: string, events: string[] = ['ARTICLE_PUBLISHED']): Promise<{ id: string; secret: string }> {
    const response = await api.graphql<{ createWebhook: { secret: string; webhook: { id: string } } }>(
      CREATE,
      { input: { publicationId: pub.id, url, events } },
      admin,
    );
    expect(response.errors).toBeUndefined();
    return { id: response.data.createWebhook.webhook.id, secret: response.data.createWebhook.secret };
  }

  /** Stops a webhook from taking part in later tests. */
  const deactivate = (id: string) => api.graphql(UPDATE, { id, input: { active: false } }, admin);

  async function approved() {
    const author = await anAuthor(api.prisma);
    return anArticle(api.prisma, { publicationId: pub.id, sectionId: news.id }, { status: 'APPROVED', publishedAt: null, authorIds: [author.id] });
  }

  async function publish(id: string): Promise<GraphQLResponse<{ transitionArticle: { version: number } }>> {
    const response = await api.graphql<{ transitionArticle: { version: number } }>(TRANSITION, { input: { id, to: 'PUBLISHED' } }, editor);
    expect(response.errors).toBeUndefined();
    return response;
  }

  async function deliveriesOf(webhookId: string): Promise<Delivery[]> {
    const response = await api.graphql<{ publication: { webhooks: { id: string; deliveries: { edges: { node: Delivery }[] } }[] } }>(
      DELIVERIES,
      { publication: 'daily', first: 50 },
      admin,
    );
    expect(response.errors).toBeUndefined();
    return response.data.publication.webhooks.find((webhook) => webhook.id === webhookId)!.deliveries.edges.map((edge) => edge.node);
  }

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('gives the signing secret once and only to admins', async () => {
    const endpoint = await receiver();
    const anonymous = await api.graphql(CREATE, { input: { publicationId: pub.id, url: endpoint.url, events: ['ARTICLE_PUBLISHED'] } });
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const byEditor = await api.graphql(CREATE, { input: { publicationId: pub.id, url: endpoint.url, events: ['ARTICLE_PUBLISHED'] } }, editor);
    expect(byEditor.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const listedByEditor = await api.graphql(DELIVERIES, { publication: 'daily' }, editor);
    expect(listedByEditor.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await api.prisma.webhook.count()).toBe(0);

    const { id, secret } = await register(endpoint.url);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // Nothing in the schema reads it back.
    const asType = await api.graphql(`{ __type(name: "Webhook") { fields { name } } }`);
    expect((asType.data as { __type: { fields: { name: string }[] } }).__type.fields.map((f) => f.name)).not.toContain('secret');
    await deactivate(id);
  });

  it('refuses URLs that reach private, loopback or link-local addresses unless allowed', async () => {
    const strict = await TestApi.start();
    try {
      const db = strict.prisma;
      const publication = await aPublication(db);
      const token = await strict.tokenFor((await aUser(db, { isAdmin: true })).id);
      for (const url of [
        'http://127.0.0.1:8080/hook',
        'http://localhost/hook',
        'http://10.1.2.3/hook',
        'http://192.168.0.10/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://[::1]/hook',
        'http://[::ffff:127.0.0.1]/hook',
        'http://[fd00::1]/hook',
        'http://100.64.0.1/hook',
        'http://0.0.0.0/hook',
        'ftp://example.com/hook',
        'http://user:pass@93.184.216.34/hook',
        'not a url',
      ]) {
        const response = await strict.graphql(CREATE, { input: { publicationId: publication.id, url, events: ['ARTICLE_PUBLISHED'] } }, token);
        expect({ url, code: response.errors?.[0]?.extensions.code }).toEqual({ url, code: 'BAD_USER_INPUT' });
        expect(response.errors?.[0]?.extensions.fields).toEqual([expect.objectContaining({ field: 'input.url' })]);
      }
      expect(await db.webhook.count()).toBe(0);
      // A public address is fine (nothing is sent when it is saved).
      const fine = await strict.graphql(
        CREATE,
        { input: { publicationId: publication.id, url: 'https://93.184.216.34/hook', events: ['ARTICLE_PUBLISHED'] } },
        token,
      );
      expect(fine.errors).toBeUndefined();
      const made = (fine.data as { createWebhook: { webhook: { id: string } } }).createWebhook.webhook.id;
      const moved = await strict.graphql(UPDATE, { id: made, input: { url: 'http://127.0.0.1/hook' } }, token);
      expect(moved.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect((await db.webhook.findUniqueOrThrow({ where: { id: made } })).url).toBe('https://93.184.216.34/hook');
    } finally {
      await strict.close();
    }
  });

  it('delivers one signed event for a publish, verified with the reference implementation and by hand', async () => {
    const endpoint = await receiver();
    const { id: webhookId, secret } = await register(endpoint.url, ['ARTICLE_PUBLISHED', 'ARTICLE_UPDATED']);
    const article = await approved();
    await publish(article.id);
    const [received] = await endpoint.waitFor(1);
    expect(received.headers['content-type']).toBe('application/json');
    const payload = new StandardWebhook(secret).verify(received.body, headersOf(received)) as {
      type: string;
      timestamp: string;
      data: { publication: { slug: string }; article: { id: string; slug: string; status: string }; surrogateKeys: string[] };
    };
    expect(verifiedByHand(secret, received)).toBe(true);
    // A wrong secret or a changed body fails.
    expect(() => new StandardWebhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(received.body, headersOf(received))).toThrow();
    expect(() => new StandardWebhook(secret).verify(received.body.replace('published', 'retracted'), headersOf(received))).toThrow();
    expect(payload.type).toBe('article.published');
    expect(payload.data.publication.slug).toBe('daily');
    expect(payload.data.article).toMatchObject({ id: article.id, slug: article.slug, status: 'PUBLISHED' });
    expect(payload.data.surrogateKeys).toEqual(expect.arrayContaining([`article:${article.id}`, `list:${pub.id}`]));
    const [delivery] = await eventually(
      () => deliveriesOf(webhookId),
      ([d]) => d?.status === 'DELIVERED',
    );
    expect(delivery).toMatchObject({
      id: received.headers['webhook-id'],
      event: 'ARTICLE_PUBLISHED',
      status: 'DELIVERED',
      attempts: 1,
      lastResponseCode: 200,
      nextAttemptAt: null,
    });
    // Exactly one, even after the queue had time for more.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(endpoint.received).toHaveLength(1);

    // A live edit with a new slug is an update naming the old slug.
    const edited = await api.graphql<{ updateArticle: { slug: string } }>(
      `mutation($id: ID!, $version: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, version: $version, input: $input) { slug } }`,
      { id: article.id, version: (await api.prisma.article.findUniqueOrThrow({ where: { id: article.id } })).version, input: { slug: 'renamed-story' } },
      editor,
    );
    expect(edited.errors).toBeUndefined();
    const [, update] = await endpoint.waitFor(2);
    const updated = new StandardWebhook(secret).verify(update.body, headersOf(update)) as {
      type: string;
      data: { article: { slug: string; previousSlug: string } };
    };
    expect(updated.type).toBe('article.updated');
    expect(updated.data.article).toMatchObject({ slug: 'renamed-story', previousSlug: article.slug });
    await deactivate(webhookId);
  });

  it('retries a receiver that answers 500 three times and delivers on the fourth try with the same id', async () => {
    const endpoint = await receiver([500, 500, 500]);
    const { id: webhookId, secret } = await register(endpoint.url);
    const article = await approved();
    await publish(article.id);
    const attempts = await endpoint.waitFor(4, 30_000);
    const ids = new Set(attempts.map((attempt) => attempt.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const attempt of attempts) expect(verifiedByHand(secret, attempt)).toBe(true);
    // Exponential backoff from 1 s: about 1, 2 and 4 s between the tries.
    const gaps = attempts.slice(1).map((attempt, i) => attempt.at - attempts[i].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThanOrEqual(1900);
    expect(gaps[2]).toBeGreaterThanOrEqual(3900);
    const [delivery] = await eventually(
      () => deliveriesOf(webhookId),
      ([d]) => d?.status === 'DELIVERED',
    );
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 4, lastResponseCode: 200, nextAttemptAt: null });

    // Redelivered on request, with the same id.
    const again = await api.graphql<{ redeliverWebhook: { id: string; status: string } }>(REDELIVER, { deliveryId: delivery.id }, admin);
    expect(again.errors).toBeUndefined();
    expect(again.data.redeliverWebhook).toEqual({ id: delivery.id, status: 'PENDING' });
    const [, , , , redelivered] = await endpoint.waitFor(5);
    expect(redelivered.headers['webhook-id']).toBe(delivery.id);
    const byEditor = await api.graphql(REDELIVER, { deliveryId: delivery.id }, editor);
    expect(byEditor.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    await deactivate(webhookId);
  });

  it('shows a failing delivery as pending with its last answer and next try', async () => {
    const endpoint = await receiver([503, 503, 503, 503, 503, 503]);
    const { id: webhookId } = await register(endpoint.url);
    await publish((await approved()).id);
    await endpoint.waitFor(1);
    const [delivery] = await eventually(
      () => deliveriesOf(webhookId),
      ([d]) => d?.lastResponseCode === 503,
    );
    expect(delivery).toMatchObject({ status: 'PENDING', lastResponseCode: 503 });
    expect(new Date(delivery.nextAttemptAt!).getTime()).toBeGreaterThan(Date.now() - 1000);
    await deactivate(webhookId);
  });

  it('writes no event for a change that did not happen, and one per event type a webhook wants', async () => {
    const endpoint = await receiver();
    const { id: webhookId } = await register(endpoint.url, ['ARTICLE_UNPUBLISHED']);
    const article = await approved();
    const before = await api.prisma.outboxEvent.count();
    // A stale version: refused, nothing written.
    const stale = await api.graphql(TRANSITION, { input: { id: article.id, to: 'PUBLISHED', version: article.version + 5 } }, editor);
    expect(stale.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(await api.prisma.outboxEvent.count()).toBe(before);
    // Published: an event, but not one this webhook wants.
    await publish(article.id);
    expect(await api.prisma.outboxEvent.count()).toBe(before + 1);
    const retracted = await api.graphql(TRANSITION, { input: { id: article.id, to: 'RETRACTED', comment: 'Legal' } }, editor);
    expect(retracted.errors).toBeUndefined();
    const [received] = await endpoint.waitFor(1);
    expect((JSON.parse(received.body) as { type: string }).type).toBe('article.unpublished');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(endpoint.received).toHaveLength(1);
    await deactivate(webhookId);
  });

  it('queues again a pending delivery whose job was lost, and redelivers only once an attempt under way is over', async () => {
    const endpoint = await receiver();
    const { id: webhookId } = await register(endpoint.url);
    await publish((await approved()).id);
    const [first] = await endpoint.waitFor(1);
    const deliveryId = String(first.headers['webhook-id']);
    await eventually(
      () => deliveriesOf(webhookId),
      ([d]) => d?.status === 'DELIVERED',
    );

    // As a delivery whose every job is gone would look: pending, overdue, no attempt under way.
    await api.prisma.webhookDelivery.update({ where: { id: deliveryId }, data: { status: 'PENDING', nextAttemptAt: new Date(Date.now() - 120_000) } });
    expect(await api.app.get(WebhookDeliveries).sweep()).toBe(1);
    const [, swept] = await endpoint.waitFor(2);
    expect(swept.headers['webhook-id']).toBe(deliveryId);
    await eventually(
      () => deliveriesOf(webhookId),
      ([d]) => d?.status === 'DELIVERED',
    );
    expect(await api.app.get(WebhookDeliveries).sweep()).toBe(0);

    // An attempt holds it for 2 s more: the redelivery waits for it to be over.
    await api.prisma.webhookDelivery.update({ where: { id: deliveryId }, data: { attemptUntil: new Date(Date.now() + 2_000) } });
    const asked = Date.now();
    const again = await api.graphql(REDELIVER, { deliveryId }, admin);
    expect(again.errors).toBeUndefined();
    const [, , redelivered] = await endpoint.waitFor(3);
    expect(redelivered.headers['webhook-id']).toBe(deliveryId);
    expect(redelivered.at - asked).toBeGreaterThanOrEqual(1_900);
    await deactivate(webhookId);
  });

  it('reports section and author changes to the webhooks that want them', async () => {
    const endpoint = await receiver();
    const { id: webhookId } = await register(endpoint.url, ['SECTION_UPDATED', 'AUTHOR_UPDATED']);
    const section = await aSection(api.prisma, pub.id, { slug: 'sport' });
    const renamed = await api.graphql(
      `mutation($id: ID!, $input: UpdateSectionInput!) { updateSection(id: $id, input: $input) { slug } }`,
      { id: section.id, input: { slug: 'sports' } },
      editor,
    );
    expect(renamed.errors).toBeUndefined();
    const author = await anAuthor(api.prisma, { slug: 'jo-writer' });
    const profile = await api.graphql(
      `mutation($id: ID!, $input: UpdateAuthorInput!) { updateAuthor(id: $id, input: $input) { slug } }`,
      { id: author.id, input: { name: 'Jo Writer-Smith' } },
      editor,
    );
    expect(profile.errors).toBeUndefined();
    const received = (await endpoint.waitFor(2)).map(
      (r) => JSON.parse(r.body) as { type: string; data: Record<string, { slug: string; previousSlug: string | null }> },
    );
    expect(received.map((r) => r.type).sort()).toEqual(['author.updated', 'section.updated']);
    expect(received.find((r) => r.type === 'section.updated')!.data.section).toMatchObject({ slug: 'sports', previousSlug: 'sport' });
    expect(received.find((r) => r.type === 'author.updated')!.data.author).toMatchObject({ slug: 'jo-writer', previousSlug: null });
    await deactivate(webhookId);
  });
});
