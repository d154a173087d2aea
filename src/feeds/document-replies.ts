import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Document } from './kept-documents.js';

// The HTTP side of a feed or sitemap: the caching headers of the GraphQL answers (a CDN may
// keep it briefly and purge it by Surrogate-Key), validators, and 304 for a client that has it.

/** What shared caches and browsers are told, as for the GraphQL answers: fresh for this long, then revalidate. */
const MAX_AGE_S = 30;
const STALE_WHILE_REVALIDATE_S = 30;
/** Surrogate-Key stays under what proxies take in one header. */
const MAX_SURROGATE_KEY_BYTES = 6_000;

/**
 * The Surrogate-Key of a document. One that shows too many stories to name each names its
 * publications' lists instead, which the database announces with every change to what a story's
 * card shows (as response-cache.service.ts does for GraphQL answers).
 */
export function surrogateKey(tags: readonly string[]): string {
  const all = [...tags].sort().join(' ');
  if (all.length <= MAX_SURROGATE_KEY_BYTES) return all;
  return tags
    .filter((tag) => !tag.startsWith('article:'))
    .sort()
    .join(' ');
}

/**
 * Whether the client's copy is current (RFC 9110 §13.1): If-None-Match, weakly compared, when it
 * is sent; otherwise If-Modified-Since.
 */
export function notModified(headers: FastifyRequest['headers'], etag: string, lastModified: Date): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    const opaque = (tag: string) => tag.replace(/^W\//, '');
    return (ifNoneMatch.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && lastModified.getTime() <= since;
}

export async function sendDocument(request: FastifyRequest, reply: FastifyReply, document: Document | null): Promise<void> {
  if (!document) {
    await reply.code(404).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');
    return;
  }
  const maxAge = Math.max(0, Math.min(MAX_AGE_S, Math.floor((document.expiresAt - Date.now()) / 1000)));
  void reply.headers({
    'cache-control': `public, max-age=${maxAge}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_S}`,
    'surrogate-key': surrogateKey(document.tags),
    etag: document.etag,
    'last-modified': document.lastModified.toUTCString(),
    'x-cache': document.hit ? 'HIT' : 'MISS',
  });
  if (notModified(request.headers, document.etag, document.lastModified)) {
    await reply.code(304).send();
    return;
  }
  await reply.code(200).header('content-type', document.contentType).send(document.body);
}

/** A request whose Host no URL can have. */
export async function sendBadHost(reply: FastifyReply): Promise<void> {
  await reply.code(400).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send('Bad Host header');
}
