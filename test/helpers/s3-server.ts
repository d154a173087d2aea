import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

/** A request as s3rver received it, to see what the SDK sends. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
}

/** An S3-compatible server for the tests, with a bucket `media`; its objects are files under the directory it was given. */
export interface S3rver {
  endpoint: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

// s3rver 3.7.1 encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node 17
// and later) keeps in its legacy provider: without it, every truncated listing is a 500. So it
// runs in its own process, with that provider, and reports its port and each request it gets.
const S3RVER_PROCESS = `
const S3rver = require(process.argv[1]);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[2], configureBuckets: [{ name: 'media' }] });
server.run().then(({ port }) => {
  server.httpServer.on('request', (req) => console.log(JSON.stringify({ method: req.method, url: req.url, headers: req.headers })));
  console.log(JSON.stringify({ port }));
});
process.stdin.on('end', () => server.close().finally(() => process.exit(0))).resume();
`;

export async function startS3rver(directory: string): Promise<S3rver> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', S3RVER_PROCESS, createRequire(import.meta.url).resolve('s3rver'), directory], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const requests: RecordedRequest[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    void exited.then(([code]) => reject(new Error(`s3rver exited (${String(code)}) before listening`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as { port: number } | RecordedRequest;
      if ('port' in message) resolve(message.port);
      else requests.push(message);
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    stop: async () => {
      // Closing its stdin is how it is told to stop; it also stops if this process dies.
      child.stdin.end();
      await exited;
    },
  };
}
