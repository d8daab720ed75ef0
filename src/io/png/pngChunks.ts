/**
 * The PNG chunk layer (PNG spec §5): signature, then chunks of length, type, data and a CRC-32 of
 * type and data; the header (IHDR) and the chunks the decoder uses, checked.
 *
 * @module
 */

import { showBytes } from '../bytes';
import { crc32 } from '../checksum/crc32';
import { IoFormatError } from '../errors';

/** The 8-byte PNG signature. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** IHDR fields. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** 0 gray, 2 RGB, 3 indexed, 4 gray+alpha, 6 RGBA. */
  colorType: 0 | 2 | 3 | 4 | 6;
  /** 0 none, 1 Adam7. */
  interlace: 0 | 1;
}

/** The chunks a decoder needs, their CRCs verified. */
export interface PngChunks {
  header: PngHeader;
  /** PLTE entries `[r, g, b]`, with `a` appended to every entry when a tRNS chunk is present. */
  palette: number[][] | undefined;
  /** IDAT payloads in order (views of the input). */
  idat: Uint8Array[];
}

/** Bit depths allowed per colour type (PNG spec table 11.1). */
const DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** Samples per pixel of each colour type. */
export const CHANNELS: Record<number, 1 | 2 | 3 | 4> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function pngError(message: string, cause?: unknown): IoFormatError {
  return new IoFormatError('png', message, cause === undefined ? {} : { cause });
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/**
 * Reads the chunks up to IEND, verifying every CRC; bytes after IEND are ignored (as libpng and
 * PIL do).
 *
 * @throws {IoFormatError} (format `'png'`) for a wrong signature, a truncated chunk, a CRC
 *   mismatch, a missing or invalid IHDR, misplaced PLTE/tRNS/IDAT, an unknown critical chunk, no
 *   image data, a missing IEND.
 * @example
 * ```ts
 * const { header, idat } = readPngChunks(bytes);
 * ```
 */
export function readPngChunks(bytes: Uint8Array): PngChunks {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw pngError(
      `not PNG data: wrong signature ${showBytes(bytes.subarray(0, 8))}, expected "\\x89PNG\\r\\n\\x1a\\n"`,
    );
  }
  let header: PngHeader | undefined;
  let palette: number[][] | undefined;
  let alpha: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let idatEnded = false;
  let pos = 8;
  for (;;) {
    if (pos + 12 > bytes.length) {
      throw pngError(
        `PNG data is truncated: ${bytes.length} bytes, the next chunk starts at byte ${pos} (no IEND)`,
      );
    }
    const length = u32(bytes, pos);
    const typeBytes = bytes.subarray(pos + 4, pos + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type))
      throw pngError(`PNG chunk at byte ${pos} has an invalid type ${showBytes(typeBytes)}`);
    if (length > 0x7fffffff)
      throw pngError(`PNG chunk ${type} at byte ${pos} declares ${length} bytes, over 2^31 − 1`);
    const end = pos + 12 + length;
    if (end > bytes.length) {
      throw pngError(
        `PNG data is truncated: chunk ${type} at byte ${pos} needs ${length + 12} bytes, ${bytes.length - pos} remain`,
      );
    }
    const stored = u32(bytes, pos + 8 + length);
    const actual = crc32(bytes, 0, pos + 4, pos + 8 + length);
    if (stored !== actual) {
      throw pngError(
        `PNG chunk ${type} at byte ${pos} is corrupt: CRC-32 0x${hex(stored)}, the data gives 0x${hex(actual)}`,
      );
    }
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    if (header === undefined && type !== 'IHDR')
      throw pngError(`PNG data does not start with IHDR (found ${type})`);
    if (idat.length > 0 && type !== 'IDAT') idatEnded = true;
    switch (type) {
      case 'IHDR':
        if (header !== undefined) throw pngError('PNG data has a second IHDR chunk');
        header = readHeader(data);
        break;
      case 'PLTE':
        if (palette !== undefined) throw pngError('PNG data has a second PLTE chunk');
        if (idat.length > 0) throw pngError('PNG PLTE chunk comes after the image data');
        if (header!.colorType === 0 || header!.colorType === 4)
          throw pngError('PNG gray image has a PLTE chunk');
        if (length % 3 !== 0 || length === 0 || length > 768) {
          throw pngError(`PNG PLTE chunk is ${length} bytes; it must hold 1 to 256 entries of 3 bytes`);
        }
        palette = [];
        for (let k = 0; k < length; k += 3) palette.push([data[k]!, data[k + 1]!, data[k + 2]!]);
        break;
      case 'tRNS':
        if (idat.length > 0) throw pngError('PNG tRNS chunk comes after the image data');
        if (header!.colorType === 3) {
          if (palette === undefined) throw pngError('PNG tRNS chunk comes before PLTE');
          if (length > palette.length) {
            throw pngError(`PNG tRNS chunk has ${length} alpha values for ${palette.length} palette entries`);
          }
          alpha = data;
        }
        break; // colour-key transparency of gray/RGB images is not represented in PngImage
      case 'IDAT':
        if (idatEnded) throw pngError('PNG IDAT chunks are not consecutive');
        idat.push(data);
        break;
      case 'IEND':
        if (idat.length === 0) throw pngError('PNG data has no IDAT chunk');
        if (header!.colorType === 3 && palette === undefined)
          throw pngError('PNG indexed image has no PLTE chunk');
        if (palette !== undefined && alpha !== undefined) {
          palette.forEach((c, k) => {
            c.push(k < alpha!.length ? alpha![k]! : 255);
          });
        }
        return { header: header!, palette: header!.colorType === 3 ? palette : undefined, idat };
      default:
        // bit 5 of the first letter clear (uppercase): critical, must be understood
        if ((typeBytes[0]! & 0x20) === 0) throw pngError(`PNG data has an unknown critical chunk ${type}`);
    }
    pos = end;
  }
}

function readHeader(data: Uint8Array): PngHeader {
  if (data.length !== 13) throw pngError(`PNG IHDR chunk is ${data.length} bytes, expected 13`);
  const width = u32(data, 0);
  const height = u32(data, 4);
  const [bitDepth, colorType, compression, filter, interlace] = data.subarray(8, 13) as unknown as number[];
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (v < 1 || v > 0x7fffffff) throw pngError(`bad PNG header: ${name} is ${v}, expected 1 … 2^31 − 1`);
  }
  const allowed = DEPTHS[colorType!];
  if (allowed === undefined) throw pngError(`bad PNG header: colour type ${colorType} does not exist`);
  if (!allowed.includes(bitDepth!)) {
    throw pngError(
      `bad PNG header: bit depth ${bitDepth} is not allowed for colour type ${colorType} (${allowed.join(', ')})`,
    );
  }
  if (compression !== 0) throw pngError(`bad PNG header: compression method ${compression}, only 0 exists`);
  if (filter !== 0) throw pngError(`bad PNG header: filter method ${filter}, only 0 exists`);
  if (interlace !== 0 && interlace !== 1)
    throw pngError(`bad PNG header: interlace method ${interlace}, only 0 and 1 exist`);
  return {
    width,
    height,
    bitDepth: bitDepth as PngHeader['bitDepth'],
    colorType: colorType as PngHeader['colorType'],
    interlace: interlace as 0 | 1,
  };
}

function hex(v: number): string {
  return v.toString(16).padStart(8, '0');
}
