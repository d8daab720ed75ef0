/**
 * Side-by-side overlays: the photo once per mask, the mask blended in blue; on every panel after
 * the first, the pixels where the mask differs from the first panel's mask are painted solid —
 * green where it adds pixels, magenta where it drops them.
 */
import { writeFileSync } from 'node:fs';
import { encode } from 'fast-png';
import type { Image8 } from '../../scripts/sample-data/image';

/** The mask colour (blended at 45 %) and the colours of added / dropped pixels (blended at 85 %). */
const MASK: readonly [number, number, number] = [30, 144, 255];
const ADDED: readonly [number, number, number] = [0, 230, 64];
const DROPPED: readonly [number, number, number] = [255, 0, 200];
const GAP = 6;

/** An RGB picture. */
export interface Rgb8 {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * The panels `[photo + masks[0]] [photo + masks[1], differences to masks[0]] …`, each magnified
 * `scale`× (nearest neighbour), separated by a dark gap.
 *
 * @param image - the photo at the masks' resolution (gray or RGB).
 * @param masks - 0/1 per pixel, `image.height × image.width` each.
 */
export function sideBySide(image: Image8, masks: readonly ArrayLike<number>[], scale: number): Rgb8 {
  const w = image.width * scale;
  const h = image.height * scale;
  const width = masks.length * w + (masks.length - 1) * GAP;
  const data = new Uint8Array(width * h * 3).fill(40);
  const reference = masks[0]!;
  masks.forEach((mask, k) => {
    const x0 = k * (w + GAP);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = Math.floor(y / scale) * image.width + Math.floor(x / scale);
        const rgb = pixel(image, i);
        const inMask = mask[i] === 1;
        const inReference = reference[i] === 1;
        let colour: readonly [number, number, number] | undefined;
        let alpha = 0.45;
        if (k > 0 && inMask !== inReference) {
          colour = inMask ? ADDED : DROPPED;
          alpha = 0.85;
        } else if (inMask) {
          colour = MASK;
        }
        const at = (y * width + x0 + x) * 3;
        for (let c = 0; c < 3; c++) {
          data[at + c] = colour ? Math.round((1 - alpha) * rgb[c]! + alpha * colour[c]!) : rgb[c]!;
        }
      }
    }
  });
  return { width, height: h, data };
}

function pixel(image: Image8, i: number): [number, number, number] {
  if (image.channels === 1) {
    const v = image.data[i]!;
    return [v, v, v];
  }
  return [image.data[3 * i]!, image.data[3 * i + 1]!, image.data[3 * i + 2]!];
}

/** Writes an RGB picture as an 8-bit PNG. */
export function writeRgbPng(path: string, picture: Rgb8): void {
  const { width, height, data } = picture;
  writeFileSync(path, encode({ width, height, data, channels: 3, depth: 8 }));
}
