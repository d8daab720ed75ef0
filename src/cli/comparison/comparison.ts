/**
 * The comparison behind `rankseg demo` and `rankseg compare`: a baseline mask and RankSEG's masks
 * of the same probabilities, each timed and scored by its exact expected Dice/IoU, by Monte Carlo
 * label draws, and (given a target) by its true Dice/IoU.
 *
 * @module
 */

import { expectedScore } from '../../api/expectedScore';
import { solve } from '../../api/predict';
import type { Mask, RanksegOptions } from '../../api/types';
import type { FloatArray } from '../../kernels/types';
import type { OverlapMetric } from '../../solvers/catalog';
import { type Estimate, meanAndError, monteCarloScores } from './montecarlo';

/** Monte Carlo label draws of `demo` and `compare` unless `--draws` says otherwise. */
export const DEFAULT_DRAWS = 2000;

/** One way of making a mask. */
export interface Contender {
  /** Row label: `'threshold'`, `'argmax'`, or the RankSEG solver (`'rma'`, `'ba'`, `'exact'`, …). */
  solver: string;
  /** The metric the solver maximizes; `null` for a baseline (accuracy rule). */
  metric: OverlapMetric | null;
  /** Options of `solve()` that make this mask. */
  options: RanksegOptions;
}

/** Channels-first probabilities `[B, C, ...spatial]`, values in [0, 1]. */
export interface DenseProbabilities {
  data: FloatArray;
  shape: number[];
}

/** Options of {@link compareMasks}. */
export interface ComparisonOptions {
  /** Monte Carlo label draws; 0 skips the Monte Carlo estimate. */
  draws: number;
  /** Seed of the label draws. */
  seed: number;
  /** s ≥ 0 of Dice/IoU (for the expected, Monte Carlo and true scores alike). */
  smooth: number;
  /** Timed runs of each solver after one untimed warm-up run; the median is reported. */
  repeats: number;
  /** True Dice and IoU of a mask against a target (mean over classes), when a target is known. */
  truth?: (mask: Mask) => { dice: number; iou: number };
}

/** A contender's mask and its scores (all means over images and classes). */
export interface ComparisonRow {
  solver: string;
  metric: OverlapMetric | null;
  /** Median wall time of `solve()`, milliseconds. */
  ms: number;
  /** Exact expected Dice and IoU of the mask under the probabilities (`expectedScore`). */
  expected: { dice: number; iou: number };
  /** Mean realized Dice and IoU over label draws Y ~ Bernoulli(p), with standard errors. */
  monteCarlo: { dice: Estimate; iou: Estimate } | null;
  /** True Dice and IoU against the target. */
  truth: { dice: number; iou: number } | null;
  /** Mask entries that differ from the first row's mask (pixels, or pixel-classes for 0/1 masks). */
  changed: number;
  mask: Mask;
}

/**
 * Makes every contender's mask with `solve()` and scores it:
 * - expected: `expectedScore` per image and class, averaged over both (exact);
 * - Monte Carlo: T label draws per image-class slice, Y_{b,c,i} ~ Bernoulli(p_{b,c,i}) independent
 *   (the same model), the realized scores averaged over images and classes per draw, then mean and
 *   standard error over the T draws; all masks see the same draws. A multiclass label map is
 *   scored per class on the pixels it labels c;
 * - truth: `options.truth` of the mask.
 * Cost: the solvers, K `expectedScore` passes, and the Monte Carlo O(T · uncertain pixels).
 *
 * @param probs - channels-first probabilities (not modified).
 * @param contenders - 1…32 ways of making a mask.
 * @throws the errors of `solve()` and `expectedScore()` (bad options, bad values).
 * @example
 * ```ts
 * const rows = compareMasks(probs, [
 *   { solver: 'threshold', metric: null, options: { metric: 'accuracy', solver: 'threshold', outputMode: 'multilabel' } },
 *   { solver: 'rma', metric: 'dice', options: { metric: 'dice', outputMode: 'multilabel' } },
 * ], { draws: 2000, seed: 1, smooth: 0, repeats: 3 });
 * rows[1].expected.dice - rows[0].expected.dice; // RankSEG's gain
 * ```
 */
export function compareMasks(
  probs: DenseProbabilities,
  contenders: readonly Contender[],
  options: ComparisonOptions,
): ComparisonRow[] {
  const smooth = options.smooth;
  const rows: ComparisonRow[] = contenders.map((contender) => {
    // smooth tunes the RankSEG solvers; the baseline rules take none (it would be a RangeError)
    const solveOptions = contender.metric === null ? contender.options : { ...contender.options, smooth };
    // the first run compiles the solver's code paths: untimed
    const done = solve(probs, solveOptions).mask;
    const times: number[] = [];
    for (let r = 0; r < Math.max(1, options.repeats); r++) {
      const t0 = performance.now();
      solve(probs, solveOptions);
      times.push(performance.now() - t0);
    }
    return {
      solver: contender.solver,
      metric: contender.metric,
      ms: median(times),
      expected: {
        dice: mean(expectedScore(probs, done, { metric: 'dice', smooth })),
        iou: mean(expectedScore(probs, done, { metric: 'iou', smooth })),
      },
      monteCarlo: null,
      truth: options.truth === undefined ? null : options.truth(done),
      changed: 0,
      mask: done,
    };
  });
  for (const row of rows) row.changed = differences(row.mask, rows[0]!.mask);
  if (options.draws > 0) {
    const estimates = monteCarlo(
      probs,
      rows.map((r) => r.mask),
      options,
    );
    rows.forEach((row, k) => {
      row.monteCarlo = estimates[k]!;
    });
  }
  return rows;
}

/** Per mask: Monte Carlo Dice and IoU averaged over images and classes, over common draws. */
function monteCarlo(
  probs: DenseProbabilities,
  masks: readonly Mask[],
  options: ComparisonOptions,
): { dice: Estimate; iou: Estimate }[] {
  const [B, C] = probs.shape as [number, number];
  const P = probs.data.length / (B * C);
  const K = masks.length;
  const T = options.draws;
  const dice = new Float64Array(K * T);
  const iou = new Float64Array(K * T);
  const sliceDice = new Float64Array(K * T);
  const sliceIou = new Float64Array(K * T);
  const patterns = new Uint32Array(P);
  const weight = 1 / (B * C);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) {
      patterns.fill(0);
      masks.forEach((mask, k) => {
        const bit = 1 << k;
        const labels = mask.shape.length === probs.shape.length - 1;
        const data = mask.data;
        if (labels) {
          for (let i = 0; i < P; i++) if (data[b * P + i] === c) patterns[i]! |= bit;
        } else {
          const at = (b * C + c) * P;
          for (let i = 0; i < P; i++) if (data[at + i] === 1) patterns[i]! |= bit;
        }
      });
      const slice = { draws: T, seed: options.seed, stream: b * C + c, smooth: options.smooth };
      monteCarloScores(probs.data, (b * C + c) * P, P, patterns, K, slice, sliceDice, sliceIou);
      for (let j = 0; j < K * T; j++) {
        dice[j]! += weight * sliceDice[j]!;
        iou[j]! += weight * sliceIou[j]!;
      }
    }
  }
  return masks.map((_, k) => ({ dice: meanAndError(dice, k * T, T), iou: meanAndError(iou, k * T, T) }));
}

/** Entries where two masks differ; every entry when their forms differ. */
function differences(a: Mask, b: Mask): number {
  if (a.data.length !== b.data.length) return Math.max(a.data.length, b.data.length);
  let n = 0;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) n++;
  return n;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
