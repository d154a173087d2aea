import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { storeKeys } from '../src/media/renditions.js';
import type { MediaStore } from '../src/media/store/media-store.js';
import { DEMO_PUBLICATION } from './demo-data.js';

// Lead pictures for the demo stories, so that a first `npm start` shows a front page with
// pictures. Drawn here (abstract shapes in each section's colour: no font is needed, and no
// photograph's rights are borrowed), kept in the media store like any upload, and used by
// the stories as their lead picture with a caption and a credit.

const SECTION_COLOURS: Record<string, [string, string]> = {
  bangladesh: ['#0b6e4f', '#c8e6c9'],
  dhaka: ['#8d2b0b', '#ffccbc'],
  business: ['#0d47a1', '#bbdefb'],
  world: ['#4a148c', '#e1bee7'],
  sports: ['#e65100', '#ffe0b2'],
  opinion: ['#263238', '#cfd8dc'],
  editorial: ['#3e2723', '#d7ccc8'],
};

/** A 1600 × 900 picture for a story, the same for the same story. */
async function drawPicture(seed: string, section: string): Promise<Buffer> {
  const [dark, light] = SECTION_COLOURS[section] ?? ['#37474f', '#eceff1'];
  const hash = createHash('sha256').update(seed).digest();
  const shapes = Array.from({ length: 7 }, (_, i) => {
    const x = (hash[i * 4] / 255) * 1600;
    const y = (hash[i * 4 + 1] / 255) * 900;
    const r = 60 + (hash[i * 4 + 2] / 255) * 260;
    const opacity = (0.15 + (hash[i * 4 + 3] / 255) * 0.45).toFixed(2);
    return `<circle cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" r="${r.toFixed(0)}" fill="${i % 2 ? light : '#ffffff'}" fill-opacity="${opacity}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${dark}"/><stop offset="1" stop-color="${light}"/></linearGradient></defs>
    <rect width="1600" height="900" fill="url(#g)"/>${shapes}
    <rect x="0" y="780" width="1600" height="120" fill="#000000" fill-opacity="0.25"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

/** Gives every demo story without a lead picture one; returns how many it gave. */
export async function loadDemoPictures(prisma: PrismaClient, store: MediaStore): Promise<number> {
  const publication = await prisma.publication.findUnique({ where: { slug: DEMO_PUBLICATION } });
  if (!publication) return 0;
  const stories = await prisma.article.findMany({
    where: { publicationId: publication.id, images: { none: { position: 0 } } },
    select: { id: true, slug: true, headline: true, section: { select: { slug: true, name: true } } },
    orderBy: { publishedAt: 'desc' },
  });
  let given = 0;
  for (const story of stories) {
    const body = await drawPicture(story.slug, story.section.slug);
    const id = randomUUID();
    const contentHash = createHash('sha256').update(body).digest('hex');
    given += await prisma.$transaction(async (tx) => {
      // Two instances starting on one empty database: the story's row decides who draws.
      await tx.$queryRaw`SELECT id FROM articles WHERE id = ${story.id}::uuid FOR UPDATE`;
      if (await tx.articleImage.findUnique({ where: { articleId_position: { articleId: story.id, position: 0 } } })) return 0;
      await tx.image.create({
        data: {
          id,
          publicationId: publication.id,
          mimeType: 'image/jpeg',
          width: 1600,
          height: 900,
          bytes: body.length,
          contentHash,
          alt: `An abstract illustration in the colours of ${story.section.name}`,
          caption: `Illustration for “${story.headline}”`,
          credit: 'Newsroom demo artwork',
        },
      });
      await tx.articleImage.create({ data: { articleId: story.id, position: 0, imageId: id } });
      await store.put(storeKeys.original({ id, contentHash, mimeType: 'image/jpeg' }), body, 'image/jpeg');
      return 1;
    });
  }
  return given;
}
