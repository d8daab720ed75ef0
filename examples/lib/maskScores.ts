import { expectedScore } from '../../src/index';

/** Figures of one 0/1 mask of a one-class image. */
export interface MaskScores {
  /** Pixels selected. */
  pixels: number;
  /** Exact expected Dice under the model's probabilities. */
  dice: number;
  /** Exact expected IoU. */
  iou: number;
}

/**
 * The pixel count and the exact expected Dice and IoU (rankseg's `expectedScore`) of `mask`,
 * given the probabilities of a one-class image of the same length.
 *
 * @example
 * ```ts
 * maskScores(new Float32Array([0.8, 0.1]), new Uint8Array([1, 0])).iou; // 0.8·(0.9 + 0.1/2) = 0.76
 * ```
 */
export function maskScores(probs: Float32Array | Float64Array, mask: ArrayLike<number>): MaskScores {
  const shape = [1, 1, probs.length];
  const scored = { data: mask, shape };
  let pixels = 0;
  for (let i = 0; i < mask.length; i++) pixels += mask[i]!;
  return {
    pixels,
    dice: expectedScore({ data: probs, shape }, scored, { metric: 'dice' })[0]!,
    iou: expectedScore({ data: probs, shape }, scored, { metric: 'iou' })[0]!,
  };
}
