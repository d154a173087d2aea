import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { EmbeddedPostgres, freePort } from '../src/database/embedded-postgres.js';

// A PostgreSQL primary and a streaming hot standby of it, for tests of reads from a replica.
//
// The primary is the project's embedded PostgreSQL (src/database/embedded-postgres.ts). The
// package ships no pg_basebackup, so the standby is made the way pg_basebackup does it: an
// online copy of the primary's cluster folder taken between pg_backup_start() and
// pg_backup_stop(), with the backup_label the latter returns, a standby.signal and a
// primary_conninfo. A physical replication slot, made before the copy, keeps on the primary
// every WAL segment the standby has not received yet (from the copy, and while it is stopped).
// The standby runs the package's `postgres` binary as a child of this process (as the
// postgres OS user when we are root, like the package does): the package's own start() waits
// for "ready to accept connections", which a hot standby never prints.
//
// Layout of the temporary folder (removed by stop()):
//   primary/           the primary's EmbeddedPostgres data folder (pg/, pg.password, postgres.log)
//   replica/pg/        the standby's cluster
//   replica/postgres.log

export interface ReplicaPairOptions {
  /** Upper bound for each wait (a server coming up, the standby catching up); 30 s by default. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

type PollRow = Record<string, string | boolean | null>;

const SLOT = 'replica_pair';
const APPLICATION_NAME = 'replica_pair';
// Settings a hot standby must have at least as high as its primary, or it refuses to start.
const AT_LEAST_AS_ON_PRIMARY = ['max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction'];

export class ReplicaPair {
  private replica: ChildProcess | undefined;
  private stopped = false;
  private readonly killReplicaOnExit = () => this.replica?.kill('SIGQUIT');

  private constructor(
    /** The temporary folder holding both clusters. */
    readonly dir: string,
    private readonly primary: EmbeddedPostgres,
    private readonly replicaDir: string,
    private standbyPort: number,
    private readonly replicaSettings: string[],
    private readonly timeoutMs: number,
    private readonly log: (message: string) => void,
  ) {
    process.on('exit', this.killReplicaOnExit);
  }

  /** Starts a primary and a hot standby streaming from it; always both or neither. */
  static async start(options: ReplicaPairOptions = {}): Promise<ReplicaPair> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const log = options.log ?? (() => undefined);
    const dir = mkdtempSync(join(tmpdir(), 'newsroom-replica-pair-'));
    chmodSync(dir, 0o755);
    const primaryDir = join(dir, 'primary');
    const primaryStart = EmbeddedPostgres.start({ dataDir: primaryDir, ephemeral: true, log });
    let primary: EmbeddedPostgres | undefined;
    let pair: ReplicaPair | undefined;
    try {
      primary = await withTimeout(primaryStart, timeoutMs, () => logs('the primary did not start', [join(primaryDir, 'postgres.log')]));
      const replicaDir = join(dir, 'replica');
      mkdirSync(replicaDir, { mode: 0o711 });
      chmodSync(replicaDir, 0o711);
      const copyStart = Date.now();
      const settings = await baseBackup(primary, join(primaryDir, 'pg'), join(replicaDir, 'pg'));
      log(`copied the primary's cluster for the replica in ${Date.now() - copyStart} ms`);
      pair = new ReplicaPair(dir, primary, replicaDir, 0, settings, timeoutMs, log);
      await pair.startReplica();
      return pair;
    } catch (error) {
      const removeDir = () => rm(dir, { recursive: true, force: true });
      if (pair) await pair.stop().catch(() => undefined);
      else if (primary)
        await primary
          .stop()
          .finally(removeDir)
          .catch(() => undefined);
      // A start that timed out may still finish (initdb writing into the folder): stop and clean up after it.
      else if (error instanceof TimeoutError)
        void primaryStart
          .then(
            (late) => late.stop(),
            () => undefined,
          )
          .finally(removeDir)
          .catch(() => undefined);
      else await removeDir().catch(() => undefined);
      throw error;
    }
  }

  get primaryPort(): number {
    return this.primary.port;
  }

  get replicaPort(): number {
    return this.standbyPort;
  }

  /** Whether the standby is running (between startReplica() and stopReplica()). */
  get replicaRunning(): boolean {
    return this.replica !== undefined;
  }

  primaryUrl(database = 'postgres'): string {
    return this.primary.url(database);
  }

  /** The same superuser and password as the primary's: the standby is a copy of its catalog. */
  replicaUrl(database = 'postgres'): string {
    const url = new URL(this.primary.url(database));
    url.port = String(this.replicaPort);
    return url.toString();
  }

  /** Creates a database on the primary (optionally from a template) and waits until the standby has it. */
  async createDatabase(name: string, template?: string): Promise<{ primaryUrl: string; replicaUrl: string }> {
    await query(this.primaryUrl(), `CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`);
    await this.waitForReplay();
    return { primaryUrl: this.primaryUrl(name), replicaUrl: this.replicaUrl(name) };
  }

  /**
   * Waits until the standby has replayed everything committed on the primary so far, and
   * returns that WAL position. The primary commits asynchronously (synchronous_commit=off):
   * a commit's WAL may still be in its buffers, not yet sent, so the target is a WAL record
   * written and flushed now (which flushes all before it), not pg_current_wal_lsn().
   */
  async waitForReplay(timeoutMs = this.timeoutMs): Promise<string> {
    const [{ lsn }] = await query<{ lsn: string }>(this.primaryUrl(), "SELECT pg_logical_emit_message(false, 'replica_pair', '', true)::text AS lsn");
    await this.pollReplica(
      'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done, pg_last_wal_replay_lsn()::text AS replayed, pg_get_wal_replay_pause_state() AS pause',
      [lsn],
      timeoutMs,
      (last) =>
        `the replica did not replay the primary's WAL up to ${lsn} within ${timeoutMs} ms (replayed up to ${String(last?.replayed)}` +
        `${last?.pause && last.pause !== 'not paused' ? `; replay is ${String(last.pause)}` : ''})`,
    );
    return lsn;
  }

  /** Waits until the standby's WAL receiver streams from the primary. */
  async waitForStreaming(timeoutMs = this.timeoutMs): Promise<void> {
    await this.pollReplica(
      "SELECT coalesce(bool_or(status = 'streaming'), false) AS done, string_agg(status, ',') AS status FROM pg_stat_wal_receiver",
      [],
      timeoutMs,
      (last) => `the replica did not stream from the primary within ${timeoutMs} ms (WAL receiver: ${String(last?.status ?? 'none')})`,
    );
  }

  /** Stops applying WAL on the standby (it keeps receiving it): simulated replication lag. */
  async pauseReplay(): Promise<void> {
    await query(this.replicaUrl(), 'SELECT pg_wal_replay_pause()');
    await this.pollReplica(
      "SELECT pg_get_wal_replay_pause_state() = 'paused' AS done, pg_get_wal_replay_pause_state() AS pause",
      [],
      this.timeoutMs,
      (last) => `replay on the replica did not pause within ${this.timeoutMs} ms (${String(last?.pause)})`,
    );
  }

  async resumeReplay(): Promise<void> {
    await query(this.replicaUrl(), 'SELECT pg_wal_replay_resume()');
  }

  /** now() - pg_last_xact_replay_timestamp() on the standby, in seconds (null before any transaction was replayed). */
  async replayLagSeconds(): Promise<number | null> {
    const [{ lag }] = await query<{ lag: string | null }>(
      this.replicaUrl(),
      'SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8::text AS lag',
    );
    return lag === null ? null : Number(lag);
  }

  /** Starts the standby (on the same port as before, once started) and waits until it streams. */
  async startReplica(): Promise<void> {
    if (this.stopped) throw new Error('the replica pair is stopped');
    if (this.replica) return;
    const fixedPort = this.standbyPort !== 0;
    for (let attempt = 1; ; attempt++) {
      if (!fixedPort) this.standbyPort = await freePort();
      try {
        await this.spawnReplica();
        break;
      } catch (error) {
        // Another process took the free port between our look and the server's bind.
        const portTaken = /could not bind|Address already in use/i.test(tail(this.replicaLog));
        if (fixedPort || attempt >= 3 || !portTaken) throw error;
      }
    }
    await this.waitForStreaming();
  }

  /** Stops the standby (a fast shutdown); its clients are disconnected, new ones refused. */
  async stopReplica(): Promise<void> {
    const child = this.replica;
    if (!child) return;
    this.replica = undefined;
    await stopChild(child, this.timeoutMs);
  }

  /** Stops both servers (both are always tried) and removes the temporary folder. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const failures: unknown[] = [];
    await this.stopReplica().catch((error: unknown) => failures.push(error));
    await this.primary.stop().catch((error: unknown) => failures.push(error));
    process.off('exit', this.killReplicaOnExit);
    if (failures.length === 0) await rm(this.dir, { recursive: true, force: true });
    if (failures.length > 0) throw new AggregateError(failures, `stopping the replica pair in ${this.dir} failed`);
  }

  /** The last lines of both servers' logs, for error messages. */
  logs(lines = 30): string {
    return logs('server logs', [join(this.dir, 'primary', 'postgres.log'), this.replicaLog], lines);
  }

  private get replicaLog(): string {
    return join(this.replicaDir, 'postgres.log');
  }

  private async spawnReplica(): Promise<void> {
    const clusterDir = join(this.replicaDir, 'pg');
    appendFileSync(this.replicaLog, `--- starting the replica on port ${this.replicaPort}\n`);
    const owner = statSync(clusterDir);
    const child = spawn(await postgresBinary(), ['-D', clusterDir, '-p', String(this.replicaPort), ...this.replicaSettings], {
      ...(process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.replica = child;
    let recent = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        void stopChild(child, 5_000).finally(() => reject(new Error(`the replica did not start within ${this.timeoutMs} ms\n${this.logs()}`)));
      }, this.timeoutMs);
      const onOutput = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        appendFileSync(this.replicaLog, text);
        recent = (recent + text).slice(-4096);
        if (recent.includes('database system is ready to accept read-only connections')) {
          cleanup();
          resolve();
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanup();
        reject(new Error(`the replica exited while starting (code ${code}, signal ${signal})\n${this.logs()}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.stdout?.off('data', onOutput);
        child.stderr?.off('data', onOutput);
        child.stdout?.on('data', (more: Buffer) => appendFileSync(this.replicaLog, more));
        child.stderr?.on('data', (more: Buffer) => appendFileSync(this.replicaLog, more));
      };
      child.stdout?.on('data', onOutput);
      child.stderr?.on('data', onOutput);
      child.once('exit', onExit);
      child.once('error', (error) => {
        cleanup();
        reject(error);
      });
    }).catch((error: unknown) => {
      this.replica = undefined;
      throw error;
    });
    child.once('exit', () => {
      if (this.replica === child) {
        this.replica = undefined;
        this.log(`the replica exited on its own:\n${this.logs()}`);
      }
    });
    this.log(`replica ready on 127.0.0.1:${this.replicaPort} (data in ${clusterDir})`);
  }

  /** Polls `sql` on the standby (one connection) until its row has `done`; the failure message gets the last row and the logs. */
  private async pollReplica(sql: string, params: unknown[], timeoutMs: number, failure: (last: PollRow | undefined) => string): Promise<void> {
    if (!this.replica) throw new Error('the replica is stopped: startReplica() first');
    const deadline = Date.now() + timeoutMs;
    const client = new pg.Client({ connectionString: this.replicaUrl(), connectionTimeoutMillis: timeoutMs });
    client.on('error', () => undefined);
    await client.connect().catch((error: unknown) => {
      throw new Error(`cannot connect to the replica: ${error instanceof Error ? error.message : String(error)}\n${this.logs()}`);
    });
    try {
      let last: PollRow | undefined;
      for (;;) {
        last = (await client.query<PollRow>(sql, params)).rows[0];
        if (last?.done === true) return;
        if (Date.now() > deadline) throw new Error(`${failure(last)}\n${this.logs()}`);
        await delay(20);
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/**
 * An online copy of the primary's cluster into `target`, made a standby of it; returns the
 * server settings (command line) the standby runs with.
 */
async function baseBackup(primary: EmbeddedPostgres, source: string, target: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: primary.url() });
  client.on('error', () => undefined);
  await client.connect();
  let label: { labelfile: string; spcmapfile: string | null };
  let settings: { name: string; setting: string }[];
  try {
    settings = (await client.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [AT_LEAST_AS_ON_PRIMARY]))
      .rows;
    // Reserved now, before the backup's checkpoint: the primary keeps all WAL from here on
    // until the standby has received it.
    // New WAL segments (16 MB each, on both servers) as sparse files rather than written zeros.
    await client.query('ALTER SYSTEM SET wal_init_zero = off');
    await client.query('SELECT pg_reload_conf()');
    await client.query('SELECT pg_create_physical_replication_slot($1, true)', [SLOT]);
    await client.query("SELECT pg_backup_start('replica_pair', true)");
    try {
      copyCluster(source, target);
    } finally {
      [label] = (await client.query<{ labelfile: string; spcmapfile: string | null }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(false)')).rows;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  const owner = statSync(target);
  const write = (name: string, content: string, append = false) => {
    const file = join(target, name);
    if (append) appendFileSync(file, content);
    else writeFileSync(file, content, { mode: 0o600 });
    chmodSync(file, 0o600);
    if (process.getuid?.() === 0) chownSync(file, owner.uid, owner.gid);
  };
  write('backup_label', label.labelfile);
  if (label.spcmapfile) write('tablespace_map', label.spcmapfile);
  write('standby.signal', '');
  const url = new URL(primary.url());
  const conninfo = [
    ['host', '127.0.0.1'],
    ['port', String(primary.port)],
    ['user', decodeURIComponent(url.username)],
    ['password', decodeURIComponent(url.password)],
    ['application_name', APPLICATION_NAME],
  ]
    .map(([key, value]) => `${key}='${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)
    .join(' ');
  write('postgresql.auto.conf', `\nprimary_conninfo = ${confString(conninfo)}\nprimary_slot_name = ${confString(SLOT)}\n`, true);
  return [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'hot_standby=on',
    '-c',
    'fsync=off',
    // Retry the primary quickly when it is away, rather than after 5 s.
    '-c',
    'wal_retrieve_retry_interval=200ms',
    ...settings.flatMap(({ name, setting }) => ['-c', `${name}=${setting}`]),
  ];
}

// What pg_basebackup leaves out: the primary's WAL (the standby streams it from the slot's
// start), its slots, runtime state, and the files of a running server.
const EMPTIED = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const SKIPPED = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'backup_label.old', 'tablespace_map', 'current_logfiles', 'pg_internal.init']);

/** Copies a running cluster, keeping owners and modes; files that vanish meanwhile are skipped (WAL replay restores them). */
function copyCluster(source: string, target: string, top = true): void {
  const stat = lstatSync(source);
  makeDir(target, stat);
  let entries: string[];
  try {
    entries = readdirSync(source);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of entries) {
    const from = join(source, name);
    const to = join(target, name);
    if (SKIPPED.has(name) || name.startsWith('pgsql_tmp')) continue;
    let entry: Stats;
    try {
      entry = lstatSync(from);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if (entry.isDirectory()) {
      if (top && EMPTIED.has(name)) {
        makeDir(to, entry);
        if (name === 'pg_wal') for (const sub of ['archive_status', 'summaries']) makeDir(join(to, sub), entry);
      } else copyCluster(from, to, false);
    } else if (entry.isFile()) {
      try {
        copyFileSync(from, to);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      own(to, entry);
    } else {
      throw new Error(`cannot copy ${from}: neither a file nor a folder (a tablespace?)`);
    }
  }
}

function makeDir(path: string, like: Stats): void {
  mkdirSync(path);
  own(path, like);
}

function own(path: string, like: Stats): void {
  chmodSync(path, like.mode & 0o7777);
  if (process.getuid?.() === 0) chownSync(path, like.uid, like.gid);
}

/** Sends a fast shutdown and waits; an immediate one, then a kill, if that takes too long. */
async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const exitsWithin = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([exited.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  child.kill('SIGINT');
  if (await exitsWithin(timeoutMs)) return;
  child.kill('SIGQUIT');
  if (await exitsWithin(5_000)) return;
  child.kill('SIGKILL');
  await exited;
}

/** The package's `postgres` binary, from its platform package. */
async function postgresBinary(): Promise<string> {
  const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const platform = fromPackage.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return ((await import(pathToFileURL(platform).href)) as { postgres: string }).postgres;
}

async function query<Row extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

class TimeoutError extends Error {}

/** `promise`, or a TimeoutError after `timeoutMs`. */
async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${message()}\n(timed out after ${timeoutMs} ms)`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string value in postgresql.conf syntax. */
function confString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function logs(title: string, files: string[], lines = 30): string {
  return [title, ...files.map((file) => `--- ${file}\n${tail(file, lines)}`)].join('\n');
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
}
