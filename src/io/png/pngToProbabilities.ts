/**
 * Grayscale PNGs as probability maps.
 *
 * @module
 */

import { describe } from '../dtype';
import type { PngImage } from './pngImage';

/** Options of {@link pngToProbabilities}. */
export interface PngToProbabilitiesOptions {
  /** Which sample of each pixel to read (0 = gray or red). Default 0. */
  channel?: number;
}

/**
 * Turns grayscale images, one per class, into probabilities `[1, C, H, W]`: p = sample / (2^bitDepth
 * − 1), i.e. /255 for 8-bit and /65535 for 16-bit images. O(C·H·W).
 *
 * @param images - one image (C = 1) or one per class, all the same size; not indexed.
 * @param options - `{ channel }` for multi-channel images.
 * @returns `{ data: Float32Array, shape: [1, C, H, W] }`.
 * @throws {TypeError} if an image is not a {@link PngImage}.
 * @throws {RangeError} for no images, different sizes, an indexed (palette) image (it holds labels),
 *   or a channel the image lacks.
 * @example
 * ```ts
 * import { decodePng, pngToProbabilities } from 'rankseg/io';
 * const probs = pngToProbabilities([decodePng(bg), decodePng(fg)]); // shape [1, 2, H, W]
 * ```
 */
export function pngToProbabilities(
  images: PngImage | readonly PngImage[],
  options: PngToProbabilitiesOptions = {},
): { data: Float32Array; shape: number[] } {
  const list: readonly PngImage[] = Array.isArray(images) ? images : [images as PngImage];
  if (list.length === 0) throw new RangeError('images must hold at least one image');
  const channel = options.channel ?? 0;
  const first = list[0]!;
  const { width, height } = first;
  const plane = width * height;
  const out = new Float32Array(plane * list.length);
  list.forEach((img, c) => {
    if (typeof img !== 'object' || img === null || !ArrayBuffer.isView(img.data)) {
      throw new TypeError(`images[${c}] must be a decoded PNG image, got ${describe(img)}`);
    }
    if (img.palette !== undefined) {
      throw new RangeError(`images[${c}] is an indexed (palette) image: it holds labels, not probabilities`);
    }
    if (img.width !== width || img.height !== height) {
      throw new RangeError(`images[${c}] is ${img.width}×${img.height}, images[0] is ${width}×${height}`);
    }
    if (!Number.isInteger(channel) || channel < 0 || channel >= img.channels) {
      throw new RangeError(
        `options.channel must be an integer in [0, ${img.channels - 1}]; got ${String(channel)}`,
      );
    }
    const scale = 1 / (2 ** img.bitDepth - 1);
    const { data, channels } = img;
    for (let i = 0; i < plane; i++) out[c * plane + i] = data[i * channels + channel]! * scale;
  });
  return { data: out, shape: [1, list.length, height, width] };
}
