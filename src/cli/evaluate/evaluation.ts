/**
 * `rankseg evaluate`: the scores of a run from its pairs' counts, taken in order — the same code
 * for one run and for `--merge` of several, so that both give the same numbers.
 *
 * @module
 */

import type { MetricInputForm } from '../../metrics/types';
import type { Failure } from '../common/runEach';
import type { PairScore } from './evaluateJob';
import { DatasetTotals, PooledScores, type Scores } from './scoreTotals';

/** The flags that decide the scores; runs merged must agree on them. */
export interface EvaluationOptions {
  input: MetricInputForm;
  /** `--num-classes`, or null (from the data or the masks). */
  numClasses: number | null;
  /** `--ignore-index`, or null. */
  ignoreIndex: number | null;
  /** `--dataset`: counts summed over all images first, one ratio per class. */
  dataset: boolean;
}

/** Dataset totals: per class Σ|A∩B|, Σ|A|, Σ|B|, and the pixels counted and right, over all images. */
export interface EvaluationCounts {
  intersection: Float64Array;
  predicted: Float64Array;
  target: Float64Array;
  pixels: number;
  correct: number;
  images: number;
}

/** The scores of a run. */
export interface Evaluation {
  dice: Scores;
  iou: Scores;
  /** Classes of the scores: --num-classes, or the most any pair had. */
  classes: number;
  /** Some pair's class count came from the data. */
  inferred: boolean;
  images: number;
  /** The pairs that count, in order. */
  scored: PairScore[];
  /** Pairs refused here: masks with another class count than the first masks. */
  failures: Failure[];
  warnings: string[];
  counts: EvaluationCounts;
}

/**
 * The scores of pairs taken in the given order:
 * - without `dataset`, per class the mean of the per-image scores over the images where the class
 *   is in the prediction or the target (pooled over the pairs, summed in this order);
 * - with `dataset`, per class one ratio of the counts summed over all images.
 * Pairs whose class count is fixed (masks, or `--num-classes`) must agree with the first such
 * pair: one that does not is a failure and adds nothing. Without `--num-classes` the class count
 * is the largest of the pairs'. The dataset totals (`counts`) are summed in both modes; counts are
 * integers below 2^53, so their sums are exact in any order.
 *
 * @example
 * ```ts
 * const evaluation = evaluatePairs(scores, { input: 'auto', numClasses: null, ignoreIndex: null, dataset: false });
 * evaluation.dice.mean;
 * ```
 */
export function evaluatePairs(pairs: readonly PairScore[], options: EvaluationOptions): Evaluation {
  const totals = new DatasetTotals();
  const pooled = { dice: new PooledScores(), iou: new PooledScores() };
  const sums = { intersection: [] as number[], predicted: [] as number[], target: [] as number[] };
  let pixels = 0;
  let correct = 0;
  let classes = options.numClasses ?? 0;
  let inferred = false;
  let maskClasses: number | undefined;
  let images = 0;
  const scored: PairScore[] = [];
  const failures: Failure[] = [];
  const warnings: string[] = [];
  for (const pair of pairs) {
    const { counts } = pair;
    const C = counts.classes;
    if (!pair.classesInferred) {
      // masks fix the class count: every file must have the same
      if (maskClasses !== undefined && C !== maskClasses) {
        failures.push({ file: pair.pred, reason: `has ${C} classes, earlier files have ${maskClasses}` });
        continue;
      }
      maskClasses = C;
    } else {
      inferred = true;
    }
    if (options.dataset) totals.add(counts);
    else {
      pooled.dice.add(counts.dice, C);
      pooled.iou.add(counts.iou, C);
    }
    for (let c = 0; c < C; c++) {
      sums.intersection[c] = (sums.intersection[c] ?? 0) + counts.intersection[c]!;
      sums.predicted[c] = (sums.predicted[c] ?? 0) + counts.predicted[c]!;
      sums.target[c] = (sums.target[c] ?? 0) + counts.target[c]!;
    }
    pixels += counts.pixels;
    correct += counts.correct;
    classes = Math.max(classes, C);
    images += counts.images;
    warnings.push(...pair.warnings);
    scored.push(pair);
  }
  if (inferred && classes === 256 && options.ignoreIndex === null) {
    warnings.push(
      '256 classes taken from the data (largest label 255): if 255 marks void pixels, pass --ignore-index 255',
    );
  }
  const padded = (values: number[]) => Float64Array.from({ length: classes }, (_, c) => values[c] ?? 0);
  return {
    dice: options.dataset ? totals.scores('dice', classes) : pooled.dice.scores(classes),
    iou: options.dataset ? totals.scores('iou', classes) : pooled.iou.scores(classes),
    classes,
    inferred,
    images,
    scored,
    failures,
    warnings,
    counts: {
      intersection: padded(sums.intersection),
      predicted: padded(sums.predicted),
      target: padded(sums.target),
      pixels,
      correct,
      images,
    },
  };
}
