import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';

/** How to reach an S3-compatible store; anything unset comes from the AWS SDK's defaults and environment. */
export interface S3Connection {
  /** e.g. http://minio:9000; unset: AWS's own endpoint for the region. */
  endpoint?: string;
  /** Unset: AWS_REGION, else us-east-1. */
  region?: string;
  /** Address buckets as endpoint/bucket/key, as MinIO and most S3-compatible stores need. */
  forcePathStyle?: boolean;
  /** Both or neither; unset: the SDK's default chain (AWS_* variables, ~/.aws, instance roles). */
  accessKeyId?: string;
  secretAccessKey?: string;
}

// Readiness checks must answer, not hang on an endpoint that drops packets.
const CHECK_TIMEOUT_MS = 10_000;
// Starts with '.', which no key may: the probe never collides with an object.
const PROBE_KEY = '.media-store-check';

// S3 answers a missing key with NoSuchKey (GET) or a bare 404 (HEAD, which has no body).
const isMissing = (error: unknown) => error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound');

/** Objects in an S3 bucket under a key prefix: what several API instances share. */
export class S3MediaStore {
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3Connection & { bucket: string; prefix: string }) {
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
    this.description = `s3://${this.bucket}/${this.prefix} at ${options.endpoint === undefined ? `AWS ${region}` : withoutUserInfo(options.endpoint)}`;
    this.client = new S3Client({
      region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials:
        options.accessKeyId !== undefined && options.secretAccessKey !== undefined
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
      // The SDK's default adds a CRC32 to every upload (a header for a Buffer, an aws-chunked
      // trailer for a stream) and asks for checksums on every download: S3-compatible stores
      // that predate them refuse the headers or, like s3rver, keep the chunk framing as the
      // object's bytes. S3 itself needs no checksum on these operations.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 5_000, socketTimeout: 60_000 },
    });
    // DeleteObjects is the one operation S3 requires a checksum on; the SDK now sends a CRC32,
    // which stores such as older MinIO and Ceph refuse, asking for the Content-MD5 the SDK used
    // to send. S3 accepts both.
    this.client.middlewareStack.add(
      (next, context) => async (args) => {
        const request = args.request as { headers?: Record<string, string>; body?: unknown };
        if (context.commandName === 'DeleteObjectsCommand' && request.headers && typeof request.body === 'string') {
          request.headers['content-md5'] = createHash('md5').update(request.body).digest('base64');
        }
        return next(args);
      },
      { step: 'build', name: 'deleteObjectsContentMd5' },
    );
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    // A PUT is atomic in S3: readers see the old object or the new one, never a part.
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Body: body, ContentType: contentType }));
  }

  async get(key: string): Promise<{ body: Buffer; contentType: string } | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      const bytes = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
      return { body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType: object.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ContinuationToken: continuationToken }),
      );
      const objects = (page.Contents ?? []).flatMap(({ Key }) => (Key === undefined ? [] : [{ Key }]));
      if (objects.length > 0) {
        // A page holds at most 1,000 keys, which is also the most one DeleteObjects takes.
        const { Errors: errors = [] } = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: objects, Quiet: true } }));
        if (errors.length > 0) {
          const [first] = errors;
          throw new Error(`${this.description}: ${errors.length} objects under ${prefix} were not deleted (${first?.Key}: ${first?.Code} ${first?.Message})`);
        }
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  /** Writes and deletes a probe object: proves the endpoint, the credentials, the bucket and the right to write. */
  async check(): Promise<void> {
    const target = { Bucket: this.bucket, Key: this.prefix + PROBE_KEY };
    try {
      await this.client.send(new PutObjectCommand({ ...target, Body: Buffer.alloc(0) }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
      await this.client.send(new DeleteObjectCommand(target), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    } catch (error) {
      const reason = error instanceof Error ? error.message || error.name : String(error);
      throw new Error(`the media store (${this.description}) cannot be written: ${reason}`, { cause: error });
    }
  }
}

function withoutUserInfo(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    url.username = '';
    url.password = '';
    return url.href.replace(/\/$/, '');
  } catch {
    return 'an endpoint that is not a URL';
  }
}
