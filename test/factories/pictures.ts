import { crc32, deflateSync } from 'node:zlib';
import exifr from 'exifr';
import sharp, { type Exif } from 'sharp';

// Test pictures, made here rather than shipped: a photograph with everything a source
// protection leak would be (where, with which camera, whose), and the files an upload must
// refuse.

/** What the photograph's metadata gives away. */
export const PHOTO_SECRETS = { artist: 'Jane Snapper', serial: 'SN-4417-XK', owner: 'Jane Owner', lensSerial: 'LENS-99812' };

export const REVEALING_EXIF: Exif = {
  IFD0: { Artist: PHOTO_SECRETS.artist, ImageDescription: 'Flood in the high street', Copyright: 'Snapper Agency', Make: 'Canon', Model: 'EOS R5' },
  IFD2: { BodySerialNumber: PHOTO_SECRETS.serial, CameraOwnerName: PHOTO_SECRETS.owner, LensSerialNumber: PHOTO_SECRETS.lensSerial },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 2600/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 3900/100' },
};

/** A JPEG photograph (a gradient, so it compresses like one) with GPS, serial numbers and owner in its EXIF. */
export async function revealingPhoto(width = 1600, height = 1200): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d4e89"/><stop offset="1" stop-color="#f0c27b"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#g)"/><circle cx="${width / 3}" cy="${height / 2}" r="${height / 4}" fill="#ffffff" fill-opacity="0.5"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).withExif(REVEALING_EXIF).toBuffer();
}

/** A plain picture of a format, no metadata. */
export function plainPicture(width: number, height: number, format: 'jpeg' | 'png' | 'webp' | 'gif' = 'png'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3070b0' } })
    .toFormat(format)
    .toBuffer();
}

/** What of the secrets a picture still holds: its EXIF tags and its raw bytes. */
export async function traces(body: Buffer): Promise<{ gps: unknown; serial: unknown; owner: unknown; artist: unknown; bytes: string[] }> {
  const parsed = (await exifr.parse(body, { tiff: true, exif: true, gps: true, iptc: true, xmp: true }).catch(() => undefined)) as
    Record<string, unknown> | undefined;
  return {
    gps: parsed?.latitude ?? parsed?.GPSLatitude,
    serial: parsed?.BodySerialNumber ?? parsed?.SerialNumber,
    owner: parsed?.CameraOwnerName ?? parsed?.OwnerName,
    artist: parsed?.Artist,
    bytes: Object.values(PHOTO_SECRETS).filter((secret) => body.includes(secret)),
  };
}

export const NO_TRACES = { gps: undefined, serial: undefined, owner: undefined, artist: undefined, bytes: [] };

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG that claims width × height pixels in a few hundred bytes (a decompression bomb's header). */
export function bombPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');

export const TEXT_AS_JPEG = Buffer.from('This is a letter to the editor, not a photograph.\n'.repeat(20));
