/**
 * The picture of a comparison: photo | baseline mask | RankSEG mask | what RankSEG changed.
 *
 * @module
 */

import { labelPalette } from '../../io/png/labelPalette';
import { overlayLabels } from '../../io/png/overlayLabels';
import { overlayMask } from '../../io/png/overlayMask';
import { type MapInput, type PngImage, type Rgb, type RgbImage, readMap } from '../../io/png/pngImage';
import { sideBySide } from '../../io/png/sideBySide';
import { toRgb } from '../../io/png/toRgb';

/** Colour of the masks in the binary panels (red, blended at {@link ALPHA}). */
export const MASK_COLOR: Rgb = [255, 0, 0];
/** Difference panel: pixels RankSEG adds to the baseline's mask (orange). */
export const ADDED_COLOR: Rgb = [255, 150, 0];
/** Difference panel: pixels RankSEG removes from the baseline's mask (blue; orange/blue stay apart
 * for red-green colour blindness). */
export const REMOVED_COLOR: Rgb = [40, 120, 255];
/** Weight of mask and label colours over the photo. */
const ALPHA = 0.5;
/** Brightness of the photo behind the difference panel where nothing is selected. */
const DIM = 0.35;

/** What the maps hold: 0/1 masks of one class, or label maps. */
export type StripKind = 'mask' | 'labels';

/**
 * One strip, left to right, 4 px apart on white:
 * 1. the photo;
 * 2. the baseline's mask over it (`'mask'`: red at α = 0.5; `'labels'`: label colours, 0 skipped);
 * 3. RankSEG's mask over it, the same way;
 * 4. the difference: for masks, the photo dimmed to 35 % with pixels in both masks at full
 *    brightness, pixels RankSEG adds in orange and pixels it removes in blue; for label maps, the
 *    dimmed photo with every pixel whose label changed in the colour of its RankSEG label.
 * O(H·W).
 *
 * @param photo - the image (gray, RGB or RGBA; 8 or 16 bits), H × W.
 * @param baseline - `[H, W]` (or with leading 1s): 0/1 for `'mask'`, labels 0…255 for `'labels'`.
 * @param ranksegMask - the same form and size.
 * @param kind - `'mask'` or `'labels'`.
 * @returns an RGB image of width 4W + 12 and height H.
 * @throws {RangeError} for sizes that disagree or values that do not fit `kind`.
 * @example
 * ```ts
 * const strip = comparisonStrip(photo, { data: base, shape: [h, w] }, { data: mask, shape: [h, w] }, 'mask');
 * await writePng('strip.png', strip);
 * ```
 */
export function comparisonStrip(
  photo: PngImage,
  baseline: MapInput,
  ranksegMask: MapInput,
  kind: StripKind,
): RgbImage {
  const overlay = (map: MapInput) =>
    kind === 'mask'
      ? overlayMask(photo, map, { color: MASK_COLOR, alpha: ALPHA })
      : overlayLabels(photo, map, { alpha: ALPHA, skip: [0] });
  return sideBySide([
    photo,
    overlay(baseline),
    overlay(ranksegMask),
    difference(photo, baseline, ranksegMask, kind),
  ]);
}

function difference(photo: PngImage, baseline: MapInput, ranksegMask: MapInput, kind: StripKind): RgbImage {
  const rgb = toRgb(photo);
  const a = readMap(baseline, 'baseline');
  const b = readMap(ranksegMask, 'rankseg');
  if (a.height !== rgb.height || a.width !== rgb.width || b.height !== rgb.height || b.width !== rgb.width) {
    throw new RangeError(
      `masks ${a.width}×${a.height} and ${b.width}×${b.height} must match the photo, ${rgb.width}×${rgb.height}`,
    );
  }
  // the palette's low labels are half-intensity (128): doubled, a few changed pixels still show
  const bright = labelPalette().map((c) => c.map((v) => Math.min(255, 2 * v)));
  const out = rgb.data;
  for (let i = 0; i < a.data.length; i++) {
    const va = Number(a.data[i]!);
    const vb = Number(b.data[i]!);
    let color: Rgb | number[] | undefined;
    if (kind === 'mask') {
      if (va === 1 && vb === 1) continue; // kept: the photo at full brightness
      if (vb === 1 && va === 0) color = ADDED_COLOR;
      else if (va === 1 && vb === 0) color = REMOVED_COLOR;
    } else if (va !== vb) {
      color = bright[vb];
      if (color === undefined) throw new RangeError(`rankseg.data[${i}] = ${vb} is not a label in [0, 255]`);
    }
    if (color === undefined) {
      for (let j = 0; j < 3; j++) out[3 * i + j] = Math.round(DIM * out[3 * i + j]!);
    } else {
      out.set(color, 3 * i);
    }
  }
  return rgb;
}
