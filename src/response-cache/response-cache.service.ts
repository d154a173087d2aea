import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createCache, createStorage, type StorageInterface } from 'async-cache-dedupe';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Kind, OperationTypeNode, parse, type ExecutionResult } from 'graphql';
import { LRUCache } from 'lru-cache';
import stringify from 'safe-stable-stringify';
import { PublicArticlesService } from '../articles/public-articles.service.js';
import { RESPONSE_CACHE_OPTIONS, type ResponseCacheOptions } from '../config/app-options.js';
import { ChangeBus } from '../database/change-bus.js';
import { KeptValues } from '../database/kept-values.js';
import { contextOf, GraphQLContexts } from '../graphql/graphql-context.js';
import { PersistedQueries } from './persisted-queries.js';

// Anonymous reads answered from memory. A response is kept with the change tags of what it
// shows (CacheTags) and dropped the moment the database announces a change to one of them
// (ChangeBus), on every instance; its life is also bounded by the next scheduled story of
// its publications, which comes online with no write at all. Concurrent misses for one key
// are computed once (async-cache-dedupe). Requests with Authorization never touch it, and
// are answered `private, no-store`.
//
// A miss runs the query through Mercurius as the route would (its hooks: the cost check, the
// resolution, the error formatting), in a context of its own, and its answer goes to whoever
// waited on it. Only a clean answer is kept. A query refused before it ran (a limit, a bad
// variable) is left to the route, which answers it as it would without a cache.
//
// An answer a resolver marked private (CacheTags.noStore: a preview link's draft) is never
// kept, whichever way it is answered, and is sent `private, no-store` without Surrogate-Key.

/** Responses kept (each at most MAX_ENTRY_BYTES). */
const ENTRIES = 2_000;
const MAX_ENTRY_BYTES = 1024 * 1024;
/** The longest a response is kept, in seconds: changes drop it sooner. */
const MAX_LIFETIME_S = 300;
/** What shared caches (a CDN) and browsers are told: fresh for this long, then revalidate. */
const MAX_AGE_S = 30;
const STALE_WHILE_REVALIDATE_S = 30;
/** The headers of an answer for its asker alone: no shared cache or browser keeps it. */
const PRIVATE_HEADERS = { 'cache-control': 'private, no-store' } as const;
/** Surrogate-Key stays under what proxies and clients take in one header (16 KiB at most, often 8). */
const MAX_SURROGATE_KEY_BYTES = 6_000;

/**
 * The Surrogate-Key header of an answer. One that shows too many stories to name each (a long
 * printed edition) names its publications' lists instead: every change to what a story's card
 * shows is announced on its publication's list as well (the change_announcements migration).
 */
function surrogateKeys(tags: readonly string[]): string {
  const all = [...tags].sort().join(' ');
  if (all.length <= MAX_SURROGATE_KEY_BYTES) return all;
  const coarse = new Set(tags.filter((tag) => !tag.startsWith('article:')));
  for (const tag of tags) if (tag.startsWith('publication:')) coarse.add(`list:${tag.slice('publication:'.length)}`);
  return [...coarse].sort().join(' ');
}

interface Request {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

interface Entry {
  /** False: refused before it ran; the route answers each request itself. */
  answered: boolean;
  status: number;
  body: string;
  /** What it shows; null for an answer with errors. */
  tags: string[] | null;
  /** When it stops being true (ms since the epoch): the next scheduled story. */
  expiresAt: number;
  storedAt: number;
  /** The change epoch it was computed in: kept only if no change was heard meanwhile. */
  epoch: number;
  keep: boolean;
  /** A resolver marked it private (CacheTags.noStore): never kept, sent `private, no-store`. */
  noStore: boolean;
}

interface Lookup {
  key: string;
  epoch: number;
  request: Request;
  /** The request that asked first (for the log lines of the execution). */
  asker: FastifyRequest;
}

/**
 * The storage of the cache: async-cache-dedupe's own memory storage (bounded, with
 * invalidation by references), under a key without the change epoch. The epoch is part of
 * the key the library dedupes on, so a request that arrives after a change never waits on a
 * computation begun before it; the stored answer is shared across epochs.
 */
class EpochlessStorage {
  constructor(private readonly inner: StorageInterface) {}
  private strip = (key: string) => key.replace(/~\d+\|/, '~');
  get = (key: string) => this.inner.get(this.strip(key));
  set = (key: string, value: unknown, ttl: number, references?: string[]) => this.inner.set(this.strip(key), value, ttl, references);
  remove = (key: string) => this.inner.remove(this.strip(key));
  invalidate = (references: string[]) => this.inner.invalidate(references);
  clear = (name: string) => this.inner.clear(name);
  refresh = () => this.inner.refresh();
  getTTL = (key: string) => this.inner.getTTL(this.strip(key));
  exists = (key: string) => this.inner.exists(this.strip(key));
}

@Injectable()
export class ResponseCache {
  private readonly logger = new Logger('ResponseCache');
  private readonly storage = createStorage('memory', { size: ENTRIES, invalidation: true });
  private readonly cache;
  /** Bumped on every change heard. */
  private epoch = 0;
  /** Documents seen: their operations by name ('' for the only one), or null if they do not parse. */
  private readonly documents = new LRUCache<string, { operations: Map<string, OperationTypeNode> | null }>({ max: 1_000 });
  private readonly nextScheduled: KeptValues<{ at: number | null }>;
  private app?: FastifyInstance;

  constructor(
    @Inject(RESPONSE_CACHE_OPTIONS) private readonly options: ResponseCacheOptions,
    private readonly changes: ChangeBus,
    private readonly publicArticles: PublicArticlesService,
    private readonly persisted: PersistedQueries,
    private readonly contexts: GraphQLContexts,
  ) {
    this.nextScheduled = new KeptValues(1_000, () => changes.listening);
    this.cache = createCache({ storage: { type: 'custom', options: { storage: new EpochlessStorage(this.storage) as unknown as StorageInterface } } }).define(
      'response',
      {
        serialize: (lookup: Lookup) => `${lookup.epoch}|${lookup.key}`,
        // Whole seconds (the library's unit), rounded down: gone before the next story is due.
        ttl: (entry: Entry) => (entry.keep && entry.epoch === this.epoch ? Math.min(MAX_LIFETIME_S, Math.floor((entry.expiresAt - Date.now()) / 1000)) : 0),
        references: (_lookup: Lookup, _key: string, entry: Entry) => entry.tags ?? [],
        onError: (error: unknown) => this.logger.error(`cache: ${String(error)}`),
      },
      (lookup: Lookup) => this.compute(lookup),
    );
    changes.onChange((changed) => {
      this.epoch++;
      if (changed === 'all') {
        this.nextScheduled.clear();
        void this.storage.clear('');
        return;
      }
      this.nextScheduled.drop([...changed].filter((tag) => tag.startsWith('list:')).map((tag) => tag.slice('list:'.length)));
      void this.storage.invalidate([...changed]);
    });
  }

  /** Adds the hooks to Fastify: answers from the cache, and the caching headers of every GraphQL answer. */
  register(app: FastifyInstance, graphqlPath = '/graphql'): void {
    this.app = app;
    const isGraphQL = (request: FastifyRequest) => request.url === graphqlPath || request.url.startsWith(`${graphqlPath}?`);
    const served = new WeakSet<FastifyRequest>();
    app.addHook('preHandler', async (request, reply) => {
      if (!this.options.enabled || !isGraphQL(request) || request.headers.authorization !== undefined) return;
      const cacheable = this.cacheableRequest(request);
      if (!cacheable) return;
      const started = Date.now();
      let entry: Entry;
      try {
        entry = await this.lookup(cacheable, request);
      } catch (error) {
        // The request is answered as if there were no cache.
        this.logger.error(`could not answer from the cache: ${String(error)}`);
        return;
      }
      if (!entry.answered) return;
      served.add(request);
      const now = Date.now();
      await reply
        .code(entry.status)
        .headers({
          'content-type': 'application/json; charset=utf-8',
          ...(entry.noStore
            ? PRIVATE_HEADERS
            : entry.status === 200 && entry.tags !== null
              ? this.publicHeaders(entry.tags, entry.expiresAt, now)
              : { 'cache-control': 'no-store' }),
          age: String(Math.max(0, Math.floor((now - entry.storedAt) / 1000))),
          'x-cache': entry.storedAt >= started ? 'MISS' : 'HIT',
        })
        .send(entry.body);
      return reply;
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (!isGraphQL(request) || served.has(request)) return payload;
      const context = contextOf(request);
      if (request.headers.authorization !== undefined || context?.cacheTags.isPrivate) {
        void reply.headers(PRIVATE_HEADERS);
        return payload;
      }
      if (!context || context.operationType !== OperationTypeNode.QUERY || context.failed !== false || reply.statusCode !== 200) {
        void reply.header('cache-control', 'no-store');
        return payload;
      }
      const tags = [...context.cacheTags.tags];
      void reply.headers(this.publicHeaders(tags, await this.expiryOf(tags), Date.now()));
      return payload;
    });
  }

  /** Cache-Control and Surrogate-Key of an anonymous answer, fresh until `expiresAt` at most. */
  private publicHeaders(tags: string[], expiresAt: number, now: number): Record<string, string> {
    const maxAge = Math.max(0, Math.min(MAX_AGE_S, Math.floor((expiresAt - now) / 1000)));
    return {
      'cache-control': `public, max-age=${maxAge}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_S}`,
      'surrogate-key': surrogateKeys(tags),
    };
  }

  /** The query of a GraphQL request that may be answered from the cache, or null. */
  private cacheableRequest(request: FastifyRequest): Request | null {
    let params: { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown };
    if (request.method === 'GET') {
      const query = request.query as Record<string, unknown>;
      const json = (value: unknown) => {
        if (typeof value !== 'string') return value;
        try {
          return JSON.parse(value) as unknown;
        } catch {
          return Symbol('unparsable');
        }
      };
      params = { ...query, variables: json(query.variables), extensions: json(query.extensions) };
    } else if (request.method === 'POST' && request.body && typeof request.body === 'object' && !Array.isArray(request.body)) {
      params = request.body;
    } else {
      return null;
    }
    const { variables = {}, operationName } = params;
    if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) return null;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
    if (params.extensions !== undefined && (params.extensions === null || typeof params.extensions !== 'object')) return null;
    // Unknown hashes, mismatches and retries are the protocol's: Mercurius answers them.
    if (params.query !== undefined && params.extensions !== undefined) return null;
    const query = this.persisted.documentOf(params as Parameters<PersistedQueries['documentOf']>[0]);
    if (query === undefined) return null;
    const operations = this.operationsOf(query);
    const name = operationName || '';
    const type = operations && (name ? operations.get(name) : operations.size === 1 ? [...operations.values()][0] : undefined);
    if (type !== OperationTypeNode.QUERY) return null;
    return { query, variables: variables as Record<string, unknown>, operationName: name || undefined };
  }

  private operationsOf(query: string): Map<string, OperationTypeNode> | null {
    const known = this.documents.get(query);
    if (known) return known.operations;
    let operations: Map<string, OperationTypeNode> | null = new Map();
    try {
      for (const definition of parse(query).definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION) operations.set(definition.name?.value ?? '', definition.operation);
      }
    } catch {
      operations = null;
    }
    this.documents.set(query, { operations });
    return operations;
  }

  private async lookup(request: Request, asker: FastifyRequest): Promise<Entry> {
    const key = createHash('sha256')
      .update(`${request.operationName ?? ''}\u0000${stringify(request.variables)}\u0000${request.query}`)
      .digest('base64url');
    const lookup = { key, epoch: this.epoch, request, asker };
    let entry = await this.cache.response(lookup);
    // The store counts whole seconds: a kept entry past its time by less than one is recomputed.
    if (entry.keep && entry.expiresAt <= Date.now()) {
      await this.cache.clear('response', lookup);
      entry = await this.cache.response({ ...lookup, epoch: this.epoch });
    }
    return entry;
  }

  /** A miss: the query run for whoever asks it. */
  private async compute(lookup: Lookup): Promise<Entry> {
    const { query, variables, operationName } = lookup.request;
    const context = this.contexts.forSharedRead(lookup.asker, operationName);
    const storedAt = Date.now();
    const entry = {
      answered: true,
      status: 200,
      body: '',
      tags: null as string[] | null,
      expiresAt: storedAt,
      storedAt,
      epoch: lookup.epoch,
      keep: false,
      noStore: false,
    };
    // Mercurius sets the status of an answer with errors on the reply it is given.
    context.reply = { request: lookup.asker, code: (status: number) => ((entry.status = status), context.reply) } as unknown as FastifyReply;
    let execution: ExecutionResult;
    try {
      execution = await this.app!.graphql(query, context, variables, operationName);
    } catch {
      // Refused before it ran (a limit, a bad variable): the route says so, in its words.
      return { ...entry, answered: false };
    }
    entry.body = JSON.stringify(execution);
    // Marked even when it failed: a refused preview is its asker's business too.
    entry.noStore = context.cacheTags.isPrivate;
    if (entry.noStore || execution.errors?.length) return entry;
    entry.tags = [...context.cacheTags.tags].sort();
    entry.keep = this.changes.listening && Buffer.byteLength(entry.body) <= MAX_ENTRY_BYTES;
    if (entry.keep) entry.expiresAt = await this.expiryOf(entry.tags);
    return entry;
  }

  /** Until when an answer with these tags holds: the next scheduled story of its publications. */
  private async expiryOf(tags: string[]): Promise<number> {
    let expiresAt = Date.now() + MAX_LIFETIME_S * 1000;
    for (const tag of tags) {
      if (!tag.startsWith('publication:')) continue;
      const publicationId = tag.slice('publication:'.length);
      let next = await this.nextScheduled.get(publicationId, async () => ({ at: await this.publicArticles.nextScheduledAt(publicationId) }));
      if (next.at !== null && next.at <= Date.now()) {
        // That story is online now: the one after it bounds what is read from here on.
        this.nextScheduled.drop([publicationId]);
        next = await this.nextScheduled.get(publicationId, async () => ({ at: await this.publicArticles.nextScheduledAt(publicationId) }));
      }
      if (next.at !== null) expiresAt = Math.min(expiresAt, next.at);
    }
    return expiresAt;
  }
}
