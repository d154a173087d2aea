import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { RESPONSE_CACHE_OPTIONS, type ResponseCacheOptions } from '../config/app-options.js';
import { ChangeBus } from '../database/change-bus.js';

// Feeds and sitemaps kept in memory by URL, as the GraphQL answers are (response-cache.service.ts):
// each with the change tags of what it shows, dropped the moment the database announces a
// change to one of them (on every instance), and otherwise kept no longer than it holds (the
// next scheduled story, a story leaving the news sitemap's 48 hours) or MAX_LIFETIME_MS.
// Concurrent misses for one URL are built once. Not KeptValues: a month's sitemap runs to
// megabytes, so memory is bounded by bytes, and a document is dropped by its tags, not its key.

/** The most all kept documents take, and the largest one kept (a bigger one is built per request). */
const MAX_BYTES = 32 * 1024 * 1024;
const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
/** The longest a document is kept: what no tag announces (a correction's `updatedAt` in an archive's lastmod) is this late at most. */
const MAX_LIFETIME_MS = 300_000;

/** A document as a service builds it. */
export interface BuiltDocument {
  body: string;
  contentType: string;
  /** The change tags of what it shows (`list:<publication id>`, `article:<id>`...). */
  tags: string[];
  /** When it stops being true with no change announced (ms since the epoch). */
  expiresAt: number;
}

/** A document as it is served. */
export interface Document {
  body: Buffer;
  contentType: string;
  tags: readonly string[];
  expiresAt: number;
  etag: string;
  /** When it was built, to the second below: a change after that builds it anew, later. */
  lastModified: Date;
  /** Served from memory. */
  hit: boolean;
}

type Kept = Omit<Document, 'hit'>;

@Injectable()
export class KeptDocuments {
  private readonly kept = new LRUCache<string, Kept>({
    maxSize: MAX_BYTES,
    maxEntrySize: MAX_DOCUMENT_BYTES,
    sizeCalculation: (document) => document.body.length + 64 * document.tags.length,
    dispose: (document, key) => this.unindex(key, document.tags),
  });
  /** The keys kept under each tag. */
  private readonly byTag = new Map<string, Set<string>>();
  private readonly building = new Map<string, Promise<Document | null>>();
  /** Bumped on every change heard: a build begun before it may predate the change, and is not kept. */
  private generation = 0;

  constructor(
    @Inject(RESPONSE_CACHE_OPTIONS) private readonly options: ResponseCacheOptions,
    private readonly changes: ChangeBus,
  ) {
    changes.onChange((changed) => {
      this.generation++;
      // A request that comes after a change must not wait on a build begun before it.
      this.building.clear();
      if (changed === 'all') return this.kept.clear();
      for (const tag of changed) for (const key of [...(this.byTag.get(tag) ?? [])]) this.kept.delete(key);
    });
  }

  /** The document of `key`, from memory or built now; null (not kept) for none. */
  async get(key: string, build: () => Promise<BuiltDocument | null>): Promise<Document | null> {
    const kept = this.kept.get(key);
    if (kept && kept.expiresAt > Date.now()) return { ...kept, hit: true };
    if (kept) this.kept.delete(key);
    const waiting = this.building.get(key);
    if (waiting) return waiting;
    if (!this.options.enabled || !this.changes.listening) return this.make(build);
    const generation = this.generation;
    const building = this.make(build).finally(() => {
      if (this.building.get(key) === building) this.building.delete(key);
    });
    this.building.set(key, building);
    const document = await building;
    if (document && generation === this.generation && document.expiresAt > Date.now()) this.keep(key, document);
    return document;
  }

  private async make(build: () => Promise<BuiltDocument | null>): Promise<Document | null> {
    const startedAt = Date.now();
    const built = await build();
    if (!built) return null;
    const body = Buffer.from(built.body, 'utf8');
    return {
      body,
      contentType: built.contentType,
      tags: [...new Set(built.tags)].sort(),
      expiresAt: Math.min(built.expiresAt, startedAt + MAX_LIFETIME_MS),
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`,
      lastModified: new Date(Math.floor(startedAt / 1000) * 1000),
      hit: false,
    };
  }

  private keep(key: string, document: Document): void {
    const { hit: _hit, ...kept } = document;
    this.kept.set(key, kept);
    if (!this.kept.has(key)) return;
    for (const tag of kept.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
