import type { OverlapMetric } from '../solvers/catalog';
import {
  allocateCounts,
  allocateWorkspace,
  type CountWorkspace,
  countOverlaps,
  type OverlapCounts,
} from './confusion';
import { nanMean, overlapScore } from './overlapScore';
import type { DatasetScore, MetricOptions, MetricTensor } from './types';
import {
  formReason,
  type ParsedMetricOptions,
  parseMetricOptions,
  resolvePair,
  throwBadValue,
} from './validate';

/**
 * Dataset totals of a {@link SegmentationMeter} (copies; counts are exact up to 2^53).
 *
 * @example
 * ```ts
 * import { SegmentationMeter } from 'rankseg';
 * const meter = new SegmentationMeter({ numClasses: 2 });
 * meter.update({ data: [0, 1], shape: [1, 2] }, { data: [0, 0], shape: [1, 2] });
 * meter.totals().target; // Float64Array [2, 0]
 * ```
 */
export interface SegmentationTotals {
  /** `[C]` Σ over images of |A∩B| per class. */
  intersection: Float64Array;
  /** `[C]` Σ |A| (pixels predicted as the class). */
  predicted: Float64Array;
  /** `[C]` Σ |B| (target pixels of the class). */
  target: Float64Array;
  /** Pixels counted (target not ignoreIndex). */
  pixels: number;
  /** Counted pixels whose predicted class set equals the target's. */
  correct: number;
  /** Images seen. */
  images: number;
}

/**
 * Dataset-level accumulator, as VOC/Cityscapes benchmarks count: each {@link SegmentationMeter.update}
 * adds, per class, the intersections |A∩B|, predicted counts |A| and target counts |B| of every image;
 * the scores are ratios of the sums:
 *
 *   IoU_c = (ΣI_c + s) / (ΣP_c + ΣT_c − ΣI_c + s),   Dice_c = (2ΣI_c + s) / (ΣP_c + ΣT_c + s),
 *
 * NaN for a class never predicted nor present (0/0), `mean` over classes skipping NaN, and pixel
 * accuracy = correct pixels / counted pixels. Inputs and options follow {@link diceScore}
 * (label maps, 0/1 masks or one of each; `ignoreIndex`; "no class" prediction labels). The number of
 * classes is fixed by `numClasses` or by the first update and every update must match it. Counts are
 * Float64 (exact to 2^53 pixels). An update that throws leaves the totals unchanged.
 *
 * Complexity of `update`: as diceScore, O(B·N) for label maps; scores O(C).
 *
 * @throws TypeError or RangeError from the constructor for bad {@link MetricOptions} (an unknown
 *   option name included), and from `update` for tensors {@link diceScore} would refuse or a
 *   number of classes that differs from the meter's.
 * @example
 * ```ts
 * import { SegmentationMeter } from 'rankseg';
 * const meter = new SegmentationMeter({ numClasses: 2, ignoreIndex: 255 });
 * meter.update({ data: [0, 1, 1, 0], shape: [1, 4] }, { data: [0, 1, 0, 255], shape: [1, 4] });
 * meter.update({ data: [1, 1], shape: [1, 2] }, { data: [1, 1], shape: [1, 2] });
 * // class 0: I=1, P=1, T=2 → IoU 1/2;  class 1: I=3, P=4, T=3 → IoU 3/4
 * meter.iou(); // { perClass: Float64Array [0.5, 0.75], mean: 0.625 }
 * meter.pixelAccuracy(); // 4/5 = 0.8
 * ```
 */
export class SegmentationMeter {
  private readonly opts: ParsedMetricOptions;
  private classes: number | undefined;
  private inter = new Float64Array(0);
  private pred = new Float64Array(0);
  private tgt = new Float64Array(0);
  private pixelCount = 0;
  private correctCount = 0;
  private imageCount = 0;
  private scratch: { counts: OverlapCounts; ws: CountWorkspace } | undefined;

  /**
   * @param options - see {@link MetricOptions}; unknown names are a RangeError.
   * @throws {TypeError | RangeError} bad options, as {@link diceScore}.
   * @example
   * ```ts
   * const meter = new SegmentationMeter({ numClasses: 21, ignoreIndex: 255 });
   * ```
   */
  constructor(options?: MetricOptions) {
    this.opts = parseMetricOptions(options);
    this.classes = this.opts.numClasses;
    this.allocate();
  }

  private allocate(): void {
    const C = this.classes ?? 0;
    this.inter = new Float64Array(C);
    this.pred = new Float64Array(C);
    this.tgt = new Float64Array(C);
  }

  /** Number of classes: from options, else from the first update (undefined before it). */
  get numClasses(): number | undefined {
    return this.classes;
  }

  /** Images counted so far. */
  get images(): number {
    return this.imageCount;
  }

  /**
   * Adds the counts of a batch of images. Inputs are read only.
   *
   * @param pred predicted label map `[B, ...spatial]` or 0/1 masks `[B, C, ...spatial]`.
   * @param target ground truth, same batch and spatial dims.
   * @returns this meter (for chaining).
   * @throws {TypeError | RangeError} as {@link diceScore}; RangeError when the batch has a different
   *   number of classes than earlier updates.
   * @example
   * ```ts
   * new SegmentationMeter({ numClasses: 3 }).update({ data: [0, 2], shape: [1, 2] }, { data: [0, 1], shape: [1, 2] });
   * ```
   */
  update(pred: MetricTensor, target: MetricTensor): this {
    const problem = resolvePair(pred, target, this.opts);
    const C = problem.numClasses;
    if (this.classes !== undefined && C !== this.classes) {
      throw new RangeError(
        `update ${this.imageCount > 0 ? `after ${this.imageCount} image(s) ` : ''}has ${C} classes, ` +
          `but this meter counts ${this.classes} (pred/target class dimension must stay the same)`,
      );
    }
    const B = problem.batch;
    const N = problem.pixels;
    const needsScratch = problem.predIsMask || problem.targetIsMask;
    let s = this.scratch;
    if (s === undefined || s.counts.pixels.length !== B || s.counts.intersection.length !== B * C) {
      s = { counts: allocateCounts(B, C), ws: s?.ws ?? allocateWorkspace(0, false) };
    }
    if (needsScratch && s.ws.classOf.length < N) s.ws = allocateWorkspace(N, true);
    this.scratch = s;
    // Count into scratch first so that a bad value leaves the totals untouched.
    if (!countOverlaps(problem, s.counts, s.ws)) throwBadValue(problem, s.ws, formReason(this.opts, problem));
    if (this.classes === undefined) {
      this.classes = C;
      this.allocate();
    }
    const { intersection, predicted, target: tg, pixels, correct } = s.counts;
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < C; c++) {
        this.inter[c]! += intersection[b * C + c]!;
        this.pred[c]! += predicted[b * C + c]!;
        this.tgt[c]! += tg[b * C + c]!;
      }
      this.pixelCount += pixels[b]!;
      this.correctCount += correct[b]!;
    }
    this.imageCount += B;
    return this;
  }

  private score(metric: OverlapMetric): DatasetScore {
    const C = this.classes ?? 0;
    const perClass = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      perClass[c] =
        !this.opts.includeBackground && c === 0
          ? Number.NaN
          : overlapScore(metric, this.inter[c]!, this.pred[c]!, this.tgt[c]!, this.opts.smooth);
    }
    return { perClass, mean: nanMean(perClass, 0, C, 1) };
  }

  /**
   * Dataset IoU per class, (ΣI + s)/(ΣP + ΣT − ΣI + s), and their mean skipping NaN (the benchmark
   * mIoU). O(C).
   *
   * @example
   * ```ts
   * new SegmentationMeter({ numClasses: 2 }).iou(); // { perClass: [NaN, NaN], mean: NaN }
   * ```
   */
  iou(): DatasetScore {
    return this.score('iou');
  }

  /**
   * Dataset Dice per class, (2ΣI + s)/(ΣP + ΣT + s), and their mean skipping NaN. O(C).
   *
   * @example
   * ```ts
   * const m = new SegmentationMeter();
   * m.update({ data: [1, 0], shape: [1, 1, 2] }, { data: [1, 1], shape: [1, 1, 2] });
   * m.dice().mean; // 2/3
   * ```
   */
  dice(): DatasetScore {
    return this.score('dice');
  }

  /**
   * Fraction of counted pixels (target not `ignoreIndex`) whose predicted class set equals the
   * target's: same label for label maps, all C channels equal for masks. NaN before any pixel. O(1).
   *
   * @example
   * ```ts
   * const m = new SegmentationMeter({ numClasses: 2 });
   * m.update({ data: [0, 1, 1], shape: [1, 3] }, { data: [0, 1, 0], shape: [1, 3] }).pixelAccuracy(); // 2/3
   * ```
   */
  pixelAccuracy(): number {
    return this.pixelCount === 0 ? Number.NaN : this.correctCount / this.pixelCount;
  }

  /**
   * Copies of the dataset totals.
   *
   * @example
   * ```ts
   * new SegmentationMeter({ numClasses: 2 }).totals().images; // 0
   * ```
   */
  totals(): SegmentationTotals {
    return {
      intersection: this.inter.slice(),
      predicted: this.pred.slice(),
      target: this.tgt.slice(),
      pixels: this.pixelCount,
      correct: this.correctCount,
      images: this.imageCount,
    };
  }

  /**
   * Forgets every count; the number of classes returns to `options.numClasses` (or unknown).
   *
   * @example
   * ```ts
   * const m = new SegmentationMeter({ numClasses: 2 });
   * m.reset(); // m.images === 0
   * ```
   */
  reset(): void {
    this.classes = this.opts.numClasses;
    this.allocate();
    this.pixelCount = 0;
    this.correctCount = 0;
    this.imageCount = 0;
  }
}
