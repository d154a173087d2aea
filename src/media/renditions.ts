import { createHash } from 'node:crypto';
import { isUuid } from '../common/validation/uuid.js';
import { cropFor, workingSize, type FocalPoint, type ImageMimeType, type RenditionFormat, type RenditionRatio } from './image-processing.js';

// What a rendition URL names, and the only renditions there are: a fixed ladder of widths,
// four ratios, three formats. Anything else is 404 before an image is looked at, so nobody
// can make the server resize at will.
//
//   /images/<image id>/<revision>/<ratio>-<width>.<jpg|webp|avif>
//   /images/<image id>/<revision>/<ratio>-<width>          the format the browser's Accept prefers
//
// The revision is a hash of what a rendition is made from (the kept original and the focal
// point): change either and every URL changes, so a rendition is cached for good.

export const WIDTHS = [320, 480, 640, 960, 1280, 1600, 1920, 2560] as const;
export const RATIOS = ['ORIGINAL', 'LANDSCAPE', 'PORTRAIT', 'SQUARE'] as const satisfies readonly RenditionRatio[];
export const FORMATS = ['JPEG', 'WEBP', 'AVIF'] as const satisfies readonly RenditionFormat[];

const EXTENSIONS: Record<RenditionFormat, string> = { JPEG: 'jpg', WEBP: 'webp', AVIF: 'avif' };
const FORMAT_OF_EXTENSION = new Map(Object.entries(EXTENSIONS).map(([format, ext]) => [ext, format as RenditionFormat]));
const CONTENT_TYPES: Record<RenditionFormat, string> = { JPEG: 'image/jpeg', WEBP: 'image/webp', AVIF: 'image/avif' };

/** The store's file extension of an original of each type. */
export const ORIGINAL_EXTENSIONS: Record<ImageMimeType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/gif': 'gif',
};

/** What names an image's renditions. */
export interface RenditionSource {
  id: string;
  contentHash: string;
  focalX: number;
  focalY: number;
  width: number;
}

export interface RenditionRequest {
  imageId: string;
  revision: string;
  ratio: RenditionRatio;
  width: number;
  /** Undefined: chosen from the request's Accept header. */
  format?: RenditionFormat;
}

/** The revision of an image's renditions: changes with its original and its focal point. */
export function revisionOf(image: Pick<RenditionSource, 'contentHash' | 'focalX' | 'focalY'>): string {
  return createHash('sha256').update(`${image.contentHash}:${image.focalX}:${image.focalY}`).digest('hex').slice(0, 16);
}

/** The ladder widths a picture (or crop) of this width can fill: the narrowest when it fills none. */
export function ladderFor(originalWidth: number): number[] {
  const fitting = WIDTHS.filter((width) => width <= originalWidth);
  return fitting.length > 0 ? fitting : [WIDTHS[0]];
}

/** The path of a rendition (without the base URL). */
export function renditionPath(image: RenditionSource, ratio: RenditionRatio, width: number, format?: RenditionFormat): string {
  const name = `${ratio.toLowerCase()}-${width}${format ? `.${EXTENSIONS[format]}` : ''}`;
  return `/images/${image.id}/${revisionOf(image)}/${name}`;
}

/** Reads a rendition URL's parts; null for anything that is not one (off the ladder included). */
export function parseRendition(imageId: string, revision: string, name: string): RenditionRequest | null {
  if (!isUuid(imageId) || imageId !== imageId.toLowerCase() || !/^[0-9a-f]{16}$/.test(revision)) return null;
  const match = /^(original|landscape|portrait|square)-(\d{3,4})(?:\.(jpg|webp|avif))?$/.exec(name);
  if (!match) return null;
  const width = Number(match[2]);
  if (!(WIDTHS as readonly number[]).includes(width)) return null;
  const format = match[3] === undefined ? undefined : FORMAT_OF_EXTENSION.get(match[3]);
  return { imageId, revision, ratio: match[1].toUpperCase() as RenditionRatio, width, format };
}

/** The format to send for an Accept header: AVIF, then WebP, where the browser takes them (q above 0); else JPEG. */
export function negotiateFormat(accept: string | undefined): RenditionFormat {
  const taken = new Set(
    (accept ?? '')
      .toLowerCase()
      .split(',')
      .map((part) => part.split(';').map((piece) => piece.trim()))
      .filter(([, ...params]) => !params.some((param) => /^q=0(\.0*)?$/.test(param)))
      .map(([type]) => type),
  );
  if (taken.has('image/avif')) return 'AVIF';
  if (taken.has('image/webp')) return 'WEBP';
  return 'JPEG';
}

/** The widths a rendition of this ratio can fill: the ladder up to its crop of the working copy. */
export function widthsFor(image: Pick<RenditionSource, 'width' | 'focalX' | 'focalY'> & { height: number }, ratio: RenditionRatio): number[] {
  return ladderFor(cropFor(workingSize(image), ratio, focalOf(image)).width);
}

export const contentTypeOf = (format: RenditionFormat) => CONTENT_TYPES[format];

/** Where the store keeps an image's original and its renditions. */
export const storeKeys = {
  original: (image: { id: string; contentHash: string; mimeType: string }) =>
    `originals/${image.id}/${image.contentHash}.${ORIGINAL_EXTENSIONS[image.mimeType as ImageMimeType] ?? 'bin'}`,
  /** The working copy renditions are made from (image-processing.ts, workingCopy). */
  working: (image: { id: string; contentHash: string }) => `working/${image.id}/${image.contentHash}.webp`,
  rendition: (request: Required<RenditionRequest>) =>
    `renditions/${request.imageId}/${request.revision}/${request.ratio.toLowerCase()}-${request.width}.${EXTENSIONS[request.format]}`,
  /** Everything kept of an image. */
  prefixes: (imageId: string) => [`originals/${imageId}/`, `working/${imageId}/`, `renditions/${imageId}/`],
};

export const focalOf = (image: { focalX: number; focalY: number }): FocalPoint => ({ x: image.focalX, y: image.focalY });
