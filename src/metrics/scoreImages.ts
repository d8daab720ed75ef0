import type { OverlapMetric } from '../solvers/catalog';
import { nanMean, overlapScore } from './overlapScore';
import type { ScoreResult } from './types';
import { readAndCountPair } from './validate';

/**
 * Shared body of {@link diceScore} and {@link iouScore}: validate, count per image and class, score
 * each (image, class) with {@link overlapScore}, then nanmean over images and over classes.
 * Inputs are read only.
 *
 * Complexity O(B·N) for label maps, O(B·C·N) with masks; memory O(B·C) (+ O(N) scratch with masks).
 *
 * @throws {TypeError | RangeError} see diceScore.
 * @example
 * ```ts
 * scoreImages('iou', { data: [1, 1], shape: [1, 2] }, { data: [1, 0], shape: [1, 2] }, { numClasses: 2 }).mean;
 * // class 0: 0/1 = 0, class 1: 1/2 → 0.25
 * ```
 */
export function scoreImages(
  metric: OverlapMetric,
  pred: unknown,
  target: unknown,
  options: unknown,
): ScoreResult {
  const { opts, problem, counts } = readAndCountPair(pred, target, options);
  const { batch: B, numClasses: C } = problem;
  const perImage = new Float64Array(B * C);
  for (let j = 0; j < B * C; j++) {
    perImage[j] =
      !opts.includeBackground && j % C === 0
        ? Number.NaN
        : overlapScore(metric, counts.intersection[j]!, counts.predicted[j]!, counts.target[j]!, opts.smooth);
  }
  const perClass = new Float64Array(C);
  for (let c = 0; c < C; c++) perClass[c] = nanMean(perImage, c, B, C);
  return { perImage, perClass, mean: nanMean(perClass, 0, C, 1), shape: [B, C] };
}
