import { scoreImages } from './scoreImages';
import type { MetricOptions, MetricTensor, ScoreResult } from './types';

/**
 * IoU (Jaccard index) of a predicted segmentation against a target, per image and class, per class
 * and overall.
 *
 * For image b and class c, with A = pixels predicted as c, B = target pixels of c, s = `smooth`:
 *
 *   IoU = (|A∩B| + s) / (|A∪B| + s),   |A∪B| = |A| + |B| − |A∩B|,   0/0 → NaN.
 *
 * Averaging, inputs, `ignoreIndex` and "no class" prediction labels exactly as {@link diceScore}:
 * `perClass` is the nanmean over images, `mean` the nanmean over classes. This is the mean of per-image
 * IoU; the benchmark mIoU of VOC/Cityscapes (counts summed over the dataset first) is
 * {@link SegmentationMeter}'s `iou()`.
 *
 * Complexity O(B·N) for two label maps, O(B·C·N) with masks; memory O(B·C) (+ O(N) with masks).
 *
 * @param pred predicted label map `[B, ...spatial]` or 0/1 masks `[B, C, ...spatial]`.
 * @param target ground truth, same batch and spatial dims.
 * @param options - see {@link MetricOptions} (each option with its default); unknown names are a RangeError.
 * @returns `{ perImage: Float64Array [B*C], perClass: Float64Array [C], mean, shape: [B, C] }`.
 * @throws {TypeError} wrong kinds, as {@link diceScore}.
 * @throws {RangeError} bad values, as {@link diceScore}.
 * @example
 * ```ts
 * import { iouScore } from 'rankseg';
 * // two 0/1 masks of shape [1, 2, 3] (image 0, classes 0 and 1, three pixels each)
 * const pred = { data: [1, 1, 0, 0, 0, 0], shape: [1, 2, 3] };
 * const target = { data: [1, 0, 0, 0, 0, 0], shape: [1, 2, 3] };
 * const r = iouScore(pred, target);
 * r.perImage; // Float64Array [0.5, NaN]  (class 1 absent from both)
 * r.mean; // 0.5
 * iouScore(pred, target, { smooth: 1 }).perImage; // Float64Array [2/3, 1]
 * ```
 */
export function iouScore(pred: MetricTensor, target: MetricTensor, options?: MetricOptions): ScoreResult {
  return scoreImages('iou', pred, target, options);
}
