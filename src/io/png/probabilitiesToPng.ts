/**
 * Probability maps as grayscale PNGs.
 *
 * @module
 */

import { type MapInput, type PngImage, readMap } from './pngImage';

/** Options of {@link probabilitiesToPng}. */
export interface ProbabilitiesToPngOptions {
  /** 8 [default] (steps of 1/255) or 16 (steps of 1/65535). */
  bitDepth?: 8 | 16;
}

/**
 * Makes a grayscale image of one probability map: sample = round(p · (2^bitDepth − 1)), so
 * `pngToProbabilities` gives p back within 1/(2·(2^bitDepth − 1)). O(H·W).
 *
 * @param probs - `{ data, shape: [H, W] | [1, 1, H, W] }`, values in [0, 1].
 * @param options - `{ bitDepth }`.
 * @throws {TypeError} if `probs` is not `{ data, shape }`.
 * @throws {RangeError} for a bad shape, bit depth, or a value outside [0, 1] (NaN included).
 * @example
 * ```ts
 * import { probabilitiesToPng } from 'rankseg/io';
 * probabilitiesToPng({ data: [0, 0.5, 1], shape: [1, 3] }).data; // Uint8Array [0, 128, 255]
 * ```
 */
export function probabilitiesToPng(probs: MapInput, options: ProbabilitiesToPngOptions = {}): PngImage {
  const { data, height, width } = readMap(probs, 'probs');
  const bitDepth = options.bitDepth ?? 8;
  if (bitDepth !== 8 && bitDepth !== 16)
    throw new RangeError(`options.bitDepth must be 8 or 16; got ${String(bitDepth)}`);
  const max = bitDepth === 8 ? 255 : 65535;
  const out = bitDepth === 8 ? new Uint8Array(data.length) : new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const p = Number(data[i]!);
    if (!(p >= 0 && p <= 1))
      throw new RangeError(`probs.data[${i}] = ${String(data[i])} is not a probability in [0, 1]`);
    out[i] = Math.round(p * max);
  }
  return { data: out, width, height, channels: 1, bitDepth };
}
