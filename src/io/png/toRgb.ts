/**
 * Any decoded image as 8-bit RGB.
 *
 * @module
 */

import { describe } from '../dtype';
import type { PngImage, RgbImage } from './pngImage';

/**
 * Converts an image to 8-bit RGB: palette indices are looked up, gray is repeated on the three
 * channels, samples are rescaled to 0…255 (16-bit: round(v / 257); 1/2/4-bit: round(v · 255 /
 * (2^d − 1))), alpha is dropped. O(pixels).
 *
 * @param image - any {@link PngImage}; not modified.
 * @returns a new {@link RgbImage}.
 * @throws {TypeError} if `image` is not an image object.
 * @throws {RangeError} if the data length disagrees with the size, or a palette index has no entry.
 * @example
 * ```ts
 * import { toRgb } from 'rankseg/io';
 * toRgb({ data: new Uint8Array([7]), width: 1, height: 1, channels: 1, bitDepth: 8 }).data; // [7, 7, 7]
 * ```
 */
export function toRgb(image: PngImage): RgbImage {
  if (typeof image !== 'object' || image === null || !ArrayBuffer.isView(image.data)) {
    throw new TypeError(
      `image must be a decoded image { data, width, height, channels, bitDepth }, got ${describe(image)}`,
    );
  }
  const { data, width, height, channels, bitDepth, palette } = image;
  const n = width * height;
  if (data.length !== n * channels) {
    throw new RangeError(
      `image.data.length (${data.length}) must be width · height · channels = ${n * channels}`,
    );
  }
  const out = new Uint8Array(n * 3);
  if (palette !== undefined) {
    for (let i = 0; i < n; i++) {
      const c = palette[data[i]!];
      if (c === undefined) throw new RangeError(`image.data[${i}] = ${data[i]} has no palette entry`);
      out[3 * i] = c[0]!;
      out[3 * i + 1] = c[1]!;
      out[3 * i + 2] = c[2]!;
    }
    return { data: out, width, height, channels: 3, bitDepth: 8 };
  }
  const k = 255 / (2 ** bitDepth - 1); // 1 for 8-bit, 1/257 for 16-bit
  const gray = channels < 3;
  for (let i = 0; i < n; i++) {
    const base = i * channels;
    for (let j = 0; j < 3; j++) out[3 * i + j] = Math.round(data[base + (gray ? 0 : j)]! * k);
  }
  return { data: out, width, height, channels: 3, bitDepth: 8 };
}
