/**
 * `rankseg evaluate`: the counts of one prediction/target pair, in one pass, from which both its
 * per-image scores and its share of the dataset totals follow.
 *
 * @module
 */

import { overlapScore } from '../../metrics/overlapScore';
import type { MetricOptions } from '../../metrics/types';
import { readAndCountPair } from '../../metrics/validate';
import type { Tensor } from './alignPair';

/** One pair counted: per image and class (`[B*C]`, image-major) and summed over its images (`[C]`). */
export interface PairCounts {
  images: number;
  classes: number;
  /** `[B*C]` Dice per image and class (NaN: the class is in neither), as `diceScore().perImage`. */
  dice: Float64Array;
  /** `[B*C]` IoU per image and class, as `iouScore().perImage`. */
  iou: Float64Array;
  /** `[C]` Σ over the images of |A∩B|, |A|, |B|, as `SegmentationMeter.totals()`. */
  intersection: Float64Array;
  predicted: Float64Array;
  target: Float64Array;
  /** Pixels counted (target not ignoreIndex) and those whose predicted class set equals the target's. */
  pixels: number;
  correct: number;
}

/**
 * Counts a pair once (the pass `diceScore`, `iouScore` and `SegmentationMeter.update` each make)
 * and derives from the counts what each of them reports: per image and class
 * Dice = (2I + s)/(P + T + s) and IoU = (I + s)/(P + T − I + s) (0/0 → NaN), and the sums over the
 * images of I, P, T, counted and correct pixels. The numbers are those of the three calls, bit
 * for bit (the same counts, the same formula).
 *
 * @throws {TypeError | RangeError} as `diceScore` for tensors or options it refuses.
 * @example
 * ```ts
 * const counts = countPair({ data: [0, 1], shape: [1, 2] }, { data: [0, 0], shape: [1, 2] }, { numClasses: 2 });
 * counts.target; // Float64Array [2, 0]
 * counts.dice; // Float64Array [2/3, 0]
 * ```
 */
export function countPair(pred: Tensor, target: Tensor, options: MetricOptions): PairCounts {
  const { opts, problem, counts } = readAndCountPair(pred, target, options);
  const { batch: B, numClasses: C } = problem;
  const dice = new Float64Array(B * C);
  const iou = new Float64Array(B * C);
  const intersection = new Float64Array(C);
  const predicted = new Float64Array(C);
  const targeted = new Float64Array(C);
  let pixels = 0;
  let correct = 0;
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) {
      const j = b * C + c;
      const i = counts.intersection[j]!;
      const p = counts.predicted[j]!;
      const t = counts.target[j]!;
      const skip = !opts.includeBackground && c === 0;
      dice[j] = skip ? Number.NaN : overlapScore('dice', i, p, t, opts.smooth);
      iou[j] = skip ? Number.NaN : overlapScore('iou', i, p, t, opts.smooth);
      intersection[c]! += i;
      predicted[c]! += p;
      targeted[c]! += t;
    }
    pixels += counts.pixels[b]!;
    correct += counts.correct[b]!;
  }
  return {
    images: B,
    classes: C,
    dice,
    iou,
    intersection,
    predicted,
    target: targeted,
    pixels,
    correct,
  };
}
