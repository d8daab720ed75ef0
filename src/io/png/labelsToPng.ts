/**
 * Label maps as palette PNGs.
 *
 * @module
 */

import { labelPalette, type VoidColor } from './labelPalette';
import { type MapInput, type PngImage, readMap } from './pngImage';

/** Options of {@link labelsToPng}. */
export interface LabelsToPngOptions {
  /** Colour of label 255 (void): `'white'` [default] or `'black'`. */
  voidColor?: VoidColor;
}

/**
 * Makes an 8-bit indexed (palette) image of a label map, coloured by {@link labelPalette}; the file
 * stores the labels themselves, so reading it back gives the labels (as PASCAL VOC label PNGs).
 * Encode with `encodePng` (or `writePng` in Node). O(H·W).
 *
 * @param labels - `{ data, shape: [H, W] | [1, H, W] }`, integer labels in [0, 255].
 * @param options - `{ voidColor }`.
 * @throws {TypeError} if `labels` is not `{ data, shape }`.
 * @throws {RangeError} for a bad shape or a label that is not an integer in [0, 255] (more classes
 *   need NPY or NIfTI).
 * @example
 * ```ts
 * import { encodePng, labelsToPng } from 'rankseg/io';
 * const png = encodePng(labelsToPng(rankseg(probs))); // mask shape [1, H, W]
 * ```
 */
export function labelsToPng(labels: MapInput, options: LabelsToPngOptions = {}): PngImage {
  const { data, height, width } = readMap(labels, 'labels');
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]!);
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      throw new RangeError(`labels.data[${i}] = ${String(data[i])} is not a label in [0, 255]`);
    }
    out[i] = v;
  }
  return {
    data: out,
    width,
    height,
    channels: 1,
    bitDepth: 8,
    palette: labelPalette(options.voidColor ?? 'white'),
  };
}
