import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiProcess } from './helpers/api-process.js';
import { TestApi } from './helpers/api.js';
import { aPublication, aSection, anArticle, anAuthor, aUser } from './factories/newsroom.factory.js';

// What an operator runs the API with: Prometheus metrics, liveness and readiness, JSON logs
// that say which request a line belongs to and never what it carried, and a shutdown that
// finishes what it started.

/** Prometheus's text exposition format, line by line: comments, samples, blank lines. */
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? [-+]?(\d+(\.\d+)?([eE][-+]?\d+)?|[Nn][Aa][Nn]|[-+][Ii]nf)( \d+)?$/;
const COMMENT = /^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))$/;

function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      expect([line, COMMENT.test(line)]).toEqual([line, true]);
      continue;
    }
    expect([line, SAMPLE.test(line)]).toEqual([line, true]);
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('operations', () => {
  let api: TestApi;
  let editorToken: string;
  let draftId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    const pub = await aPublication(api.prisma, { slug: 'ops' });
    const section = await aSection(api.prisma, pub.id);
    const author = await anAuthor(api.prisma);
    await anArticle(api.prisma, { publicationId: pub.id, sectionId: section.id }, { authorIds: [author.id] });
    const draft = await anArticle(api.prisma, { publicationId: pub.id, sectionId: section.id }, { status: 'APPROVED', authorIds: [author.id] });
    draftId = draft.id;
    editorToken = await api.tokenFor((await aUser(api.prisma, { role: 'EDITOR', publicationId: pub.id })).id);
  });
  afterAll(() => api.close());

  const scrape = async () => {
    const response = await api.request('GET', '/metrics');
    expect(response.status).toBe(200);
    expect(String(response.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseMetrics(response.body);
  };

  it('serves Prometheus metrics that count the request made just before, by operation', async () => {
    const key = 'newsroom_graphql_request_duration_seconds_count{operation="FrontPage",status="200"}';
    const before = (await scrape()).get(key) ?? 0;
    expect((await api.operation('FrontPage', { publication: 'ops', first: 5 })).errors).toBeUndefined();
    const after = await scrape();
    expect(after.get(key)).toBe(before + 1);
    expect(after.get('newsroom_http_request_duration_seconds_count{route="/graphql",method="POST",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(after.has('newsroom_database_pool_connections{state="in_use"}')).toBe(true);
    expect(after.has('newsroom_database_pool_connections{state="waiting"}')).toBe(true);
    expect(after.has('newsroom_process_cpu_user_seconds_total')).toBe(true);
  });

  it('counts workflow moves by move', async () => {
    const key = 'newsroom_workflow_moves_total{from="APPROVED",to="PUBLISHED"}';
    const before = (await scrape()).get(key) ?? 0;
    const moved = await api.operation('TransitionArticle', { input: { id: draftId, to: 'PUBLISHED' } }, editorToken);
    expect(moved.errors).toBeUndefined();
    expect((await scrape()).get(key)).toBe(before + 1);
  });

  it('names unknown operations without letting clients grow the label set', async () => {
    for (let i = 0; i < 5; i++) await api.graphql(`query Made${i}Up { __typename }`);
    const samples = await scrape();
    expect(samples.get('newsroom_graphql_request_duration_seconds_count{operation="Made0Up",status="200"}')).toBe(1);
  });

  it('keeps /metrics for the bearer of METRICS_TOKEN when it is set', async () => {
    const guarded = await TestApi.start({ metricsToken: 'a-metrics-token-for-prometheus' });
    try {
      expect((await guarded.request('GET', '/metrics')).status).toBe(401);
      expect((await guarded.request('GET', '/metrics', undefined, { authorization: 'Bearer a-wrong-token-for-prometheus' })).status).toBe(401);
      const scraped = await guarded.request('GET', '/metrics', undefined, { authorization: 'Bearer a-metrics-token-for-prometheus' });
      expect(scraped.status).toBe(200);
      expect(scraped.body).toContain('newsroom_http_request_duration_seconds');
    } finally {
      await guarded.close();
    }
  });

  it('answers liveness and readiness (database and media store)', async () => {
    const live = await api.request('GET', '/health/live');
    expect([live.status, JSON.parse(live.body)]).toEqual([200, { status: 'ok' }]);
    for (const path of ['/health/ready', '/health']) {
      const ready = await api.request('GET', path);
      expect([ready.status, JSON.parse(ready.body)]).toEqual([200, { status: 'ok', database: 'up', media: 'up' }]);
      expect(ready.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('the API process: its logs and its shutdown', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start();
    await aPublication(api.prisma, { slug: 'logged' });
  });
  afterAll(() => api.close());

  it('logs JSON lines, each of a request with its id, never a token or what a request carried', async () => {
    const child = await ApiProcess.start(api.databaseUrl, { ACCESS_LOG: 'true' });
    try {
      const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzb21lb25lIn0.c2VjcmV0LXNpZ25hdHVyZQ';
      const secret = 'a-variable-nobody-should-read-in-a-log';
      await fetch(`${child.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'trace-me-1' },
        body: JSON.stringify({ query: 'query Probe($q: String!) { publication(slug: $q) { name } }', variables: { q: secret } }),
      });
      await fetch(`${child.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-2' },
        body: JSON.stringify({ query: `{ publication(slug: "${secret}") { name } }` }),
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const lines = child.log.split('\n').filter((line) => line.trim() !== '');
      expect(lines.length).toBeGreaterThan(3);
      const entries = lines.map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`not a JSON line: ${line}`);
        }
      });
      const requestLines = entries.filter((entry) => entry.msg === 'request');
      expect(requestLines.map((entry) => entry.reqId)).toEqual(expect.arrayContaining(['trace-me-1', 'trace-me-2']));
      expect(entries.some((entry) => entry.context === 'Newsroom' && String(entry.msg).startsWith('GraphQL API on'))).toBe(true);
      expect(child.log).not.toContain(token);
      expect(child.log).not.toContain(secret);
    } finally {
      expect(await child.stop()).toBe(0);
    }
  }, 180_000);

  it('fails readiness first for SHUTDOWN_DRAIN_SECONDS, still answering, then stops', async () => {
    const child = await ApiProcess.start(api.databaseUrl, { SHUTDOWN_DRAIN_SECONDS: '2' });
    expect((await fetch(`${child.url}/health/ready`)).status).toBe(200);
    const exited = child.signal('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ready = await fetch(`${child.url}/health/ready`);
    expect([ready.status, ((await ready.json()) as { status: string }).status]).toEqual([503, 'shutting down']);
    const live = await fetch(`${child.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ publication(slug: "logged") { name } }' }),
    });
    expect(live.status).toBe(200);
    expect(await exited).toBe(0);
  }, 180_000);

  it('finishes a request in flight when told to stop, then exits cleanly', async () => {
    const child = await ApiProcess.start(api.databaseUrl);
    const body = JSON.stringify({ query: '{ publication(slug: "logged") { name } }' });
    const half = Math.floor(body.length / 2);
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${child.url}/graphql`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, agent: false },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, half));
      // The rest comes after the API was told to stop.
      setTimeout(() => req.end(body.slice(half)), 700);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = child.signal('SIGTERM');
    const answer = await answered;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { publication: { name: expect.any(String) } } });
    expect(await exited).toBe(0);
  }, 180_000);
});
