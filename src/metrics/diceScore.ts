import { scoreImages } from './scoreImages';
import type { MetricOptions, MetricTensor, ScoreResult } from './types';

/**
 * Dice score of a predicted segmentation against a target, per image and class, per class and overall.
 *
 * For image b and class c, with A = pixels predicted as c, B = target pixels of c, s = `smooth`:
 *
 *   Dice = (2|A∩B| + s) / (|A| + |B| + s),   0/0 → NaN (class absent from both, s = 0).
 *
 * `perClass[c]` is the mean of `perImage[b*C + c]` over images skipping NaN and `mean` the mean of
 * `perClass` skipping NaN — torchmetrics' `dice_score(..., average='none')` followed by nanmean.
 * (For dataset-level Dice, counts summed over all images first, use {@link SegmentationMeter}.)
 *
 * Inputs (see {@link MetricTensor}, {@link MetricOptions}):
 * - two label maps `[B, ...spatial]` with `numClasses`;
 * - two 0/1 mask stacks `[B, C, ...spatial]` (multilabel), C from the shape;
 * - a label map and a mask stack (ranks differ by one), e.g. rankseg's multiclass output against
 *   one-hot targets.
 * With `ignoreIndex`, target pixels carrying it count nowhere. Prediction labels ≥ C or equal to
 * `ignoreIndex` (rankseg's `voidIndex`) are pixels predicted as no class. Inputs are never mutated.
 *
 * Complexity O(B·N) for two label maps (one pass over the pixels), O(B·C·N) with masks; memory
 * O(B·C), plus O(N) scratch when a mask is involved.
 *
 * @param pred predicted label map or masks.
 * @param target ground-truth label map or masks, same batch and spatial dims.
 * @param options - see {@link MetricOptions} (each option with its default); unknown names are a RangeError.
 * @returns `{ perImage: Float64Array [B*C], perClass: Float64Array [C], mean, shape: [B, C] }`.
 * @throws {TypeError} an argument that is not an object, `data` not a numeric array, a value that is not
 *   a number, an option of the wrong kind.
 * @throws {RangeError} `data.length` ≠ product of the shape, a zero or non-integer dimension, shapes
 *   that disagree, `numClasses` missing for label maps, not a positive integer or above 65,536, two
 *   label maps with B · numClasses above 2^24, a negative or fractional label, a target label outside
 *   [0, C) that is not `ignoreIndex`, a mask value other than 0/1, `smooth` negative or not finite,
 *   `ignoreIndex` inside [0, C), an unknown option name.
 * @example
 * ```ts
 * import { diceScore } from 'rankseg';
 * // pred     target      class 0: |A|=3 |B|=4 |A∩B|=3 → 6/7
 * // 0 0 1    0 0 0       class 1: |A|=4 |B|=4 |A∩B|=3 → 6/8
 * // 0 1 1    0 1 1       class 2: |A|=2 |B|=1 |A∩B|=1 → 2/3
 * // 2 2 1    2 1 1
 * const pred = { data: new Uint8Array([0, 0, 1, 0, 1, 1, 2, 2, 1]), shape: [1, 3, 3] };
 * const target = { data: new Uint8Array([0, 0, 0, 0, 1, 1, 2, 1, 1]), shape: [1, 3, 3] };
 * const r = diceScore(pred, target, { numClasses: 3 });
 * r.perClass; // Float64Array [0.857…, 0.75, 0.666…]
 * r.mean; // 0.7579365079365079
 * ```
 */
export function diceScore(pred: MetricTensor, target: MetricTensor, options?: MetricOptions): ScoreResult {
  return scoreImages('dice', pred, target, options);
}
