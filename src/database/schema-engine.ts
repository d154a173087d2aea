import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum, bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { migrationsDir, prismaSchemaPath } from './project-paths.js';

// Prisma's schema engine compiled to WebAssembly, driven through the pg driver adapter:
// it applies and diffs migrations like `prisma migrate`, but needs no native engine and so
// no download. The package imports its .wasm as an ES module, which Node 20 cannot do, so
// the module is instantiated here by hand.

interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: { path: string; migrationFile: { path: string; content: { tag: 'ok'; value: string } } }[];
}

type DiffTarget = { tag: 'empty' } | ({ tag: 'migrations' } & MigrationList) | { tag: 'schemaDatamodel'; files: { path: string; content: string }[] };

interface WasmSchemaEngine {
  applyMigrations(input: { migrationsList: MigrationList; filters: Filters }): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: { from: DiffTarget; to: DiffTarget; script: boolean; exitCode: boolean | null; filters: Filters }): Promise<{
    exitCode: number;
    stdout: string | null;
  }>;
  free(): void;
}

interface Filters {
  externalTables: string[];
  externalEnums: string[];
}

const noFilters: Filters = { externalTables: [], externalEnums: [] };

// lib "dom" would bring the WebAssembly types along with a browser's globals; name only this.
const wasmRuntime = (
  globalThis as unknown as {
    WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }> };
  }
).WebAssembly;

const engineTimers = new Set<NodeJS.Timeout>();
let enginesRunning = 0;

let wasmModule: Promise<{ SchemaEngine: { new: (...args: unknown[]) => Promise<WasmSchemaEngine> } }> | undefined;

function loadWasm() {
  wasmModule ??= (async () => {
    // The engine reports a Rust panic's message through this global before it throws.
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
      set_message(message: string) {
        console.error(`prisma schema engine panicked: ${message}`);
      },
    };
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    // wasm-bindgen glue: its exports are the engine's imports, and it is handed the instance.
    const bg = (await import(bgPath)) as Record<string, unknown> & { __wbg_set_wasm(exports: unknown): void };
    const bytes = readFileSync(bgPath.replace(/\.js$/, '.wasm'));
    // The engine arms timers (connection timeouts) that outlive its work and would keep a
    // finished process alive for seconds; they are tracked and cleared once no engine runs.
    const imports: Record<string, unknown> = { ...bg };
    for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
      imports[name] = (callback: () => void, ms: number) => {
        const timer = setTimeout(() => {
          engineTimers.delete(timer);
          callback();
        }, ms >>> 0);
        engineTimers.add(timer);
        return timer;
      };
    }
    const { instance } = await wasmRuntime.instantiate(bytes, { './schema_engine_bg.js': imports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg as unknown as { SchemaEngine: { new: (...args: unknown[]) => Promise<WasmSchemaEngine> } };
  })();
  return wasmModule;
}

export function readSchema(): string {
  return readFileSync(prismaSchemaPath, 'utf8');
}

/** The migrations folder as the engine expects it, read from disk. */
export function readMigrations(dir = migrationsDir): MigrationList {
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
        .map((entry) => entry.name)
        .sort()
    : [];
  const lockPath = join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(dir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

/** sha256 of migration.sql, as the Prisma CLI records it in `_prisma_migrations.checksum`. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

async function withEngine<T>(databaseUrl: string, run: (engine: WasmSchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadWasm();
  const factory = new CatalogAwarePg(databaseUrl);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const schema = readSchema();
  enginesRunning++;
  try {
    const engine = await SchemaEngine.new({ datamodels: [[prismaSchemaPath, schema]] }, () => undefined, adapter);
    try {
      return await run(engine);
    } finally {
      engine.free();
    }
  } finally {
    await factory.disposeAll();
    if (--enginesRunning === 0) {
      for (const timer of engineTimers) clearTimeout(timer);
      engineTimers.clear();
    }
  }
}

const CHAR_OID = 18;
const TEXT_OID = 25;

interface PgQueryable {
  performIO(query: object): Promise<{ fields: { dataTypeID: number }[] }>;
  queryRaw(query: object): Promise<{ columnTypes: number[] }>;
  startTransaction?(isolationLevel?: unknown): Promise<PgQueryable>;
  executeScript?(script: string): Promise<void>;
  underlyingDriver?(): { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
}

// Two repairs of the pg adapter for the schema engine's use:
// - the engine reads PostgreSQL's catalogs, whose `"char"` columns (oid 18, e.g.
//   pg_class.relkind) the adapter refuses ("Column type 'char' could not be deserialized");
//   node-postgres already returns them as one-letter strings, so they pass as the
//   driver-adapter type Character, which the engine reads them as;
// - the adapter runs a migration script by splitting it on every ";", which breaks a
//   function body; the script goes to PostgreSQL whole instead, as `prisma migrate` sends
//   it (one simple query: it also commits or rolls back as one).
function repairForSchemaEngine<T>(queryable: T): T {
  const target = queryable as unknown as PgQueryable;
  const charColumns = new WeakMap<object, number[]>();
  const performIO = target.performIO.bind(target);
  target.performIO = async (query) => {
    const result = await performIO(query);
    const found: number[] = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      found.push(index);
    });
    if (found.length > 0) charColumns.set(query, found);
    return result;
  };
  const queryRaw = target.queryRaw.bind(target);
  target.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(query) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    charColumns.delete(query);
    return result;
  };
  const startTransaction = target.startTransaction?.bind(target);
  if (startTransaction) target.startTransaction = async (level) => repairForSchemaEngine(await startTransaction(level));
  const driver = target.underlyingDriver?.();
  if (target.executeScript && driver) {
    target.executeScript = async (script) => {
      try {
        await driver.query(script);
      } catch (error) {
        target.onError(error);
      }
    };
  }
  return queryable;
}

class CatalogAwarePg {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  private readonly inner: PrismaPg;

  /** Connections handed to the engine; it does not close them itself. */
  readonly opened: { dispose(): Promise<void> }[] = [];

  constructor(private readonly databaseUrl: string) {
    this.inner = pgAdapterFactory(databaseUrl);
    this.adapterName = this.inner.adapterName;
  }

  async connect() {
    const adapter = repairForSchemaEngine(await this.inner.connect());
    this.opened.push(adapter);
    return adapter;
  }

  async disposeAll(): Promise<void> {
    await Promise.allSettled(this.opened.splice(0).map((adapter) => adapter.dispose()));
  }

  // The adapter's own shadow database is created but then not used: it passes `database`
  // beside a connectionString, which wins. Create it here and connect to it by URL.
  async connectToShadowDb() {
    const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
    const admin = new pg.Client({ connectionString: this.databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(this.databaseUrl);
    url.pathname = `/${name}`;
    const shadow = repairForSchemaEngine(await pgAdapterFactory(url.toString()).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => admin.end());
    };
    return shadow;
  }
}

function pgAdapterFactory(connectionString: string): PrismaPg {
  // Short idle timeouts let a CLI process exit as soon as the work is done.
  return new PrismaPg({ connectionString, idleTimeoutMillis: 200, allowExitOnIdle: true });
}

/** Applies every pending migration of prisma/migrations; returns the names applied. */
export async function applyMigrations(databaseUrl: string, dir = migrationsDir): Promise<string[]> {
  return withEngine(databaseUrl, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList: readMigrations(dir), filters: noFilters });
    return result.appliedMigrationNames;
  });
}

/**
 * The SQL that would bring a database built from the migrations to what schema.prisma
 * describes; empty when they agree. Replays the migrations in a throwaway shadow database
 * on the server of `databaseUrl`.
 */
export async function diffMigrationsToSchema(databaseUrl: string, dir = migrationsDir): Promise<string> {
  return withEngine(databaseUrl, async (engine) => {
    const result = await engine.diff({
      from: { tag: 'migrations', ...readMigrations(dir) },
      to: { tag: 'schemaDatamodel', files: [{ path: prismaSchemaPath, content: readSchema() }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return (result.stdout ?? '').replace(/^-- This is an empty migration\.\s*$/m, '').trim();
  });
}
