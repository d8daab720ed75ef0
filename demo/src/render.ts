/** The four pictures: baseline mask, RankSEG mask, their difference, the probability heat map. */
import { labelPalette, maskDifference, overlayLabels, overlayMask, type RgbImage, toRgb } from 'rankseg/io';
import type { Comparison } from './compare';
import { heatMap } from './heatmap';
import type { Scene } from './scene';

/** Colours of the legend (also used in index.html's CSS). */
export const COLORS = {
  mask: [30, 144, 255] as const,
  added: [40, 220, 90] as const,
  removed: [235, 40, 200] as const,
};

/** How much of the photo shows through the difference view. */
const DIM = 0.45;

/** Paints an RGB picture on a canvas at its own size (CSS scales it). */
export function paint(canvas: HTMLCanvasElement, image: RgbImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  const pixels = ctx.createImageData(image.width, image.height);
  const rgba = pixels.data;
  const rgb = image.data;
  for (let i = 0, n = image.width * image.height; i < n; i++) {
    rgba[4 * i] = rgb[3 * i]!;
    rgba[4 * i + 1] = rgb[3 * i + 1]!;
    rgba[4 * i + 2] = rgb[3 * i + 2]!;
    rgba[4 * i + 3] = 255;
  }
  ctx.putImageData(pixels, 0, 0);
}

/** A mask drawn on the photo: blue for a binary mask, palette colours for labels (class 0 left clear). */
export function maskPicture(scene: Scene, labels: Uint8Array): RgbImage {
  const map = { data: labels, shape: [scene.height, scene.width] };
  if (scene.classes === 1) return overlayMask(scene.photo, map, { color: COLORS.mask, alpha: 0.55 });
  return overlayLabels(scene.photo, map, { alpha: 0.6, skip: [0] });
}

/**
 * What RankSEG changed, on the dimmed photo. Binary: pixels it adds in green, removes in magenta,
 * kept foreground lightly tinted blue. Multiclass: relabelled pixels in RankSEG's class colour.
 */
export function differencePicture(scene: Scene, cmp: Comparison): RgbImage {
  const photo = toRgb(scene.photo);
  const out = photo.data;
  for (let i = 0; i < out.length; i++) out[i] = Math.round(out[i]! * DIM);
  const rank = cmp.rankseg?.labels;
  if (!rank) return photo;
  const base = cmp.baseline.labels;
  if (scene.classes === 1) {
    const shape = [scene.height, scene.width];
    const diff = maskDifference(
      { data: base, shape },
      { data: rank, shape },
      { onlyA: COLORS.removed, onlyB: COLORS.added, both: [70, 110, 170], neither: [0, 0, 0] },
    );
    for (let i = 0; i < base.length; i++) {
      const a = base[i]!;
      const b = rank[i]!;
      for (let j = 0; j < 3; j++) {
        const k = 3 * i + j;
        // changed pixels in full colour; kept foreground added on top of the dimmed photo
        out[k] = a !== b ? diff.data[k]! : Math.min(255, out[k]! + (a ? diff.data[k]! : 0) * 0.6);
      }
    }
    return photo;
  }
  const palette = displayPalette();
  for (let i = 0; i < base.length; i++) {
    if (base[i] === rank[i]) continue;
    out.set(palette[rank[i]!]!, 3 * i);
  }
  return photo;
}

/**
 * Label colours for the difference view: rankseg/io's palette made brighter, so that changed
 * pixels stand out on the dimmed photo; label 0 (left clear in the overlays) shows as light gray.
 */
export function displayPalette(): number[][] {
  return labelPalette().map((c, label) =>
    label === 0 ? [225, 225, 225] : c.map((v) => Math.min(255, Math.round(v * 1.7 + 30))),
  );
}

/** Channel `c` of the scene's probabilities as a heat map. */
export function heatPicture(scene: Scene, c: number): RgbImage {
  return heatMap(scene.probs, c, scene.width, scene.height);
}
