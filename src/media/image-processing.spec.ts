import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp, { type Create, type Sharp } from 'sharp';
import {
  cropFor,
  ImageRefused,
  inspectImage,
  makeRendition,
  normaliseOriginal,
  renditionSize,
  type ImageMimeType,
  type RenditionFormat,
} from './image-processing.js';
import { PHOTO_SECRETS as SECRETS, REVEALING_EXIF, bombPng } from '../../test/factories/pictures.js';

// Test pictures are made with sharp itself, small, in a throwaway folder.

const LIMITS = { maxPixels: 100_000_000 };
type Format = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';
const ACCEPTED: [Format, ImageMimeType][] = [
  ['jpeg', 'image/jpeg'],
  ['png', 'image/png'],
  ['webp', 'image/webp'],
  ['avif', 'image/avif'],
  ['gif', 'image/gif'],
];

// What a source-protection leak would be: who took it, with which camera, where.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'image-processing-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function saved(name: string, body: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, body);
  return path;
}

function plain(width: number, height: number, background: Create['background'] = '#3070b0'): Sharp {
  return sharp({ create: { width, height, channels: 3, background } });
}

/** Left half red, right half blue: shows which part of a picture a crop or a rotation kept. */
function halves(width: number, height: number): Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set(x < width / 2 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

async function colourAt(body: Buffer, x: number, y: number): Promise<'red' | 'blue' | 'other'> {
  const { data, info } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  if (data[i] > 200 && data[i + 2] < 60) return 'red';
  if (data[i] < 60 && data[i + 2] > 200) return 'blue';
  return 'other';
}

/** A JPEG APP13 segment holding IPTC datasets (record 2), in UTF-8 unless told otherwise. */
function iptcSegment(datasets: [number, string][], encoding: BufferEncoding = 'utf8'): Buffer {
  const records = datasets.map(([tag, value]) => {
    const bytes = Buffer.from(value, encoding);
    return Buffer.concat([Buffer.from([0x1c, 0x02, tag, bytes.length >> 8, bytes.length & 0xff]), bytes]);
  });
  const iptc = Buffer.concat(records);
  const resource = Buffer.concat([Buffer.from('8BIM\x04\x04\0\0', 'latin1'), Buffer.alloc(4), iptc, Buffer.alloc(iptc.length % 2)]);
  resource.writeUInt32BE(iptc.length, 8);
  const payload = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource]);
  const segment = Buffer.concat([Buffer.from([0xff, 0xed, 0, 0]), payload]);
  segment.writeUInt16BE(payload.length + 2, 2);
  return segment;
}

function withIptc(jpeg: Buffer, datasets: [number, string][], encoding?: BufferEncoding): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), iptcSegment(datasets, encoding), jpeg.subarray(2)]);
}
const IPTC = { byline: 80, credit: 110, caption: 120 };

function xmpPacket(fields: { creators?: string[]; description?: string; photoshopCredit?: string }): string {
  const creators = fields.creators ? `<dc:creator><rdf:Seq>${fields.creators.map((c) => `<rdf:li>${c}</rdf:li>`).join('')}</rdf:Seq></dc:creator>` : '';
  const description = fields.description
    ? `<dc:description><rdf:Alt><rdf:li xml:lang="de">Anders</rdf:li><rdf:li xml:lang="x-default">${fields.description}</rdf:li></rdf:Alt></dc:description>`
    : '';
  const credit = fields.photoshopCredit ? ` photoshop:Credit="${fields.photoshopCredit}"` : '';
  return (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"${credit}>` +
    `${creators}${description}</rdf:Description></rdf:RDF></x:xmpmeta>`
  );
}

/** Everything a reader could find of the photographer in a file: metadata blocks, tags, raw bytes. */
async function traces(body: Buffer) {
  const header = await sharp(body).metadata();
  // exifr reads JPEG, PNG and AVIF files but not WebP or GIF: for those the blocks sharp
  // finds (none, if all is well) are what there is to read.
  const parsed = (
    ['jpeg', 'png', 'heif'].includes(header.format)
      ? await exifr.parse(body, { tiff: true, ifd1: true, exif: true, gps: true, interop: true, iptc: true, xmp: true, makerNote: true, userComment: true })
      : undefined
  ) as Record<string, unknown> | undefined;
  return {
    blocks: { exif: header.exif !== undefined, iptc: header.iptc !== undefined, xmp: header.xmp !== undefined },
    orientation: header.orientation,
    tags: {
      latitude: parsed?.latitude,
      gps: parsed?.GPSLatitude,
      serial: parsed?.SerialNumber ?? parsed?.BodySerialNumber,
      owner: parsed?.OwnerName ?? parsed?.CameraOwnerName,
      artist: parsed?.Artist,
    },
    bytes: Object.values(SECRETS).filter((secret) => body.includes(secret)),
  };
}
const NO_TRACES = {
  blocks: { exif: false, iptc: false, xmp: false },
  orientation: undefined,
  tags: { latitude: undefined, gps: undefined, serial: undefined, owner: undefined, artist: undefined },
  bytes: [],
};

async function refusal(run: () => Promise<unknown>): Promise<ImageRefused> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImageRefused);
  return error as ImageRefused;
}

describe('inspectImage', () => {
  it.each(ACCEPTED)('knows a %s by its bytes, whatever the file is called', async (format, mimeType) => {
    const path = await saved(`${format}.txt`, await plain(48, 32).toFormat(format).toBuffer());

    expect(await inspectImage(path, LIMITS)).toEqual({ mimeType, width: 48, height: 32, embedded: {} });
  });

  it.each([
    [
      'an SVG',
      'drawing.svg',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>',
      /^SVG is not accepted: upload a JPEG, PNG, WebP, AVIF or GIF$/,
    ],
    ['an SVG without an XML declaration', 'drawing.png', '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>', /^SVG is not accepted/],
    ['a text file named .jpg', 'photo.jpg', 'Council meeting notes, not a photograph', /^the file is not an image: upload a JPEG/],
    ['an empty file', 'empty.jpg', '', /^the file is empty/],
    [
      'garbage behind a JPEG signature',
      'garbage.jpg',
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(400, 0x5a)]),
      /not the JPEG image it says it is/,
    ],
  ])('refuses %s', async (_name, fileName, body, reason) => {
    const path = await saved(fileName, body);

    expect((await refusal(() => inspectImage(path, LIMITS))).message).toMatch(reason);
  });

  it('refuses a format it does not take, by name', async () => {
    const path = await saved('scan.jpg', await plain(16, 16).tiff().toBuffer());

    expect((await refusal(() => inspectImage(path, LIMITS))).message).toBe('TIFF is not accepted: upload a JPEG, PNG, WebP, AVIF or GIF');
  });

  it('refuses a 30,000 × 30,000 PNG from its header, before any pixel is decoded', async () => {
    const path = await saved('bomb.png', bombPng(30_000, 30_000));

    const refused = await refusal(() => inspectImage(path, LIMITS));
    expect(refused.message).toBe('the image is 30000 × 30000 pixels, more than the limit of 100 megapixels');
    // normaliseOriginal, called on its own, holds the same line through sharp's limit.
    expect((await refusal(() => normaliseOriginal(path, 'image/png', LIMITS))).message).toBe(refused.message);
  });

  it('refuses a JPEG cut short, at the latest when its pixels are decoded', async () => {
    const whole = await plain(200, 150).jpeg().toBuffer();
    const path = await saved('cut.jpg', whole.subarray(0, Math.floor(whole.length / 2)));

    const refused = await refusal(async () => normaliseOriginal(path, (await inspectImage(path, LIMITS)).mimeType, LIMITS));
    expect(refused.message).toMatch(/damaged or incomplete/);
  });

  it('accepts a JPEG with a harmless libjpeg warning, as many cameras write them', async () => {
    const jpeg = await plain(64, 64).jpeg().toBuffer();
    const scan = jpeg.indexOf(Buffer.from([0xff, 0xda]));
    // "Corrupt JPEG data: 4 extraneous bytes before marker 0xda": decoded fine all the same.
    const path = await saved('camera.jpg', Buffer.concat([jpeg.subarray(0, scan), Buffer.from([1, 2, 3, 4]), jpeg.subarray(scan)]));

    expect(await normaliseOriginal(path, (await inspectImage(path, LIMITS)).mimeType, LIMITS)).toMatchObject({ width: 64, height: 64 });
  });

  it('reports the size as displayed: a portrait taken with the camera turned (EXIF orientation 6)', async () => {
    const path = await saved('turned.jpg', await plain(300, 200).withMetadata({ orientation: 6 }).jpeg().toBuffer());

    expect(await inspectImage(path, LIMITS)).toMatchObject({ width: 200, height: 300 });
  });

  describe('embedded caption and credit', () => {
    async function embedded(body: Buffer, name = 'embedded.jpg') {
      return (await inspectImage(await saved(name, body), LIMITS)).embedded;
    }

    it('prefers IPTC: Caption-Abstract and Credit, written in UTF-8', async () => {
      const jpeg = await plain(40, 30)
        .withExif({ IFD0: { Artist: 'Exif Artist', ImageDescription: 'Exif description' } })
        .withXmp(xmpPacket({ creators: ['Xmp Creator'], description: 'Xmp description', photoshopCredit: 'Xmp Credit' }))
        .jpeg()
        .toBuffer();
      const tagged = withIptc(jpeg, [
        [IPTC.caption, 'Incendie à Zürich : les pompiers sur place'],
        [IPTC.credit, 'Agence Reuters'],
        [IPTC.byline, 'Jean Dupont'],
      ]);

      expect(await embedded(tagged)).toEqual({ caption: 'Incendie à Zürich : les pompiers sur place', credit: 'Agence Reuters' });
    });

    it('reads IPTC written in Latin-1 too', async () => {
      const tagged = withIptc(await plain(40, 30).jpeg().toBuffer(), [[IPTC.caption, 'Café in Zürich']], 'latin1');

      expect(await embedded(tagged)).toEqual({ caption: 'Café in Zürich' });
    });

    it('takes the IPTC By-line as credit when there is no Credit', async () => {
      const tagged = withIptc(
        await plain(40, 30)
          .withExif({ IFD0: { Artist: 'Exif Artist' } })
          .jpeg()
          .toBuffer(),
        [[IPTC.byline, 'Jean Dupont']],
      );

      expect(await embedded(tagged)).toEqual({ credit: 'Jean Dupont' });
    });

    it('falls back to XMP: photoshop:Credit, then dc:creator; dc:description in its default language', async () => {
      const exif = { IFD0: { Artist: 'Exif Artist', ImageDescription: 'Exif description' } };
      const withCredit = await plain(40, 30)
        .withExif(exif)
        .withXmp(xmpPacket({ creators: ['Ann Lee'], description: 'Demonstrators outside the town hall', photoshopCredit: 'Lee Photo' }))
        .webp()
        .toBuffer();
      const withCreators = await plain(40, 30)
        .withExif(exif)
        .withXmp(xmpPacket({ creators: ['Ann Lee', 'Bo Chen'] }))
        .png()
        .toBuffer();

      expect(await embedded(withCredit, 'xmp.webp')).toEqual({ caption: 'Demonstrators outside the town hall', credit: 'Lee Photo' });
      expect(await embedded(withCreators, 'xmp.png')).toEqual({ caption: 'Exif description', credit: 'Ann Lee, Bo Chen' });
    });

    it.each(['jpeg', 'png', 'webp', 'avif'] as const)('falls back to EXIF Artist and ImageDescription in a %s', async (format) => {
      const body = await plain(40, 30)
        .withExif({ IFD0: { Artist: '  Kim Park  ', ImageDescription: 'Harbour at dawn' } })
        .toFormat(format)
        .toBuffer();

      expect(await embedded(body, `exif.${format}`)).toEqual({ caption: 'Harbour at dawn', credit: 'Kim Park' });
    });

    it('leaves out blanks and what cameras write when nobody wrote a caption', async () => {
      const body = await plain(40, 30)
        .withExif({ IFD0: { Artist: '    ', ImageDescription: 'OLYMPUS DIGITAL CAMERA' } })
        .jpeg()
        .toBuffer();

      expect(await embedded(body)).toEqual({});
    });

    it('cuts an endless caption to 2,000 characters', async () => {
      const tagged = withIptc(await plain(40, 30).jpeg().toBuffer(), [[IPTC.caption, 'é'.repeat(5000)]]);

      expect((await embedded(tagged)).caption).toBe('é'.repeat(2000));
    });
  });
});

describe('normaliseOriginal', () => {
  it('applies the EXIF orientation and keeps no orientation tag', async () => {
    // Orientation 6: the camera was turned clockwise; shown upright, the left side is on top.
    const path = await saved('turned.jpg', await halves(300, 200).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer());

    const kept = await normaliseOriginal(path, 'image/jpeg', LIMITS);

    expect(kept).toMatchObject({ width: 200, height: 300 });
    const header = await sharp(kept.body).metadata();
    expect(header).toMatchObject({ width: 200, height: 300 });
    expect(header.orientation).toBeUndefined();
    expect(await exifr.orientation(kept.body)).toBeUndefined();
    expect([await colourAt(kept.body, 100, 10), await colourAt(kept.body, 100, 290)]).toEqual(['red', 'blue']);
  });

  it.each(['jpeg', 'png', 'webp', 'avif'] as const)('removes GPS, serial numbers, owner and artist from a %s', async (format) => {
    const input = await plain(64, 48)
      .withExif(REVEALING_EXIF)
      .withXmp(xmpPacket({ creators: [SECRETS.artist] }))
      .toFormat(format)
      .toBuffer();
    const path = await saved(`revealing.${format}`, input);

    const kept = await normaliseOriginal(path, `image/${format}`, LIMITS);

    // The input does carry them: the check below cannot pass by reading nothing.
    expect(await traces(input)).toMatchObject({ blocks: { exif: true, xmp: true }, bytes: Object.values(SECRETS) });
    expect(await traces(kept.body)).toEqual(NO_TRACES);
    expect((await sharp(kept.body).metadata()).format).toBe(format === 'avif' ? 'heif' : format);
  });

  it('removes IPTC from a JPEG', async () => {
    const path = await saved('iptc.jpg', withIptc(await plain(40, 30).jpeg().toBuffer(), [[IPTC.byline, SECRETS.artist]]));

    const kept = await normaliseOriginal(path, 'image/jpeg', LIMITS);

    expect((await traces(kept.body)).blocks.iptc).toBe(false);
    expect(kept.body.includes(SECRETS.artist)).toBe(false);
  });

  it('keeps the ICC colour profile, and the pixels in its colour space', async () => {
    const input = await plain(40, 30, { r: 200, g: 30, b: 60 }).withIccProfile('p3').jpeg({ quality: 100 }).toBuffer();
    const path = await saved('p3.jpg', input);
    const stored = async (body: Buffer) => [...(await sharp(body, { ignoreIcc: true }).raw().toBuffer()).subarray(0, 3)];

    const kept = await normaliseOriginal(path, 'image/jpeg', LIMITS);

    expect((await sharp(kept.body).metadata()).icc).toEqual((await sharp(input).metadata()).icc);
    const [before, after] = [await stored(input), await stored(kept.body)];
    after.forEach((value, channel) => expect(Math.abs(value - before[channel])).toBeLessThanOrEqual(2));
  });

  it('keeps only the first frame of an animated GIF', async () => {
    const frame = (colour: string) => plain(40, 20, colour).png().toBuffer();
    const animated = await sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const path = await saved('animated.gif', animated);

    const kept = await normaliseOriginal(path, 'image/gif', LIMITS);

    expect(kept).toMatchObject({ width: 40, height: 20 });
    expect(await sharp(kept.body).metadata()).toMatchObject({ format: 'gif', pages: 1, width: 40, height: 20 });
    expect(await colourAt(kept.body, 20, 10)).toBe('red');
  });
});

describe('cropFor', () => {
  const centre = { x: 0.5, y: 0.5 };

  it.each([
    ['ORIGINAL', { width: 6000, height: 4000 }, centre, { left: 0, top: 0, width: 6000, height: 4000 }],
    ['LANDSCAPE', { width: 6000, height: 4000 }, centre, { left: 0, top: 313, width: 6000, height: 3375 }],
    ['PORTRAIT', { width: 6000, height: 4000 }, centre, { left: 1400, top: 0, width: 3200, height: 4000 }],
    ['SQUARE', { width: 6000, height: 4000 }, centre, { left: 1000, top: 0, width: 4000, height: 4000 }],
    ['LANDSCAPE', { width: 1920, height: 1080 }, centre, { left: 0, top: 0, width: 1920, height: 1080 }],
    ['PORTRAIT', { width: 1000, height: 2000 }, centre, { left: 0, top: 375, width: 1000, height: 1250 }],
    ['SQUARE', { width: 1000, height: 2000 }, { x: 0.5, y: 0.1 }, { left: 0, top: 0, width: 1000, height: 1000 }],
  ] as const)('crops %s of %j around %j', (ratio, size, focal, crop) => {
    expect(cropFor(size, ratio, focal)).toEqual(crop);
  });

  it.each([
    ['top left', { x: 0, y: 0 }, { left: 0, top: 0 }],
    ['top right', { x: 1, y: 0 }, { left: 2800, top: 0 }],
    ['bottom left', { x: 0, y: 1 }, { left: 0, top: 0 }],
    ['bottom right', { x: 1, y: 1 }, { left: 2800, top: 0 }],
    ['off the picture', { x: -3, y: 7 }, { left: 0, top: 0 }],
    ['near the right edge', { x: 0.9, y: 0.5 }, { left: 2800, top: 0 }],
    ['a third across', { x: 1 / 3, y: 0.5 }, { left: 400, top: 0 }],
  ])('keeps the crop inside the picture for a focal point %s', (_name, focal, corner) => {
    expect(cropFor({ width: 6000, height: 4000 }, 'PORTRAIT', focal)).toEqual({ ...corner, width: 3200, height: 4000 });
  });

  it('moves a landscape crop of a tall picture down to a low focal point, as far as the edge', () => {
    expect(cropFor({ width: 2000, height: 3000 }, 'LANDSCAPE', { x: 0.5, y: 0.8 })).toEqual({ left: 0, top: 1838, width: 2000, height: 1125 });
    expect(cropFor({ width: 2000, height: 3000 }, 'LANDSCAPE', { x: 0.5, y: 1 })).toEqual({ left: 0, top: 1875, width: 2000, height: 1125 });
  });

  it.each([
    ['LANDSCAPE', 16 / 9],
    ['PORTRAIT', 4 / 5],
    ['SQUARE', 1],
  ] as const)('makes the largest %s crop that fits, within a pixel of the ratio', (ratio, wanted) => {
    for (const size of [
      { width: 6000, height: 4000 },
      { width: 4000, height: 6000 },
      { width: 1001, height: 999 },
      { width: 333, height: 2000 },
      { width: 2000, height: 333 },
      { width: 1, height: 1 },
    ]) {
      for (const focal of [
        { x: 0, y: 0 },
        { x: 0.5, y: 0.5 },
        { x: 1, y: 1 },
      ]) {
        const crop = cropFor(size, ratio, focal);
        expect(crop.left).toBeGreaterThanOrEqual(0);
        expect(crop.top).toBeGreaterThanOrEqual(0);
        expect(crop.left + crop.width).toBeLessThanOrEqual(size.width);
        expect(crop.top + crop.height).toBeLessThanOrEqual(size.height);
        // One side is the picture's own: nothing larger would fit.
        expect(crop.width === size.width || crop.height === size.height).toBe(true);
        expect(Math.abs(crop.width - crop.height * wanted)).toBeLessThanOrEqual(Math.max(1, wanted));
      }
    }
  });
});

describe('makeRendition', () => {
  let original: Buffer;
  beforeAll(async () => {
    original = await halves(1200, 800).jpeg({ quality: 90 }).toBuffer();
  });

  it.each([
    ['JPEG', 640, 'LANDSCAPE', 'image/jpeg', 'jpeg', 640, 360],
    ['WEBP', 640, 'LANDSCAPE', 'image/webp', 'webp', 640, 360],
    ['AVIF', 640, 'LANDSCAPE', 'image/avif', 'heif', 640, 360],
    ['WEBP', 320, 'ORIGINAL', 'image/webp', 'webp', 320, 213],
    ['JPEG', 480, 'PORTRAIT', 'image/jpeg', 'jpeg', 480, 600],
    ['AVIF', 320, 'SQUARE', 'image/avif', 'heif', 320, 320],
  ] as const)('makes a %s %i wide %s', async (format, width, ratio, contentType, decoder, outWidth, outHeight) => {
    const made = await makeRendition(original, { width, ratio, format, focal: { x: 0.5, y: 0.5 } });

    expect(made).toMatchObject({ contentType, width: outWidth, height: outHeight });
    expect(await sharp(made.body).metadata()).toMatchObject({ format: decoder, width: outWidth, height: outHeight });
    expect(renditionSize({ width: 1200, height: 800 }, { width, ratio })).toEqual({ width: outWidth, height: outHeight });
  });

  it.each([
    ['ORIGINAL', 1200, 800],
    ['LANDSCAPE', 1200, 675],
    ['PORTRAIT', 640, 800],
    ['SQUARE', 800, 800],
  ] as const)('never enlarges: a 2560 wide %s of a 1200 × 800 picture is the crop itself', async (ratio, width, height) => {
    const made = await makeRendition(original, { width: 2560, ratio, format: 'WEBP', focal: { x: 0.5, y: 0.5 } });

    expect(made).toMatchObject({ width, height });
    expect(await sharp(made.body).metadata()).toMatchObject({ width, height });
  });

  it('cuts the crop around the focal point, resized or not', async () => {
    for (const width of [320, 800]) {
      const middle = Math.floor(width / 2);
      // A square of the 1200 × 800 picture centred as far left as it goes is centred on red, as far right on blue.
      const onTheLeft = await makeRendition(original, { width, ratio: 'SQUARE', format: 'JPEG', focal: { x: 0, y: 0.5 } });
      const onTheRight = await makeRendition(original, { width, ratio: 'SQUARE', format: 'JPEG', focal: { x: 1, y: 0.5 } });
      expect([await colourAt(onTheLeft.body, middle, middle), await colourAt(onTheRight.body, middle, middle)]).toEqual(['red', 'blue']);
    }
  });

  it.each(['JPEG', 'WEBP', 'AVIF'] as const)('carries no metadata into a %s, even from an original that kept some', async (format: RenditionFormat) => {
    const revealing = withIptc(
      await plain(400, 300)
        .withExif(REVEALING_EXIF)
        .withXmp(xmpPacket({ creators: [SECRETS.artist] }))
        .withIccProfile('p3')
        .jpeg()
        .toBuffer(),
      [[IPTC.byline, SECRETS.artist]],
    );
    expect((await traces(revealing)).tags.latitude).toBeCloseTo(51.5072);

    for (const ratio of ['ORIGINAL', 'LANDSCAPE'] as const) {
      const made = await makeRendition(revealing, { width: 320, ratio, format, focal: { x: 0.5, y: 0.5 } });
      expect(await traces(made.body)).toEqual(NO_TRACES);
      // Converted to sRGB, which browsers assume of an untagged picture.
      expect((await sharp(made.body).metadata()).hasProfile).toBe(false);
    }
  });

  it('puts a transparent picture on white in a JPEG', async () => {
    const cutOut = await sharp({ create: { width: 400, height: 400, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();

    const made = await makeRendition(cutOut, { width: 320, ratio: 'SQUARE', format: 'JPEG', focal: { x: 0.5, y: 0.5 } });

    const { data } = await sharp(made.body).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('renders every kept format, the first frame of a GIF included', async () => {
    for (const [format, mimeType] of ACCEPTED) {
      const kept = await normaliseOriginal(await saved(`kept.${format}`, await plain(300, 200).toFormat(format).toBuffer()), mimeType, LIMITS);
      const made = await makeRendition(kept.body, { width: 160, ratio: 'SQUARE', format: 'WEBP', focal: { x: 0.5, y: 0.5 } });
      expect(made).toMatchObject({ width: 160, height: 160 });
    }
  });
});
