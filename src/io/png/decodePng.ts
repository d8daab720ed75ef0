/**
 * PNG reader (decoding by fast-png).
 *
 * @module
 */

import { decode, hasPngSignature } from 'fast-png';
import { showBytes } from '../bytes';
import { IoFormatError } from '../errors';
import type { PngImage } from './pngImage';

/**
 * Decodes a PNG: gray, gray+alpha, RGB, RGBA at 8 or 16 bits, gray at 1/2/4 bits, indexed
 * (palette) images. Samples come one per element — 1/2/4-bit rows are unpacked, 16-bit samples are
 * a `Uint16Array` — and indexed images keep their indices in `data` (a label map stays a label map)
 * with the colours in `palette`. O(width · height · channels).
 *
 * @param bytes - the whole file.
 * @returns `{ data, width, height, channels, bitDepth, palette? }`.
 * @throws {IoFormatError} (format `'png'`) for a wrong signature or a truncated/corrupt stream.
 * @example
 * ```ts
 * import { decodePng } from 'rankseg/io';
 * const { data, width, height, channels, bitDepth } = decodePng(bytes);
 * ```
 */
export function decodePng(bytes: Uint8Array): PngImage {
  if (!hasPngSignature(bytes)) {
    throw new IoFormatError(
      'png',
      `not PNG data: wrong signature ${showBytes(bytes.subarray(0, 8))}, expected "\\x89PNG\\r\\n\\x1a\\n"`,
    );
  }
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (e) {
    throw new IoFormatError('png', `PNG data is corrupt or truncated (${(e as Error).message})`, {
      cause: e,
    });
  }
  const { width, height, depth } = png;
  const channels = png.channels as PngImage['channels'];
  let data: Uint8Array | Uint16Array;
  if (depth < 8) data = unpack(png.data as Uint8Array, width, height, depth);
  else if (png.data instanceof Uint16Array) data = png.data;
  else data = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length);
  const expected = width * height * channels;
  if (data.length !== expected) {
    throw new IoFormatError(
      'png',
      `PNG data is truncated: ${data.length} samples decoded, ${expected} expected`,
    );
  }
  const image: PngImage = { data, width, height, channels, bitDepth: depth };
  if (png.palette !== undefined) image.palette = png.palette.map((c) => c.slice());
  return image;
}

/** Unpacks 1/2/4-bit single-channel rows (each row starts on a byte boundary, high bits first). */
function unpack(packed: Uint8Array, width: number, height: number, depth: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const rowBytes = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = packed[y * rowBytes + (bit >> 3)] ?? 0;
      out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}
