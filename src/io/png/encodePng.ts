/**
 * PNG writer.
 *
 * @module
 */

import { zlibSync } from 'fflate';
import { concatChunks } from '../bytes';
import { crc32 } from '../checksum/crc32';
import { describe } from '../dtype';
import { isNumericData } from '../shape';
import { PNG_SIGNATURE } from './pngChunks';
import type { PngImage } from './pngImage';

/**
 * Encodes an image as PNG: gray, gray+alpha, RGB or RGBA at 8 or 16 bits, or an 8-bit indexed image
 * (`palette` set, one channel, `data` holding indices). Chunks IHDR, PLTE (indexed only), one IDAT
 * (rows unfiltered, zlib level 6), IEND. Deterministic: no timestamps. O(pixels).
 *
 * @param image - `{ data, width, height, channels, bitDepth, palette? }`; `data` may be any numeric
 *   array whose values are integers in [0, 2^bitDepth − 1] (and < palette length when indexed).
 * @throws {TypeError} if `image` or its data has the wrong kind.
 * @throws {RangeError} for a size that disagrees with `data.length`, bitDepth other than 8/16,
 *   channels outside 1…4, a bad palette (1…256 entries of [r, g, b] in 0…255, 8-bit one-channel
 *   only), or a sample out of range.
 * @example
 * ```ts
 * import { encodePng } from 'rankseg/io';
 * const png = encodePng({ data: new Uint8Array([0, 255]), width: 2, height: 1, channels: 1, bitDepth: 8 });
 * ```
 */
export function encodePng(image: PngImage): Uint8Array {
  if (typeof image !== 'object' || image === null)
    throw new TypeError(`image must be an object, got ${describe(image)}`);
  const { width, height, channels, bitDepth, palette } = image;
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`image.${name} must be a positive integer, got ${String(v)}`);
  }
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    throw new RangeError(`image.channels must be 1, 2, 3 or 4; got ${String(channels)}`);
  }
  if (bitDepth !== 8 && bitDepth !== 16)
    throw new RangeError(`image.bitDepth must be 8 or 16 to write; got ${String(bitDepth)}`);
  if (!isNumericData(image.data)) {
    throw new TypeError(
      `image.data must be a typed array or an array of numbers, got ${describe(image.data)}`,
    );
  }
  const n = width * height * channels;
  if (image.data.length !== n) {
    throw new RangeError(`image.data.length (${image.data.length}) must be width · height · channels = ${n}`);
  }
  let max = bitDepth === 8 ? 255 : 65535;
  let colors: number[][] | undefined;
  if (palette !== undefined) {
    if (channels !== 1 || bitDepth !== 8)
      throw new RangeError('an indexed image (image.palette) must have 1 channel and bitDepth 8');
    if (!Array.isArray(palette) || palette.length < 1 || palette.length > 256) {
      throw new RangeError(
        `image.palette must have 1 to 256 entries; got ${Array.isArray(palette) ? palette.length : describe(palette)}`,
      );
    }
    colors = palette.map((c, k) => {
      if (!Array.isArray(c) || c.length !== 3 || c.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) {
        throw new RangeError(
          `image.palette[${k}] must be [r, g, b] with integers in [0, 255]; got ${JSON.stringify(c)}`,
        );
      }
      return c.slice();
    });
    max = palette.length - 1;
  }
  // rows of filter type 0 (none) followed by the samples, 16-bit ones big-endian
  const stride = width * channels * (bitDepth / 8);
  const raw = new Uint8Array(height * (1 + stride));
  const src = image.data;
  const bytesPerSample = bitDepth / 8;
  const rowSamples = width * channels;
  for (let y = 0, i = 0; y < height; y++) {
    let at = y * (1 + stride) + 1; // after the row's filter byte (0)
    for (let end = i + rowSamples; i < end; i++, at += bytesPerSample) {
      const v = Number(src[i]!);
      if (!Number.isInteger(v) || v < 0 || v > max) {
        throw new RangeError(
          `image.data[${i}] = ${String(src[i])} is not a${colors ? ' palette index' : `n integer`} in [0, ${max}]`,
        );
      }
      if (bitDepth === 8) raw[at] = v;
      else {
        raw[at] = v >> 8;
        raw[at + 1] = v & 0xff;
      }
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  const colorType = colors !== undefined ? 3 : [0, 0, 4, 2, 6][channels]!;
  ihdr.set([bitDepth, colorType, 0, 0, 0], 8);
  const parts = [Uint8Array.from(PNG_SIGNATURE), chunk('IHDR', ihdr)];
  if (colors !== undefined) parts.push(chunk('PLTE', Uint8Array.from(colors.flat())));
  parts.push(chunk('IDAT', zlibSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0)));
  return concatChunks(parts);
}

/** One chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let k = 0; k < 4; k++) out[4 + k] = type.charCodeAt(k);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 0, 4, 8 + data.length));
  return out;
}
