/**
 * Expected Dice of RankSEG and of fixed thresholds on simulated probability maps.
 *
 * @module
 */

import { expectedScore } from '../../api/expectedScore';
import { solve } from '../../api/predict';
import { type Estimate, meanAndError, monteCarloScores } from '../comparison/montecarlo';

/** The fixed thresholds t of the comparison: masks {p > t}. */
export const THRESHOLDS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => k / 10);

/** Monte Carlo settings of {@link scoreSetting}. */
export interface SimulationMonteCarlo {
  draws: number;
  seed: number;
  /** First stream number; image b uses stream + b. */
  stream: number;
}

/** Scores of one setting, means over its images. */
export interface SettingScores {
  /** Mean exact expected Dice of RankSEG's masks. */
  rankseg: number;
  /** Mean exact expected Dice of {p > t}, in {@link THRESHOLDS} order. */
  threshold: number[];
  /** Per image, RankSEG's expected Dice minus the best threshold's (≥ 0 for the exact solver). */
  margin: Float64Array;
  /** Monte Carlo means over images, per draw, then mean ± se over draws (when asked for). */
  monteCarlo: { rankseg: Estimate; threshold: Estimate[] } | null;
}

/**
 * For n one-class images `[n, 1, w, w]` of probabilities: RankSEG's mask (`solve`, Dice,
 * multilabel, the given solver, no pruning) and the threshold masks {p > t}; each scored by its exact expected
 * Dice (`expectedScore`, no approximation; a mask equal to an earlier one is scored once), averaged over
 * the images. With `monteCarlo`, also the
 * realized Dice over label draws Y ~ Bernoulli(p) (all ten masks on the same draws). Cost: the
 * solver, ten `expectedScore` passes, O(n·w²) mask building, plus the draws.
 *
 * @param probs - `[n·w·w]` probabilities (not modified).
 * @param solver - `'exact'` (the optimum over all masks) or `'rma'`.
 * @throws the errors of `solve()` and `expectedScore()`.
 * @example
 * ```ts
 * const s = scoreSetting(example1Probs(1.05, 28), 1, 28, 'exact');
 * s.rankseg >= Math.max(...s.threshold); // true
 * ```
 */
export function scoreSetting(
  probs: Float64Array,
  images: number,
  width: number,
  solver: 'exact' | 'rma',
  monteCarlo?: SimulationMonteCarlo,
): SettingScores {
  const P = width * width;
  const tensor = { data: probs, shape: [images, 1, width, width] };
  // pruningProb 0: the library's default (0.5) empties images whose p never exceeds ½ (Example 2
  // with ρ < 1/w), which is a heuristic, not the optimum this comparison is about
  const options = { metric: 'dice', solver, outputMode: 'multilabel', pruningProb: 0 } as const;
  const masks = [solve(tensor, options).mask.data];
  for (const t of THRESHOLDS) {
    const m = new Uint8Array(probs.length);
    for (let i = 0; i < probs.length; i++) m[i] = probs[i]! > t ? 1 : 0;
    masks.push(m);
  }
  // masks equal to an earlier one (Example 2: {p > t} for t = 0.2…0.5 all keep the block) are
  // scored once: expectedScore is the expensive part
  const perMask: Float64Array[] = [];
  for (let k = 0; k < masks.length; k++) {
    const same = masks.findIndex((m, j) => j < k && sameMask(m, masks[k]!));
    perMask.push(
      same >= 0 ? perMask[same]! : expectedScore(tensor, { data: masks[k]!, shape: tensor.shape }),
    );
  }
  const mean = (x: Float64Array) => x.reduce((a, v) => a + v, 0) / x.length;
  const margin = new Float64Array(images);
  for (let b = 0; b < images; b++) {
    let best = Number.NEGATIVE_INFINITY;
    for (let k = 1; k < perMask.length; k++) best = Math.max(best, perMask[k]![b]!);
    margin[b] = perMask[0]![b]! - best;
  }
  return {
    rankseg: mean(perMask[0]!),
    threshold: perMask.slice(1).map(mean),
    margin,
    monteCarlo: monteCarlo === undefined ? null : drawScores(probs, images, P, masks, monteCarlo),
  };
}

function sameMask(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function drawScores(
  probs: Float64Array,
  images: number,
  P: number,
  masks: ArrayLike<number>[],
  mc: SimulationMonteCarlo,
): { rankseg: Estimate; threshold: Estimate[] } {
  const K = masks.length;
  const T = mc.draws;
  const total = new Float64Array(K * T);
  const dice = new Float64Array(K * T);
  const iou = new Float64Array(K * T);
  const patterns = new Uint32Array(P);
  for (let b = 0; b < images; b++) {
    patterns.fill(0);
    for (let k = 0; k < K; k++) {
      const m = masks[k]!;
      for (let i = 0; i < P; i++) if (m[b * P + i] === 1) patterns[i]! |= 1 << k;
    }
    const options = { draws: T, seed: mc.seed, stream: mc.stream + b, smooth: 0 };
    monteCarloScores(probs, b * P, P, patterns, K, options, dice, iou);
    for (let j = 0; j < K * T; j++) total[j]! += dice[j]! / images;
  }
  const estimates = masks.map((_, k) => meanAndError(total, k * T, T));
  return { rankseg: estimates[0]!, threshold: estimates.slice(1) };
}
