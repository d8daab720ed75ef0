/**
 * The difference of two binary masks as a picture.
 *
 * @module
 */

import { checkRgb, type MapInput, type Rgb, type RgbImage, readMap } from './pngImage';

/** Colours of {@link maskDifference}. */
export interface MaskDifferenceOptions {
  /** Pixels in A only. Default `[230, 60, 60]` (red). */
  onlyA?: Rgb;
  /** Pixels in B only. Default `[40, 120, 230]` (blue; red/blue stays apart for red-green colour blindness). */
  onlyB?: Rgb;
  /** Pixels in both. Default `[255, 255, 255]` (white). */
  both?: Rgb;
  /** Pixels in neither. Default `[0, 0, 0]` (black). */
  neither?: Rgb;
}

/**
 * Colours each pixel by which of two binary masks holds it: A only, B only, both, neither — e.g.
 * A = argmax mask, B = RankSEG mask of one class. O(H·W).
 *
 * @param a - `{ data, shape: [H, W] | [1, H, W] | [1, 1, H, W] }` of 0/1.
 * @param b - same size as `a`.
 * @param options - the four colours.
 * @returns a new 8-bit RGB image.
 * @throws {TypeError} for arguments of the wrong kind.
 * @throws {RangeError} for different sizes, values other than 0/1, or a bad colour.
 * @example
 * ```ts
 * import { maskDifference } from 'rankseg/io';
 * maskDifference({ data: [1, 1, 0, 0], shape: [2, 2] }, { data: [1, 0, 1, 0], shape: [2, 2] }).data;
 * // white, red, blue, black
 * ```
 */
export function maskDifference(a: MapInput, b: MapInput, options: MaskDifferenceOptions = {}): RgbImage {
  const ma = readMap(a, 'a');
  const mb = readMap(b, 'b');
  if (ma.height !== mb.height || ma.width !== mb.width) {
    throw new RangeError(`a is ${ma.width}×${ma.height} but b is ${mb.width}×${mb.height}`);
  }
  // index = 2·inA + inB → neither, only B, only A, both
  const colors = [
    checkRgb(options.neither ?? [0, 0, 0], 'options.neither'),
    checkRgb(options.onlyB ?? [40, 120, 230], 'options.onlyB'),
    checkRgb(options.onlyA ?? [230, 60, 60], 'options.onlyA'),
    checkRgb(options.both ?? [255, 255, 255], 'options.both'),
  ];
  const n = ma.data.length;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const va = Number(ma.data[i]!);
    const vb = Number(mb.data[i]!);
    if (va !== 0 && va !== 1)
      throw new RangeError(`a.data[${i}] = ${String(ma.data[i])}; a binary mask holds only 0 and 1`);
    if (vb !== 0 && vb !== 1)
      throw new RangeError(`b.data[${i}] = ${String(mb.data[i])}; a binary mask holds only 0 and 1`);
    out.set(colors[2 * va + vb]!, 3 * i);
  }
  return { data: out, width: ma.width, height: ma.height, channels: 3, bitDepth: 8 };
}
