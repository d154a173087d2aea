import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/database/project-paths.js';
import { builtProject } from './built-project.js';
import { TEST_JWT_SECRET } from './api.js';

/**
 * The built API as its own operating-system process, started as an operator starts it
 * (`node dist/src/main.js`, configured by the environment), on a database the test owns.
 * For what crosses processes: the response cache's purges, signals, SIGKILL.
 */
export class ApiProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiProcess> {
    const build = await builtProject();
    // Its own data folder (the file media store), never the project's.
    const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-process-'));
    const child = spawn(process.execPath, [join(build, 'src', 'main.js')], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: databaseUrl,
        JWT_SECRET: TEST_JWT_SECRET,
        PORT: '0',
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        DEMO_DATA: 'false',
        SCHEDULER: 'false',
        DATA_DIR: dataDir,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the API process did not start within 60 s:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const listening = /GraphQL API on (http:\/\/[\d.]+:\d+)\/graphql/.exec(output);
        if (listening) {
          clearTimeout(timer);
          resolve(listening[1]);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the API process exited (${code ?? signal}) before listening:\n${output}`));
      });
    });
    const api = new ApiProcess(child, url);
    api.output = output;
    const keep = (chunk: Buffer) => (api.output += chunk.toString('utf8'));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    return api;
  }

  /** What the process wrote to stdout and stderr so far. */
  get log(): string {
    return this.output;
  }

  /** Stops it as an operator would (SIGTERM, a graceful shutdown); resolves with its exit code. */
  stop(): Promise<number | null> {
    return this.signal('SIGTERM');
  }

  /** Sends a signal and waits for the process to end. */
  signal(signal: NodeJS.Signals): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => {
      this.child.once('exit', (code) => resolve(code));
      this.child.kill(signal);
    });
  }
}
