/**
 * Several images composed into one strip.
 *
 * @module
 */

import { checkRgb, type PngImage, type RgbImage } from './pngImage';
import { toRgb } from './toRgb';

/** Options of {@link sideBySide}. */
export interface SideBySideOptions {
  /** Pixels between neighbouring images. Default 4. */
  gap?: number;
  /** Colour of the gaps and of the space below shorter images. Default `[255, 255, 255]`. */
  background?: readonly [number, number, number];
}

/**
 * Places images left to right in one RGB image, top-aligned, `gap` pixels apart — e.g. the strip
 * "photo | argmax | RankSEG | difference". Each image is converted by `toRgb` first (labels PNGs show
 * their palette colours). Width = Σ widths + gap · (k − 1), height = max height. O(output pixels).
 *
 * @param images - one or more images.
 * @param options - `{ gap, background }`.
 * @returns a new 8-bit RGB image.
 * @throws {TypeError} if an entry is not an image.
 * @throws {RangeError} for an empty list, a negative or non-integer gap, a bad background colour.
 * @example
 * ```ts
 * import { encodePng, labelsToPng, sideBySide } from 'rankseg/io';
 * encodePng(sideBySide([photo, labelsToPng(argmaxMask), labelsToPng(ranksegMask)]));
 * ```
 */
export function sideBySide(images: readonly PngImage[], options: SideBySideOptions = {}): RgbImage {
  if (!Array.isArray(images) || images.length === 0) throw new RangeError('images must be a non-empty array');
  const gap = options.gap ?? 4;
  if (!Number.isInteger(gap) || gap < 0)
    throw new RangeError(`options.gap must be a non-negative integer; got ${String(gap)}`);
  const bg = checkRgb(options.background ?? [255, 255, 255], 'options.background');
  const parts = images.map((img) => toRgb(img));
  const height = Math.max(...parts.map((p) => p.height));
  const width = parts.reduce((s, p) => s + p.width, 0) + gap * (parts.length - 1);
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) out.set(bg, 3 * i);
  let x0 = 0;
  for (const p of parts) {
    for (let y = 0; y < p.height; y++) {
      out.set(p.data.subarray(3 * y * p.width, 3 * (y + 1) * p.width), 3 * (y * width + x0));
    }
    x0 += p.width + gap;
  }
  return { data: out, width, height, channels: 3, bitDepth: 8 };
}
