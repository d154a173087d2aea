import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';

// The content type is the file's first line, before the bytes. A sidecar file would take a
// second rename, and a reader between the two (or two concurrent writers) could pair one
// put's bytes with another's type; deriving it from the extension would return something
// other than what was put. One file, one rename: body and type change together.
const NEWLINE = 0x0a;
const MAX_HEADER = 256;

// A key or prefix that names nothing: missing, or a folder where a file was expected (or
// the reverse), which S3 would simply call another key.
const isMissing = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
};

/** Objects as files under one folder (the default store: one instance, local disk). */
export class FileMediaStore {
  readonly description: string;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.description = `the filesystem at ${this.root}`;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    // The temp file sits in the target's folder so that rename is atomic (same file system),
    // and starts with '.', which no key segment may: it can never be read as an object.
    const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    // A deletePrefix running meanwhile may remove the folder between mkdir and rename.
    for (let attempt = 1; ; attempt++) {
      try {
        await mkdir(dirname(path), { recursive: true });
        // flush: the bytes reach the disk before the name does, so a crash cannot leave an empty object.
        await writeFile(temp, [Buffer.from(`${contentType}\n`, 'latin1'), body], { flag: 'wx', flush: true });
        await rename(temp, path);
        return;
      } catch (error) {
        await rm(temp, { force: true });
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw error;
      }
    }
  }

  async get(key: string): Promise<{ body: Buffer; contentType: string } | undefined> {
    const path = this.pathOf(key);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const newline = data.subarray(0, MAX_HEADER).indexOf(NEWLINE);
    if (newline < 1) throw new Error(`${path} was not written by the media store (no content type line)`);
    return { contentType: data.toString('latin1', 0, newline), body: data.subarray(newline + 1) };
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    const folder = this.pathOf(prefix);
    try {
      // `a/` is the folder a; a file named a is the key `a`, which that prefix does not cover.
      if (!(await lstat(folder)).isDirectory()) return;
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    // Retries: a put landing in the folder while it is emptied makes rmdir fail with ENOTEMPTY.
    await rm(folder, { recursive: true, force: true, maxRetries: 3 });
  }

  async check(): Promise<void> {
    const probe = join(this.root, `.check.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(this.root, { recursive: true });
      await writeFile(probe, 'check', { flag: 'wx' });
      await rm(probe);
    } catch (error) {
      throw new Error(`the media store (${this.description}) cannot be written: ${(error as Error).message}`, { cause: error });
    }
  }

  // Keys are checked before they get here; this is the last guard against leaving the root.
  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`${JSON.stringify(key)} is outside the media store`);
    return path;
  }
}
