/** One module's batch loaders, made anew for each request. */
export interface LoaderSet<T> {
  create(): T;
}

/**
 * The batch loaders of one GraphQL request, made on first use. Each module owns its loaders
 * (an injectable LoaderSet its resolvers ask for), so that whatever a page of articles asks
 * of its sections, bylines or pages costs one statement per kind; nothing is cached across
 * requests or viewers.
 */
export class RequestLoaders {
  private readonly made = new Map<LoaderSet<unknown>, unknown>();

  of<T>(set: LoaderSet<T>): T {
    let loaders = this.made.get(set) as T | undefined;
    if (loaders === undefined) {
      loaders = set.create();
      this.made.set(set, loaders);
    }
    return loaders;
  }
}

/** The rows of `rows` grouped under each of `keys`, in the order of `keys` (a DataLoader answer). */
export function groupBy<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/** The row of each key, or null (a DataLoader answer). */
export function byKey<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): (T | null)[] {
  const found = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => found.get(key) ?? null);
}
