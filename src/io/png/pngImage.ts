/**
 * Image types of the PNG helpers, and the reader of 2-D map arguments.
 *
 * @module
 */

import { readArrayInput } from '../shape';
import type { ArrayInput, NumericData } from '../types';

/**
 * A raster image: `height` rows of `width` pixels, `channels` samples per pixel interleaved
 * (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA), one sample per array element, rows top to bottom.
 */
export interface PngImage {
  /** Samples; `Uint16Array` for 16-bit images. Values lie in [0, 2^bitDepth − 1]. */
  data: Uint8Array | Uint16Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  /** Bits per sample as stored (1, 2, 4 only when read from low-depth gray or palette files). */
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** Palette of an indexed image (`data` holds indices): `[r, g, b]` or `[r, g, b, a]` per entry. */
  palette?: number[][];
}

/** An 8-bit RGB image, as every compositing helper returns. */
export interface RgbImage extends PngImage {
  data: Uint8Array;
  channels: 3;
  bitDepth: 8;
}

/**
 * A 2-D map (labels, mask, probabilities) in C order: shape `[H, W]`, or with leading singleton axes
 * such as `[1, H, W]` (a rankseg multiclass mask of one image) or `[1, 1, H, W]`.
 */
export type MapInput = ArrayInput;

/** An `[r, g, b]` colour, 0…255 each. */
export type Rgb = readonly [number, number, number];

/**
 * Reads a {@link MapInput}: checks it and returns its data with height and width.
 *
 * @throws {TypeError} if it is not `{ data, shape }`.
 * @throws {RangeError} if the shape has < 2 axes, a leading axis ≠ 1, or disagrees with the data.
 */
export function readMap(map: MapInput, param: string): { data: NumericData; height: number; width: number } {
  const { data, shape } = readArrayInput(map, param);
  if (shape.length < 2 || shape.slice(0, -2).some((d) => d !== 1)) {
    throw new RangeError(
      `${param}.shape [${shape.join(', ')}] must be [H, W] (leading axes of size 1 allowed)`,
    );
  }
  return { data, height: shape[shape.length - 2]!, width: shape[shape.length - 1]! };
}

/** Checks an `[r, g, b]` colour option. @throws {RangeError} naming `param`. */
export function checkRgb(color: unknown, param: string): Rgb {
  if (
    !Array.isArray(color) ||
    color.length !== 3 ||
    color.some((c) => typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > 255)
  ) {
    throw new RangeError(
      `${param} must be [r, g, b] with integers in [0, 255]; got ${JSON.stringify(color)}`,
    );
  }
  return color as unknown as Rgb;
}

/** Checks a blending weight in [0, 1]. @throws {RangeError} naming `param`. */
export function checkAlpha(alpha: unknown, param: string): number {
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
    throw new RangeError(`${param} must be a number in [0, 1]; got ${String(alpha)}`);
  }
  return alpha;
}
