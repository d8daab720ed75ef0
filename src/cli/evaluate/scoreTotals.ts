/**
 * `rankseg evaluate`: scores pooled over the files of a run, whose class counts may grow from
 * file to file when they are taken from the data.
 *
 * @module
 */

import { nanMean, overlapScore } from '../../metrics/overlapScore';
import type { SegmentationTotals } from '../../metrics/SegmentationMeter';

/** Per-class scores and their mean, NaN where undefined. */
export interface Scores {
  perClass: Float64Array;
  mean: number;
}

/**
 * Sums of per-image scores per class, skipping NaN, pooled over files: the mean over the images
 * where the class is in the prediction or the target. A file with fewer classes than another adds
 * nothing to the classes it lacks (they are absent from its images: NaN).
 *
 * @example
 * ```ts
 * const pooled = new PooledScores();
 * pooled.add(new Float64Array([1, NaN, 0.5, 1]), 2); // two images, two classes
 * pooled.scores(2).perClass; // [0.75, 1]
 * ```
 */
export class PooledScores {
  private sum: number[] = [];
  private count: number[] = [];

  /** Adds `[B, C]` per-image scores. */
  add(perImage: Float64Array, C: number): void {
    for (let j = 0; j < perImage.length; j++) {
      const c = j % C;
      const x = perImage[j]!;
      this.sum[c] ??= 0;
      this.count[c] ??= 0;
      if (Number.isNaN(x)) continue;
      this.sum[c] += x;
      this.count[c] += 1;
    }
  }

  /** The scores of classes 0…C−1 and their mean over the classes that have one. */
  scores(C: number): Scores {
    const perClass = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      const k = this.count[c] ?? 0;
      perClass[c] = k === 0 ? Number.NaN : this.sum[c]! / k;
    }
    return { perClass, mean: nanMean(perClass, 0, C, 1) };
  }
}

/**
 * Dataset totals (Σ|A∩B|, Σ|A|, Σ|B| per class) pooled over files, each file's from a
 * `SegmentationMeter` of its own class count; scores as the meter's: one ratio per class.
 *
 * @example
 * ```ts
 * const totals = new DatasetTotals();
 * totals.add(meter.totals());
 * totals.scores('iou', 3).mean;
 * ```
 */
export class DatasetTotals {
  private inter: number[] = [];
  private pred: number[] = [];
  private tgt: number[] = [];

  /** Adds one file's totals. */
  add(totals: SegmentationTotals): void {
    for (let c = 0; c < totals.intersection.length; c++) {
      this.inter[c] = (this.inter[c] ?? 0) + totals.intersection[c]!;
      this.pred[c] = (this.pred[c] ?? 0) + totals.predicted[c]!;
      this.tgt[c] = (this.tgt[c] ?? 0) + totals.target[c]!;
    }
  }

  /** Dice or IoU per class, (2ΣI)/(ΣP + ΣT) or ΣI/(ΣP + ΣT − ΣI), NaN for 0/0, and their mean. */
  scores(metric: 'dice' | 'iou', C: number): Scores {
    const perClass = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      perClass[c] = overlapScore(metric, this.inter[c] ?? 0, this.pred[c] ?? 0, this.tgt[c] ?? 0, 0);
    }
    return { perClass, mean: nanMean(perClass, 0, C, 1) };
  }
}
