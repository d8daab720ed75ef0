/**
 * Binary masks blended over photos.
 *
 * @module
 */

import { checkAlpha, checkRgb, type MapInput, type PngImage, type RgbImage, readMap } from './pngImage';
import { toRgb } from './toRgb';

/** Options of {@link overlayMask}. */
export interface OverlayMaskOptions {
  /** Weight of the mask colour, in [0, 1]. Default 0.5. */
  alpha?: number;
  /** Mask colour. Default `[255, 0, 0]` (red). */
  color?: readonly [number, number, number];
}

/**
 * Blends a binary mask over a photo: where the mask is 1, out = round((1 − α) · photo + α · color)
 * per channel; elsewhere the photo is unchanged. The photo may be gray, RGB or RGBA, 8 or 16 bits
 * (converted by `toRgb`; alpha dropped). O(H·W).
 *
 * @param photo - the image the mask belongs to.
 * @param mask - `{ data, shape: [H, W] | [1, H, W] | [1, 1, H, W] }` of 0/1, photo-sized.
 * @param options - `{ alpha, color }`.
 * @returns a new 8-bit RGB image.
 * @throws {TypeError} for arguments of the wrong kind.
 * @throws {RangeError} for a size mismatch, a mask value other than 0/1, a bad colour or alpha.
 * @example
 * ```ts
 * import { overlayMask } from 'rankseg/io';
 * overlayMask(photo, { data: mask, shape: [h, w] }, { color: [0, 200, 255], alpha: 0.6 });
 * ```
 */
export function overlayMask(photo: PngImage, mask: MapInput, options: OverlayMaskOptions = {}): RgbImage {
  const rgb = toRgb(photo);
  const { data, height, width } = readMap(mask, 'mask');
  if (height !== rgb.height || width !== rgb.width) {
    throw new RangeError(`mask is ${width}×${height} but the photo is ${rgb.width}×${rgb.height}`);
  }
  const alpha = checkAlpha(options.alpha ?? 0.5, 'options.alpha');
  const color = checkRgb(options.color ?? [255, 0, 0], 'options.color');
  const out = rgb.data;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]!);
    if (v === 0) continue;
    if (v !== 1)
      throw new RangeError(`mask.data[${i}] = ${String(data[i])}; a binary mask holds only 0 and 1`);
    for (let j = 0; j < 3; j++)
      out[3 * i + j] = Math.round((1 - alpha) * out[3 * i + j]! + alpha * color[j]!);
  }
  return rgb;
}
