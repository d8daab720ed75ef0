/** A probability heat map: dark blue (p = 0) through purple, red and orange to pale yellow (p = 1). */
import type { RgbImage } from 'rankseg/io';

/** Anchor colours at p = 0, ¼, ½, ¾, 1 (monotone in lightness, so it also reads in gray). */
const ANCHORS = [
  [13, 8, 35],
  [84, 25, 120],
  [185, 50, 90],
  [245, 135, 40],
  [250, 240, 160],
] as const;

/** 256 RGB entries, interpolated linearly between the anchors. */
export const HEAT_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) {
    const x = (k / 255) * (ANCHORS.length - 1);
    const i = Math.min(ANCHORS.length - 2, Math.floor(x));
    const f = x - i;
    for (let j = 0; j < 3; j++) {
      lut[3 * k + j] = Math.round(ANCHORS[i]![j]! * (1 - f) + ANCHORS[i + 1]![j]! * f);
    }
  }
  return lut;
})();

/** Channel `c` of `[1, C, H, W]` probabilities as an RGB picture. O(H·W). */
export function heatMap(probs: Float32Array, c: number, width: number, height: number): RgbImage {
  const n = width * height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const k = Math.round(Math.min(1, Math.max(0, probs[c * n + i]!)) * 255) * 3;
    out[3 * i] = HEAT_LUT[k]!;
    out[3 * i + 1] = HEAT_LUT[k + 1]!;
    out[3 * i + 2] = HEAT_LUT[k + 2]!;
  }
  return { data: out, width, height, channels: 3, bitDepth: 8 };
}

/** The colour bar under the heat map, as a CSS gradient. */
export function heatGradientCss(): string {
  const stops = ANCHORS.map((c, i) => `rgb(${c.join(',')}) ${(i * 100) / (ANCHORS.length - 1)}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
