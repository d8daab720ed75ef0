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

/** Timed runs per contender after a warm-up run (`compare` and `demo`). */
export const TIMED_REPEATS = 3;

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
  const scored = contenders.map((contender) => scoreContender(probs, contender, options));
  const [B, C] = probs.shape as [number, number];
  const slices =
    options.draws > 0
      ? Array.from({ length: B * C }, (_, j) =>
          monteCarloSlice(
            probs,
            scored.map((row) => row.mask),
            j,
            options,
          ),
        )
      : [];
  return finishRows(probs, contenders, scored, slices, options);
}

/** A contender's mask, its time and its exact expected scores: the part of a row each contender makes alone. */
export interface ContenderScore {
  mask: Mask;
  /** Median wall time of `solve()`, milliseconds. */
  ms: number;
  expected: { dice: number; iou: number };
}

/**
 * Makes one contender's mask with `solve()` (once untimed, then `repeats` timed runs: the median)
 * and its exact expected Dice and IoU (`expectedScore`, averaged over images and classes).
 *
 * @throws the errors of `solve()` and `expectedScore()`.
 * @example
 * ```ts
 * scoreContender(probs, { solver: 'rma', metric: 'dice', options: { metric: 'dice' } }, { smooth: 0, repeats: 3 }).expected.dice;
 * ```
 */
export function scoreContender(
  probs: DenseProbabilities,
  contender: Contender,
  options: Pick<ComparisonOptions, 'smooth' | 'repeats'>,
): ContenderScore {
  const smooth = options.smooth;
  // smooth tunes the RankSEG solvers; the baseline rules take none (it would be a RangeError)
  const solveOptions = contender.metric === null ? contender.options : { ...contender.options, smooth };
  // the first run compiles the solver's code paths: untimed
  const mask = solve(probs, solveOptions).mask;
  const times: number[] = [];
  for (let r = 0; r < Math.max(1, options.repeats); r++) {
    const t0 = performance.now();
    solve(probs, solveOptions);
    times.push(performance.now() - t0);
  }
  return {
    mask,
    ms: median(times),
    expected: {
      dice: mean(expectedScore(probs, mask, { metric: 'dice', smooth })),
      iou: mean(expectedScore(probs, mask, { metric: 'iou', smooth })),
    },
  };
}

/** Realized Dice and IoU of K masks on one image-class slice over T draws: `[K·T]` each. */
export interface SliceDraws {
  dice: Float64Array;
  iou: Float64Array;
}

/**
 * The Monte Carlo draws of slice j = b·C + c (image b, class c) for every mask (see
 * `monteCarloScores`; the slice's own stream j under the seed, so slices are independent of the
 * order they are drawn in). A multiclass label map is scored on the pixels it labels c.
 *
 * @throws {RangeError} as `monteCarloScores`.
 * @example
 * ```ts
 * const draws = monteCarloSlice(probs, rows.map((r) => r.mask), 0, { draws: 2000, seed: 1, smooth: 0 });
 * ```
 */
export function monteCarloSlice(
  probs: DenseProbabilities,
  masks: readonly Mask[],
  slice: number,
  options: Pick<ComparisonOptions, 'draws' | 'seed' | 'smooth'>,
): SliceDraws {
  const [B, C] = probs.shape as [number, number];
  const P = probs.data.length / (B * C);
  const b = Math.floor(slice / C);
  const c = slice % C;
  const K = masks.length;
  const T = options.draws;
  const patterns = new Uint32Array(P);
  masks.forEach((mask, k) => {
    const bit = 1 << k;
    const labels = mask.shape.length === probs.shape.length - 1;
    const data = mask.data;
    if (labels) {
      for (let i = 0; i < P; i++) if (data[b * P + i] === c) patterns[i]! |= bit;
    } else {
      const at = slice * P;
      for (let i = 0; i < P; i++) if (data[at + i] === 1) patterns[i]! |= bit;
    }
  });
  const dice = new Float64Array(K * T);
  const iou = new Float64Array(K * T);
  const stream = { draws: T, seed: options.seed, stream: slice, smooth: options.smooth };
  monteCarloScores(probs.data, slice * P, P, patterns, K, stream, dice, iou);
  return { dice, iou };
}

/**
 * The rows from the contenders' scores and the slices' draws (all B·C slices in order, or none
 * without Monte Carlo): true scores (`options.truth`), pixels changed against the first row, and
 * per mask the Monte Carlo mean and standard error of the score averaged over images and classes
 * (the slices summed in order, so the result does not depend on where each was drawn).
 *
 * @example
 * ```ts
 * const rows = finishRows(probs, contenders, scored, slices, options);
 * ```
 */
export function finishRows(
  probs: DenseProbabilities,
  contenders: readonly Contender[],
  scored: readonly ContenderScore[],
  slices: readonly SliceDraws[],
  options: ComparisonOptions,
): ComparisonRow[] {
  const rows: ComparisonRow[] = contenders.map((contender, k) => {
    const { mask, ms, expected } = scored[k]!;
    return {
      solver: contender.solver,
      metric: contender.metric,
      ms,
      expected,
      monteCarlo: null,
      truth: options.truth === undefined ? null : options.truth(mask),
      changed: differences(mask, scored[0]!.mask),
      mask,
    };
  });
  if (slices.length === 0) return rows;
  const [B, C] = probs.shape as [number, number];
  const K = rows.length;
  const T = options.draws;
  const dice = new Float64Array(K * T);
  const iou = new Float64Array(K * T);
  const weight = 1 / (B * C);
  for (const slice of slices) {
    for (let j = 0; j < K * T; j++) {
      dice[j]! += weight * slice.dice[j]!;
      iou[j]! += weight * slice.iou[j]!;
    }
  }
  rows.forEach((row, k) => {
    row.monteCarlo = { dice: meanAndError(dice, k * T, T), iou: meanAndError(iou, k * T, T) };
  });
  return rows;
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
