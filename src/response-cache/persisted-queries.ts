import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { PersistedQueryProvider } from 'mercurius';

/** The most documents kept by hash: a bound, since anyone may register one. */
const KEPT_DOCUMENTS = 5_000;

/** Apollo's names for the protocol's answers, which its clients look for. */
const NOT_FOUND = 'PersistedQueryNotFound';

interface PersistedQueryRequest {
  query?: string;
  extensions?: { persistedQuery?: { version?: unknown; sha256Hash?: unknown } };
}

/**
 * Automatic persisted queries: a client sends the SHA-256 of its document instead of the
 * document; the first time, it is told PersistedQueryNotFound and sends both, and from then
 * on the hash alone (over GET, that makes a read a short URL a CDN can cache). Mercurius runs
 * the protocol (`persistedQueryProvider`); the documents are kept here, where the response
 * cache reads them too. Each instance keeps its own: one that does not know a hash answers
 * PersistedQueryNotFound, and the client sends the document again.
 */
@Injectable()
export class PersistedQueries {
  private readonly documents = new LRUCache<string, string>({ max: KEPT_DOCUMENTS });

  static hashOf(query: string): string {
    return createHash('sha256').update(query, 'utf8').digest('hex');
  }

  /** The hash a request names, if it follows the protocol (version 1). */
  static hashIn(request: PersistedQueryRequest): string | undefined {
    const persisted = request.extensions?.persistedQuery;
    return persisted?.version === 1 && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
  }

  /** The document a request sends or names by hash; undefined when neither is known. */
  documentOf(request: PersistedQueryRequest): string | undefined {
    if (typeof request.query === 'string') return request.query;
    const hash = PersistedQueries.hashIn(request);
    return hash === undefined ? undefined : this.documents.get(hash);
  }

  /** Mercurius's persistedQueryProvider over this store. */
  provider(): PersistedQueryProvider {
    return {
      isPersistedQuery: (request: PersistedQueryRequest) => !request.query && request.extensions?.persistedQuery !== undefined,
      isPersistedQueryRetry: (request: PersistedQueryRequest) => Boolean(request.query) && request.extensions?.persistedQuery !== undefined,
      // '' (falsy) for an unsupported version: the client is told PersistedQueryNotSupported.
      getHash: (request: PersistedQueryRequest) => PersistedQueries.hashIn(request) ?? '',
      getQueryFromHash: (hash: string) => Promise.resolve(this.documents.get(hash)),
      getHashForQuery: (query: string) => PersistedQueries.hashOf(query),
      saveQuery: (hash: string, query: string) => {
        this.documents.set(hash, query);
        return Promise.resolve();
      },
      notFoundError: NOT_FOUND,
      notSupportedError: 'PersistedQueryNotSupported',
      mismatchError: 'provided sha does not match query',
    };
  }
}
