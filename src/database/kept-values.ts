import { LRUCache } from 'lru-cache';

/**
 * Values read from the database and kept in memory until a change drops them (see
 * ChangeBus): bounded (least recently used go first), with concurrent misses for one key
 * read once. A read that was on its way when a drop came may predate the change, so its
 * value serves the requests that waited for it but is not kept.
 *
 * The bounding is lru-cache's; the rest is here because lru-cache's own `fetch` aborts, and
 * fails, a read in flight when its key is dropped, where a reader wants the read's answer.
 */
export class KeptValues<V extends object | null> {
  private readonly kept: LRUCache<string, { value: V }>;
  private readonly loading = new Map<string, Promise<V>>();
  private generation = 0;

  /** `canKeep`: whether a value read now may be kept (changes are being heard). */
  constructor(
    max: number,
    private readonly canKeep: () => boolean = () => true,
  ) {
    this.kept = new LRUCache({ max });
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const kept = this.kept.get(key);
    if (kept) return kept.value;
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    if (!this.canKeep()) return load();
    const generation = this.generation;
    const promise = load().then(
      (value) => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
        if (generation === this.generation) this.kept.set(key, { value });
        return value;
      },
      (error: unknown) => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, promise);
    return promise;
  }

  /** Drops these keys (and keeps no read that was on its way for any key). */
  drop(keys: Iterable<string>): void {
    this.generation++;
    this.loading.clear();
    for (const key of keys) this.kept.delete(key);
  }

  /** Drops everything. */
  clear(): void {
    this.generation++;
    this.loading.clear();
    this.kept.clear();
  }
}
