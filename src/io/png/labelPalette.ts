/**
 * The colour palette of label PNGs.
 *
 * @module
 */

/** Colour of the void label (255): white (the default) or black. */
export type VoidColor = 'white' | 'black';

/**
 * 256 distinguishable colours for label maps, the PASCAL VOC convention: label i's bits
 * (b₀ b₁ b₂ b₃ …) are dealt round-robin to red, green and blue from the most significant bit down,
 * so consecutive labels differ in hue and 0 is black (background). Label 255, the void label,
 * is white or black instead of VOC's cream. O(256).
 *
 * @param voidColor - `'white'` [default] or `'black'` for index 255.
 * @returns 256 fresh `[r, g, b]` entries.
 * @throws {RangeError} for another `voidColor`.
 * @example
 * ```ts
 * import { labelPalette } from 'rankseg/io';
 * labelPalette().slice(0, 4); // [[0, 0, 0], [128, 0, 0], [0, 128, 0], [128, 128, 0]]
 * ```
 */
export function labelPalette(voidColor: VoidColor = 'white'): number[][] {
  if (voidColor !== 'white' && voidColor !== 'black') {
    throw new RangeError(`voidColor must be 'white' or 'black'; got ${JSON.stringify(voidColor)}`);
  }
  const out: number[][] = [];
  for (let i = 0; i < 256; i++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let c = i;
    for (let bit = 7; c > 0; bit--, c >>= 3) {
      r |= (c & 1) << bit;
      g |= ((c >> 1) & 1) << bit;
      b |= ((c >> 2) & 1) << bit;
    }
    out.push([r, g, b]);
  }
  out[255] = voidColor === 'white' ? [255, 255, 255] : [0, 0, 0];
  return out;
}
