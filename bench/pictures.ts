import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import sharp from 'sharp';
import { makeRendition } from '../src/media/image-processing.js';
import { renditionPath, storeKeys } from '../src/media/renditions.js';
import { createMediaStore } from '../src/media/store/media-store.js';

// The pictures part of the benchmark: how long making a rendition of a big photograph takes,
// and a picture in the API's media store for the rendition scenario (served at
// `/images/...` from what the API keeps, after the first request made it).

/** A 24-megapixel JPEG (6000 × 4000) as a camera writes one: detailed (noise), quality 90. */
export async function cameraPhoto(): Promise<Buffer> {
  const width = 6000;
  const height = 4000;
  const noise = Buffer.alloc(width * height * 3);
  let seed = 42;
  for (let i = 0; i < noise.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    noise[i] = (seed >> 16) & 0xff;
  }
  return sharp(noise, { raw: { width, height, channels: 3 } })
    .blur(1.2)
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Milliseconds to make a 1280-wide WebP of the photograph, each of `runs` times. */
export async function resizeTimes(photo: Buffer, runs = 5): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await makeRendition(photo, { width: 1280, ratio: 'ORIGINAL', format: 'WEBP', focal: { x: 0.5, y: 0.5 } });
    times.push(Math.round(performance.now() - start));
  }
  return times;
}

export const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Puts the photograph in the file media store under `dataDir` (as an API started with that
 * DATA_DIR keeps it) and records it in the publication's library; returns the path of its
 * 640-wide landscape WebP rendition.
 */
export async function libraryPicture(databaseUrl: string, dataDir: string, publicationId: string, photo: Buffer): Promise<string> {
  const meta = await sharp(photo).metadata();
  const image = {
    id: randomUUID(),
    contentHash: createHash('sha256').update(photo).digest('hex'),
    mimeType: 'image/jpeg',
    width: meta.width,
    height: meta.height,
    focalX: 0.5,
    focalY: 0.5,
  };
  await createMediaStore({ store: 'file', dataDir }).put(storeKeys.original(image), photo, image.mimeType);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO images (id, publication_id, mime_type, width, height, bytes, content_hash, caption, credit, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'A benchmark photograph', 'Bench', now())`,
      [image.id, publicationId, image.mimeType, image.width, image.height, photo.length, image.contentHash],
    );
  } finally {
    await client.end();
  }
  return renditionPath(image, 'LANDSCAPE', 640, 'WEBP');
}

/** Takes the benchmark's picture out of the library again. */
export async function removePicture(databaseUrl: string, id: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DELETE FROM images WHERE id = $1', [id]);
  } finally {
    await client.end();
  }
}
