/**
 * Binary masks as black-and-white PNGs.
 *
 * @module
 */

import { type MapInput, type PngImage, readMap } from './pngImage';

/**
 * Makes an 8-bit grayscale image of a binary mask: 0 → 0 (black), 1 → 255 (white). O(H·W).
 *
 * @param mask - `{ data, shape: [H, W] | [1, H, W] | [1, 1, H, W] }` of 0/1 values.
 * @throws {TypeError} if `mask` is not `{ data, shape }`.
 * @throws {RangeError} for a bad shape or a value other than 0 and 1.
 * @example
 * ```ts
 * import { encodePng, maskToPng } from 'rankseg/io';
 * encodePng(maskToPng({ data: new Uint8Array([0, 1, 1, 0]), shape: [2, 2] }));
 * ```
 */
export function maskToPng(mask: MapInput): PngImage {
  const { data, height, width } = readMap(mask, 'mask');
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]!);
    if (v !== 0 && v !== 1)
      throw new RangeError(`mask.data[${i}] = ${String(data[i])}; a binary mask holds only 0 and 1`);
    out[i] = v * 255;
  }
  return { data: out, width, height, channels: 1, bitDepth: 8 };
}
