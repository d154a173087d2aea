import { open, stat } from 'node:fs/promises';
import exifr from 'exifr';
import { fileTypeFromFile } from 'file-type';
import sharp, { type Metadata } from 'sharp';

// Pure image work for the pictures feature: what an upload is, the original as it is kept,
// and the renditions made from it. No Nest, no database: paths and buffers in, buffers out.

export type ImageMimeType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/avif' | 'image/gif';
/** ORIGINAL keeps the picture's own shape; the others are 16:9, 4:5 and 1:1. */
export type RenditionRatio = 'ORIGINAL' | 'LANDSCAPE' | 'PORTRAIT' | 'SQUARE';
export type RenditionFormat = 'JPEG' | 'WEBP' | 'AVIF';
/** A point of the picture, 0–1 from the left and from the top; (0.5, 0.5) is the centre. */
export interface FocalPoint {
  x: number;
  y: number;
}

/** A refusal of an uploaded file, with a reason a photo editor understands. */
export class ImageRefused extends Error {
  override readonly name = 'ImageRefused';
}

/** What an upload is, read from its bytes. */
export interface InspectedImage {
  /** Sniffed from the bytes, never from a name or a header. */
  mimeType: ImageMimeType;
  /** As displayed: after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** The photographer's own caption and credit, to pre-fill empty fields. */
  embedded: { caption?: string; credit?: string };
}

const ACCEPTED = 'upload a JPEG, PNG, WebP, AVIF or GIF';
const ACCEPTED_TYPES: ReadonlySet<string> = new Set<ImageMimeType>(['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif']);
const LABELS: Record<ImageMimeType, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/avif': 'AVIF',
  'image/gif': 'GIF',
};

/**
 * Reads only what is needed (a sniff of the first bytes, then the header through sharp: no
 * pixel is decoded) and refuses anything but JPEG, PNG, WebP, AVIF and GIF, and any image
 * over `maxPixels` by its header's dimensions (decompression bombs). Damage past the header
 * shows only when the pixels are decoded: normaliseOriginal refuses it the same way.
 */
export async function inspectImage(path: string, limits: { maxPixels: number }): Promise<InspectedImage> {
  if ((await stat(path)).size === 0) throw new ImageRefused(`the file is empty: ${ACCEPTED}`);
  const sniffed = await fileTypeFromFile(path);
  if (!sniffed || !ACCEPTED_TYPES.has(sniffed.mime)) {
    // file-type does not know SVG (it is XML text), yet it is what people try most after JPEG.
    if (await looksLikeSvg(path)) throw new ImageRefused(`SVG is not accepted: ${ACCEPTED}`);
    if (!sniffed) throw new ImageRefused(`the file is not an image: ${ACCEPTED}`);
    throw new ImageRefused(`${sniffed.ext === 'tif' ? 'TIFF' : sniffed.ext.toUpperCase()} is not accepted: ${ACCEPTED}`);
  }
  const mimeType = sniffed.mime as ImageMimeType;

  let header: Metadata;
  try {
    // The pixel limit is checked below, with a message that says it; sharp's own would say
    // only "Input image exceeds pixel limit".
    header = await sharp(path, { limitInputPixels: false }).metadata();
  } catch {
    throw damaged(mimeType);
  }
  // Two sniffers that disagree mean a file made to look like something it is not.
  if (header.mediaType !== mimeType) throw damaged(mimeType);
  assertWithinPixels(header.width, header.height, pixelLimitOf(mimeType, limits.maxPixels));

  return { mimeType, width: header.autoOrient.width, height: header.autoOrient.height, embedded: await embeddedText(header) };
}

/**
 * The original as it is kept: orientation applied, every metadata block removed (EXIF with
 * its GPS, serial numbers and owner names; IPTC; XMP) but the ICC colour profile, re-encoded
 * in its own format at high quality; a GIF (or any animation) keeps its first frame only.
 * Refuses, as ImageRefused, an image over `maxPixels` or whose pixels cannot be decoded.
 */
export async function normaliseOriginal(
  path: string,
  mimeType: ImageMimeType,
  limits: { maxPixels: number },
): Promise<{ body: Buffer; width: number; height: number }> {
  // failOn 'error': a truncated or corrupt file is refused, but not the many camera JPEGs
  // with a harmless libjpeg warning (extraneous bytes before a marker), which 'warning' would.
  const maxPixels = pixelLimitOf(mimeType, limits.maxPixels);
  const pipeline = sharp(path, { limitInputPixels: maxPixels, failOn: 'error', autoOrient: true }).keepIccProfile();
  switch (mimeType) {
    case 'image/jpeg':
      pipeline.jpeg({ quality: 90, chromaSubsampling: '4:4:4' });
      break;
    case 'image/png':
      pipeline.png();
      break;
    case 'image/webp':
      pipeline.webp({ quality: 90 });
      break;
    case 'image/avif':
      // Effort 0, as the uploader waits: even so a 24-megapixel AVIF took 10 s here (4 s of
      // it decoding); effort 4 took 7 s for one megapixel.
      pipeline.avif({ quality: 75, effort: 0 });
      break;
    case 'image/gif':
      pipeline.gif();
      break;
  }
  try {
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { body: data, width: info.width, height: info.height };
  } catch (error) {
    if (isSystemError(error)) throw error;
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      const header = await sharp(path, { limitInputPixels: false })
        .metadata()
        .catch(() => undefined);
      if (header) assertWithinPixels(header.width, header.height, maxPixels);
    }
    throw damaged(mimeType);
  }
}

const RATIOS: Record<Exclude<RenditionRatio, 'ORIGINAL'>, number> = { LANDSCAPE: 16 / 9, PORTRAIT: 4 / 5, SQUARE: 1 };

/**
 * The crop, in pixels, of the largest region of the ratio that fits the image, centred on
 * the focal point as far as the edges allow. ORIGINAL is the whole image.
 */
export function cropFor(
  size: { width: number; height: number },
  ratio: RenditionRatio,
  focal: FocalPoint,
): { left: number; top: number; width: number; height: number } {
  if (ratio === 'ORIGINAL') return { left: 0, top: 0, width: size.width, height: size.height };
  const wanted = RATIOS[ratio];
  const wider = size.width / size.height > wanted;
  const width = wider ? Math.max(1, Math.min(size.width, Math.round(size.height * wanted))) : size.width;
  const height = wider ? size.height : Math.max(1, Math.min(size.height, Math.round(size.width / wanted)));
  return {
    left: clamp(Math.round(unit(focal.x) * size.width - width / 2), 0, size.width - width),
    top: clamp(Math.round(unit(focal.y) * size.height - height / 2), 0, size.height - height),
    width,
    height,
  };
}

/**
 * The size of a rendition of an original of `size`: the crop for the ratio, scaled to
 * `width` but never enlarged past the crop's own width. What makeRendition makes, without
 * making it (for an `<img>`'s width and height).
 */
export function renditionSize(size: { width: number; height: number }, spec: { width: number; ratio: RenditionRatio }): { width: number; height: number } {
  const crop = cropFor(size, spec.ratio, { x: 0.5, y: 0.5 });
  const width = Math.max(1, Math.min(Math.round(spec.width), crop.width));
  return { width, height: Math.max(1, scaled(crop.height, width, crop.width)) };
}

// One formula for every length scaled from the crop to the rendition, so that the resized
// picture and the rendition's own size never disagree by a rounding.
function scaled(length: number, width: number, cropWidth: number): number {
  return Math.round((length * width) / cropWidth);
}

const CONTENT_TYPES: Record<RenditionFormat, string> = { JPEG: 'image/jpeg', WEBP: 'image/webp', AVIF: 'image/avif' };

/**
 * A rendition of a kept original: the crop for the ratio around the focal point, resized to
 * `width` (never enlarged past the crop's width), converted to sRGB and encoded in the
 * format with no metadata at all.
 */
export async function makeRendition(
  original: Buffer,
  spec: { width: number; ratio: RenditionRatio; format: RenditionFormat; focal: FocalPoint },
): Promise<{ body: Buffer; contentType: string; width: number; height: number }> {
  // The original passed the configured pixel limit at upload, which may be above sharp's default.
  const options = { limitInputPixels: false, autoOrient: true } as const;
  const { autoOrient: full } = await sharp(original, options).metadata();
  const crop = cropFor(full, spec.ratio, spec.focal);
  const out = renditionSize(full, spec);

  // Resize the whole picture first, then cut the scaled crop out of it: an extract before
  // the resize turns off JPEG/WebP shrink-on-load. From a 24-megapixel JPEG, a 640-wide
  // LANDSCAPE took 122 ms this way against 189 ms; a 1280-wide PORTRAIT, the same either way.
  const pipeline = sharp(original, options);
  if (out.width < crop.width) {
    const resized = { width: scaled(full.width, out.width, crop.width), height: scaled(full.height, out.width, crop.width) };
    pipeline.resize(resized.width, resized.height, { fit: 'fill' });
    if (resized.width !== out.width || resized.height !== out.height) {
      pipeline.extract({
        left: clamp(scaled(crop.left, out.width, crop.width), 0, resized.width - out.width),
        top: clamp(scaled(crop.top, out.width, crop.width), 0, resized.height - out.height),
        width: out.width,
        height: out.height,
      });
    }
  } else if (crop.width !== full.width || crop.height !== full.height) {
    pipeline.extract(crop);
  }

  // No withMetadata/keep*: sharp then converts from the original's ICC profile to sRGB and
  // writes none, so browsers show the colours right and nothing of the original leaks.
  switch (spec.format) {
    case 'JPEG':
      // JPEG has no transparency: a cut-out graphic would otherwise show black behind it.
      pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 80, progressive: true, mozjpeg: false });
      break;
    case 'WEBP':
      pipeline.webp({ quality: 80 });
      break;
    case 'AVIF':
      // Effort 0: at effort 1 the encoding alone of a 1280-wide picture took about 1 s here.
      pipeline.avif({ quality: 50, effort: 0 });
      break;
  }
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { body: data, contentType: CONTENT_TYPES[spec.format], width: info.width, height: info.height };
}

/**
 * AVIF cannot be decoded at a reduced size and decodes slowly: a 10,000 × 10,000 AVIF of 2 KB
 * took 30 s and half a gigabyte to keep. It has a lower limit than the configured one.
 */
export const AVIF_MAX_PIXELS = 30_000_000;

function pixelLimitOf(mimeType: ImageMimeType, maxPixels: number): number {
  return mimeType === 'image/avif' ? Math.min(maxPixels, AVIF_MAX_PIXELS) : maxPixels;
}

/** The longest side of a working copy (see workingCopy). */
export const WORKING_EDGE = 4096;

/**
 * The size of an original's working copy: the original shrunk to fit WORKING_EDGE, never
 * enlarged. What renditions are cut from, so what their widths are computed on.
 */
export function workingSize(size: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, WORKING_EDGE / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/**
 * The copy renditions are made from: the kept original shrunk to fit WORKING_EDGE, as a
 * high-quality WebP (which sharp can shrink while decoding, as it can JPEG and not AVIF or
 * PNG). A rendition then never decodes a 100-megapixel PNG or a slow AVIF: at most 16
 * megapixels of fast WebP.
 */
export async function workingCopy(original: Buffer): Promise<Buffer> {
  const size = workingSize((await sharp(original, { limitInputPixels: false, autoOrient: true }).metadata()).autoOrient);
  return sharp(original, { limitInputPixels: false, autoOrient: true }).resize(size.width, size.height, { fit: 'fill' }).webp({ quality: 90 }).toBuffer();
}

function assertWithinPixels(width: number, height: number, maxPixels: number): void {
  if (width * height <= maxPixels) return;
  const limit = maxPixels / 1e6;
  const megapixels = Number.isInteger(limit) ? String(limit) : limit.toFixed(1);
  throw new ImageRefused(`the image is ${width} × ${height} pixels, more than the limit of ${megapixels} megapixels`);
}

function damaged(mimeType: ImageMimeType): ImageRefused {
  return new ImageRefused(`the file is not the ${LABELS[mimeType]} image it says it is: it may be damaged or incomplete`);
}

// A failure to read the upload's own path is the server's problem, not the photo editor's.
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

async function looksLikeSvg(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return /^\s*</.test(head) && /<svg[\s>]/i.test(head);
  } finally {
    await file.close();
  }
}

// Captions run to a few paragraphs, credits to a name and an agency; anything longer is a
// tool's junk, not something to pre-fill a form with.
const CAPTION_MAX = 2000;
const CREDIT_MAX = 200;
// What cameras write into ImageDescription when nobody wrote a caption.
const CAMERA_DEFAULT_DESCRIPTION = /^(?:[\w -]*DIGITAL CAMERA|SONY DSC|DCIM\b.*|default|Picasa)$/i;

/**
 * The caption and credit a photographer or agency embedded. Credit: IPTC Credit (the agency
 * credit line), else its XMP form photoshop:Credit, else IPTC By-line, else XMP dc:creator,
 * else EXIF Artist. Caption: IPTC Caption-Abstract, else XMP dc:description, else EXIF
 * ImageDescription. Unreadable metadata is no reason to refuse a picture: it is skipped.
 */
async function embeddedText(header: Metadata): Promise<InspectedImage['embedded']> {
  const [iptc, xmp, tiff] = await Promise.all([
    parseBlock(header.iptc, 'iptc'),
    parseBlock(header.xmp, 'xmp'),
    // JPEG, WebP and AVIF carry EXIF behind an "Exif\0\0" marker; PNG carries the bare TIFF.
    parseBlock(header.exif?.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? header.exif.subarray(6) : header.exif, 'tiff'),
  ]);
  const xmpDc = field(xmp, 'dc');
  const artist = text(field(tiff, 'Artist'));
  const description = text(field(tiff, 'ImageDescription'));
  const credit = first(
    [iptcText(field(iptc, 'Credit')), text(field(field(xmp, 'photoshop'), 'Credit')), iptcText(field(iptc, 'Byline')), text(field(xmpDc, 'creator')), artist],
    CREDIT_MAX,
  );
  const caption = first(
    [
      iptcText(field(iptc, 'Caption')),
      text(field(xmpDc, 'description')),
      description && !CAMERA_DEFAULT_DESCRIPTION.test(description.trim()) ? description : undefined,
    ],
    CAPTION_MAX,
  );
  return { ...(caption !== undefined && { caption }), ...(credit !== undefined && { credit }) };
}

async function parseBlock(block: Buffer | undefined, type: 'iptc' | 'xmp' | 'tiff'): Promise<unknown> {
  if (!block || block.length === 0) return undefined;
  try {
    return await exifr.sidecar(block, type === 'tiff' ? { tiff: true, ifd0: {}, exif: false, gps: false, interop: false, ifd1: false } : {}, type);
  } catch {
    return undefined;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** A text value as exifr gives it: a string, a list (several creators), or XMP language alternatives. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const alternatives = value.filter((item) => typeof item === 'object' && item !== null && 'lang' in item);
    if (alternatives.length > 0) return text(alternatives.find((item) => field(item, 'lang') === 'x-default') ?? alternatives[0]);
    const parts = value.map(text).filter((part): part is string => part !== undefined && part.trim() !== '');
    return parts.length > 0 ? parts.join(', ') : undefined;
  }
  return typeof field(value, 'value') === 'string' ? (field(value, 'value') as string) : undefined;
}

// exifr reads IPTC strings as Latin-1, but today's tools write UTF-8: bytes that make valid
// UTF-8 are taken as UTF-8 (Latin-1 text almost never does), the rest stay Latin-1.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
function iptcText(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  try {
    return strictUtf8.decode(Buffer.from(raw, 'latin1'));
  } catch {
    return raw;
  }
}

function first(candidates: (string | undefined)[], max: number): string | undefined {
  for (const candidate of candidates) {
    const cleaned = candidate === undefined ? '' : clean(candidate, max);
    if (cleaned !== '') return cleaned;
  }
  return undefined;
}

function clean(value: string, max: number): string {
  // EXIF pads with NULs and spaces; control characters would only break the form.
  const tidy = value
    .replace(/\r\n?/g, '\n')
    .replace(/(?!\n)\p{Cc}/gu, ' ')
    .trim();
  const points = Array.from(tidy);
  return points.length > max ? points.slice(0, max).join('').trimEnd() : tidy;
}

function unit(value: number): number {
  return Number.isFinite(value) ? clamp(value, 0, 1) : 0.5;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
