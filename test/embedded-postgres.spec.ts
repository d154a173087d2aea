import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataDirInUseError, EmbeddedPostgres } from '../src/database/embedded-postgres.js';

function holdInAnotherProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx/esm', join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'hold-embedded-postgres.ts'), dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-embedded-'));
  chmodSync(dataDir, 0o755);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second process, survives its owner being killed, and keeps the data', async () => {
    const { child, url } = await holdInAnotherProcess(dataDir);
    await query(url, 'CREATE TABLE kept (note text); INSERT INTO kept VALUES ($$written before the kill$$)');

    await expect(EmbeddedPostgres.start({ dataDir, log: () => undefined })).rejects.toThrow(DataDirInUseError);
    await expect(EmbeddedPostgres.start({ dataDir, log: () => undefined })).rejects.toThrow(/in use by another process/);

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const lingering = Number.parseInt(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8'), 10);
    expect(isAlive(lingering)).toBe(true);

    const logs: string[] = [];
    const server = await EmbeddedPostgres.start({ dataDir, log: (m) => logs.push(m) });
    try {
      expect(isAlive(lingering)).toBe(false);
      expect(logs.join('\n')).toMatch(/left running/);
      expect(await query(server.url(), 'SELECT note FROM kept')).toEqual([{ note: 'written before the kill' }]);
    } finally {
      await server.stop();
    }
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'owner.pid'))).toBe(false);
  });
});
