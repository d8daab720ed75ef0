/**
 * PNG writer (encoding by fast-png).
 *
 * @module
 */

import { encode } from 'fast-png';
import { describe } from '../dtype';
import { isNumericData } from '../shape';
import type { PngImage } from './pngImage';

/**
 * Encodes an image as PNG: gray, gray+alpha, RGB or RGBA at 8 or 16 bits, or an 8-bit indexed image
 * (`palette` set, one channel, `data` holding indices). Deterministic: no timestamps. O(pixels).
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
  const data = bitDepth === 8 ? new Uint8Array(n) : new Uint16Array(n);
  const src = image.data;
  for (let i = 0; i < n; i++) {
    const v = Number(src[i]!);
    if (!Number.isInteger(v) || v < 0 || v > max) {
      throw new RangeError(
        `image.data[${i}] = ${String(src[i])} is not a${colors ? ' palette index' : `n integer`} in [0, ${max}]`,
      );
    }
    data[i] = v;
  }
  return encode(
    colors === undefined
      ? { data, width, height, channels, depth: bitDepth }
      : { data, width, height, channels, depth: bitDepth, palette: colors },
  );
}
