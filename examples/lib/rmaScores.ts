/**
 * The RMA expected Dice and IoU of any 0/1 mask (Wang & Dai 2025; DESIGN §3.2 with smooth 0):
 * E[Dice] ≈ 2·C/(|A| + μ + 1) and E[IoU] ≈ C/(μ − C + |A|), where A is the mask, C = Σ_{i∈A} pᵢ
 * and μ = Σᵢ pᵢ. For a top-τ mask these are the objectives RankSEG's RMA solver maximizes, so a
 * RankSEG mask scores at least as high as any threshold mask here (by construction, not by luck).
 */

/** Figures of one mask. */
export interface MaskScores {
  /** Pixels selected. */
  pixels: number;
  /** RMA expected Dice. */
  dice: number;
  /** RMA expected IoU. */
  iou: number;
}

/**
 * Scores `mask` (0/1 per pixel) against probabilities `probs` of the same length. O(n).
 *
 * @example
 * ```ts
 * rmaScores(new Float32Array([0.9, 0.6, 0.2, 0.05]), new Uint8Array([1, 1, 0, 0]));
 * // { pixels: 2, dice: 3 / 4.75 ≈ 0.6316, iou: 1.5 / 2.25 ≈ 0.6667 }
 * ```
 */
export function rmaScores(probs: ArrayLike<number>, mask: ArrayLike<number>): MaskScores {
  let mu = 0;
  let selected = 0;
  let pixels = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    mu += p;
    if (mask[i]) {
      selected += p;
      pixels++;
    }
  }
  if (pixels === 0) return { pixels, dice: 0, iou: 0 };
  return { pixels, dice: (2 * selected) / (pixels + mu + 1), iou: selected / (mu - selected + pixels) };
}
