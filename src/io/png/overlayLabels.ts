/**
 * Label maps blended over photos.
 *
 * @module
 */

import { labelPalette, type VoidColor } from './labelPalette';
import { checkAlpha, type MapInput, type PngImage, type RgbImage, readMap } from './pngImage';
import { toRgb } from './toRgb';

/** Options of {@link overlayLabels}. */
export interface OverlayLabelsOptions {
  /** Weight of the label colour, in [0, 1]. Default 0.5. */
  alpha?: number;
  /** Labels left unblended (the photo shows through). Default `[0]` (background). */
  skip?: readonly number[];
  /** Colour of label 255 (void): `'white'` [default] or `'black'`. */
  voidColor?: VoidColor;
}

/**
 * Blends a label map over a photo in the {@link labelPalette} colours:
 * out = round((1 − α) · photo + α · colour(label)) per channel, except for `skip` labels. The photo
 * may be gray, RGB or RGBA, 8 or 16 bits (converted by `toRgb`; alpha dropped). O(H·W).
 *
 * @param photo - the image the labels belong to.
 * @param labels - `{ data, shape: [H, W] | [1, H, W] }`, integer labels in [0, 255], photo-sized.
 * @param options - `{ alpha, skip, voidColor }`.
 * @returns a new 8-bit RGB image.
 * @throws {TypeError} for arguments of the wrong kind.
 * @throws {RangeError} for a size mismatch, a label outside [0, 255], or alpha outside [0, 1].
 * @example
 * ```ts
 * import { encodePng, overlayLabels } from 'rankseg/io';
 * encodePng(overlayLabels(photo, rankseg(probs), { alpha: 0.4 }));
 * ```
 */
export function overlayLabels(
  photo: PngImage,
  labels: MapInput,
  options: OverlayLabelsOptions = {},
): RgbImage {
  const rgb = toRgb(photo);
  const { data, height, width } = readMap(labels, 'labels');
  if (height !== rgb.height || width !== rgb.width) {
    throw new RangeError(`labels are ${width}×${height} but the photo is ${rgb.width}×${rgb.height}`);
  }
  const alpha = checkAlpha(options.alpha ?? 0.5, 'options.alpha');
  const skip = new Set(options.skip ?? [0]);
  const palette = labelPalette(options.voidColor ?? 'white');
  const out = rgb.data;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]!);
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      throw new RangeError(`labels.data[${i}] = ${String(data[i])} is not a label in [0, 255]`);
    }
    if (skip.has(v)) continue;
    const c = palette[v]!;
    for (let j = 0; j < 3; j++) out[3 * i + j] = Math.round((1 - alpha) * out[3 * i + j]! + alpha * c[j]!);
  }
  return rgb;
}
