/**
 * The true Dice and IoU of masks against a ground-truth file, for `rankseg compare --target`.
 *
 * @module
 */

import type { Mask, OutputMode } from '../../api/types';
import { diceScore } from '../../metrics/diceScore';
import { iouScore } from '../../metrics/iouScore';
import type { MetricOptions, MetricTensor } from '../../metrics/types';
import { readLabelFile } from '../common/readLabels';
import { flagMessage } from '../common/usage';

/** Options of {@link targetScorer}. */
export interface TargetOptions {
  /** s ≥ 0 of Dice/IoU. */
  smooth: number;
  /** `.npz` member of the target. */
  key?: string;
  /** Target label that counts nowhere (label-map targets). */
  ignoreIndex?: number;
}

/**
 * Reads the target once and returns the scorer of a mask against it: `diceScore`/`iouScore`
 * `.mean` (per class, mean over the images where the class is in the prediction or the target,
 * then over classes; NaN when no class scores). The target is matched to probabilities of shape
 * `[B, C, ...spatial]` by its number of values:
 * - one class: B·P values of 0/1 (a 0/1 array, or a black/white PNG), read as masks `[B, 1, ...]`;
 * - C ≥ 2: B·P labels in [0, C) (or `ignoreIndex`), or B·C·P values of 0/1 masks `[B, C, ...]`.
 * Its trailing dimensions must be the spatial ones (so a transposed target is refused).
 *
 * @param outputMode - the form of the masks to be scored: label maps (multiclass) or 0/1 masks.
 * @throws {RangeError} (message starting with the path) for a target that fits neither form,
 *   non-0/1 values in a one-class target, or labels outside [0, C) that are not `ignoreIndex`; the
 *   readers' errors for unreadable files.
 * @example
 * ```ts
 * const truth = await targetScorer('gt.png', [1, 1, 64, 64], 'multilabel', { smooth: 0 });
 * truth(solve(probs, { outputMode: 'multilabel' }).mask); // { dice: 0.93…, iou: 0.87… }
 * ```
 */
export async function targetScorer(
  path: string,
  probsShape: readonly number[],
  outputMode: OutputMode,
  options: TargetOptions,
): Promise<(mask: Mask) => { dice: number; iou: number }> {
  const file = await readLabelFile(path, {
    input: 'auto',
    numClassesGiven: true,
    ...(options.key === undefined ? {} : { key: options.key }),
  });
  const [B, C] = probsShape as [number, number];
  const spatial = probsShape.slice(2);
  const P = spatial.reduce((a, n) => a * n, 1);
  const n = file.data.length;
  const trailing = file.shape.slice(-spatial.length);
  if (trailing.length !== spatial.length || trailing.some((d, k) => d !== spatial[k])) {
    throw new RangeError(
      `${path}: shape [${file.shape.join(', ')}] does not end in the probabilities' spatial size [${spatial.join(', ')}]`,
    );
  }
  let target: MetricTensor;
  const metric: MetricOptions = { smooth: options.smooth };
  if (options.ignoreIndex !== undefined) metric.ignoreIndex = options.ignoreIndex;
  if (C === 1) {
    if (n !== B * P)
      throw new RangeError(`${path}: ${n} values; one class of [${probsShape.join(', ')}] needs ${B * P}`);
    for (let i = 0; i < n; i++) {
      const v = file.data[i]!;
      if (v !== 0 && v !== 1) {
        throw new RangeError(
          `${path}: a one-class target holds 0/1 (or is a black/white PNG); value ${v} at ${i}`,
        );
      }
    }
    target = { data: file.data, shape: [B, 1, ...spatial] };
    metric.input = 'masks';
  } else if (n === B * P) {
    target = { data: file.data, shape: [B, ...spatial] };
    metric.numClasses = C;
  } else if (n === B * C * P) {
    target = { data: file.data, shape: [B, C, ...spatial] };
    metric.numClasses = C;
    // two mask stacks must be named as such: equal ranks with numClasses would read as label maps
    if (outputMode === 'multilabel') metric.input = 'masks';
  } else {
    throw new RangeError(
      `${path}: ${n} values; probabilities [${probsShape.join(', ')}] need ${B * P} labels or ${B * C * P} mask values`,
    );
  }
  // validate the target's values now, so that its errors name it (not the probabilities)
  const blank = outputMode === 'multiclass' ? [B, ...spatial] : [B, C, ...spatial];
  try {
    diceScore({ data: new Uint8Array(blank.reduce((a, k) => a * k, 1)), shape: blank }, target, metric);
  } catch (e) {
    throw new RangeError(
      `${path}: ${flagMessage((e as Error).message.replace(/\btarget\.data\b/g, 'value'))}`,
    );
  }
  return (mask) => ({ dice: diceScore(mask, target, metric).mean, iou: iouScore(mask, target, metric).mean });
}
