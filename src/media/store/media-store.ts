import { join, resolve } from 'node:path';
import { FileMediaStore } from './file-media-store.js';
import { S3MediaStore, type S3Connection } from './s3-media-store.js';

/** An object as it was put: its bytes and the content type given with them. */
export interface StoredObject {
  body: Buffer;
  contentType: string;
}

/**
 * Where picture originals and renditions are kept. Keys are relative paths such as
 * `images/42/original`: lowercase letters, digits, `.`, `_`, `-`, segments separated by `/`.
 */
export interface MediaStore {
  /** Where the objects are, for logs and errors (never a secret): "the filesystem at /x/media", "s3://bucket/prefix/ at http://...". */
  readonly description: string;
  /** Writes an object whole: a reader never sees a partial object. Overwrites. */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or undefined when there is none. */
  get(key: string): Promise<StoredObject | undefined>;
  /** Whether an object exists (cheap: stat / HEAD). */
  has(key: string): Promise<boolean>;
  /** Removes every object whose key starts with `prefix` (a prefix ends with '/'); nothing there is fine. */
  deletePrefix(prefix: string): Promise<void>;
  /** Throws when the store cannot be reached or written (used by readiness checks). */
  check(): Promise<void>;
}

/** How to reach the media store, from the environment. */
export interface MediaStoreConfig {
  /** `file` (default) or `s3://bucket` / `s3://bucket/some/prefix` */
  store: string;
  /** The API's data folder; the file store lives at `<dataDir>/media`. */
  dataDir: string;
  s3?: S3Connection;
}

/** Where MEDIA_STORE points: the file store, or a bucket and a key prefix ('' or ending with '/'). */
export type MediaStoreLocation = { kind: 'file' } | { kind: 's3'; bucket: string; prefix: string };

const MAX_KEY_LENGTH = 512;
// A segment starts with a letter or digit, so '.', '..', empty segments and hidden names are
// impossible: the file store's temp files start with '.', and no key can ever name one.
// 200 characters leave room for the temp file's affixes under the usual 255-byte file name limit.
const KEY = /^[a-z0-9][a-z0-9._-]{0,199}(?:\/[a-z0-9][a-z0-9._-]{0,199})*$/;
const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+(?: *;[\x20-\x7e]*)?$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX_SEGMENT = /^[A-Za-z0-9._-]+$/;

function assertKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY.test(key) || key.includes('..')) {
    throw new Error(`${JSON.stringify(key.slice(0, 600))} is not a media key: expected a relative path of lowercase letters, digits, '.', '_', '-' and '/'`);
  }
}

function assertPrefix(prefix: string): void {
  if (!prefix.endsWith('/')) throw new Error(`${JSON.stringify(prefix.slice(0, 600))} is not a media key prefix: a prefix ends with '/'`);
  assertKey(prefix.slice(0, -1));
}

function assertContentType(contentType: string): void {
  // The file store keeps the content type as the first line of the file; S3 sends it as a header.
  if (contentType.length > 255 || !CONTENT_TYPE.test(contentType)) throw new Error(`${JSON.stringify(contentType.slice(0, 300))} is not a content type`);
}

/** Reads MEDIA_STORE; throws with what is wrong when it is neither `file` nor `s3://bucket[/prefix]`. */
export function parseMediaStore(value: string): MediaStoreLocation {
  if (value === 'file') return { kind: 'file' };
  const refuse = (why: string) => new Error(`${JSON.stringify(value)} is not a media store: ${why}`);
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(value);
  if (!match) throw refuse('expected "file", s3://bucket or s3://bucket/prefix');
  const [, bucket = '', path = ''] = match;
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw refuse('the bucket name must be 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit');
  }
  if (path === '') return { kind: 's3', bucket, prefix: '' };
  const segments = (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
  if (segments.some((segment) => !PREFIX_SEGMENT.test(segment) || segment === '.' || segment === '..')) {
    throw refuse("the prefix must be folder names of letters, digits, '.', '_' and '-' separated by single '/'");
  }
  return { kind: 's3', bucket, prefix: `${segments.join('/')}/` };
}

// The stores trust their arguments; this wrapper is the one place that checks them, so both
// accept and refuse exactly the same keys (and the stores need not import this file, which
// imports them).
class CheckedMediaStore implements MediaStore {
  constructor(private readonly store: MediaStore) {}

  get description(): string {
    return this.store.description;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertKey(key);
    assertContentType(contentType);
    return this.store.put(key, body, contentType);
  }

  async get(key: string): Promise<StoredObject | undefined> {
    assertKey(key);
    return this.store.get(key);
  }

  async has(key: string): Promise<boolean> {
    assertKey(key);
    return this.store.has(key);
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertPrefix(prefix);
    return this.store.deletePrefix(prefix);
  }

  async check(): Promise<void> {
    return this.store.check();
  }
}

/** The store MEDIA_STORE names. Keys, prefixes and content types are checked here, once, for every kind of store. */
export function createMediaStore(config: MediaStoreConfig): MediaStore {
  const location = parseMediaStore(config.store);
  const store =
    location.kind === 'file'
      ? new FileMediaStore(join(resolve(config.dataDir), 'media'))
      : new S3MediaStore({ ...config.s3, bucket: location.bucket, prefix: location.prefix });
  return new CheckedMediaStore(store);
}
