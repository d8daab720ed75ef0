/**
 * Public types of temperature calibration.
 *
 * @module
 */

import type { ProbabilityTensor } from '../api/types';
import type { MetricTensor } from '../metrics/types';

/**
 * How a model turns scores into probabilities, and so how a temperature T acts:
 * - `'softmax'`: classes compete, one label per pixel: p = softmax(z / T) over the classes. Labels
 *   are label maps `[B, ...spatial]`.
 * - `'sigmoid'`: every class of every pixel is its own yes/no (binary or multilabel):
 *   p = σ(z / T) per value. Labels are 0/1 masks shaped like the predictions (for one class, a
 *   `[B, ...spatial]` map of 0/1 is accepted too).
 */
export type CalibrationMode = 'softmax' | 'sigmoid';

/**
 * Options of {@link applyTemperature}. Strings are matched case-insensitively after trimming.
 *
 * @example
 * ```ts
 * const options: TemperatureOptions = { activation: 'softmax', layout: 'channels-last' };
 * ```
 */
export interface TemperatureOptions {
  /**
   * `'none'` (default): the values are probabilities, and the scores are z = log p (softmax; the
   * shift log Σ e^z drops out of softmax(z / T)) or z = logit p (sigmoid). `'softmax'` /
   * `'sigmoid'`: the values are logits z, read as they are.
   */
  activation?: 'none' | 'softmax' | 'sigmoid' | (string & {});
  /** `'channels-first'` (default) `[B, C, ...spatial]` or `'channels-last'` `[B, ...spatial, C]`. */
  layout?: 'channels-first' | 'channels-last' | (string & {});
  /**
   * See {@link CalibrationMode}. Default: the activation's when it is `'softmax'` or `'sigmoid'`;
   * for probabilities, `'sigmoid'` for one channel and `'softmax'` for more ({@link fitTemperature}
   * reads it from the labels instead: label maps mean softmax, 0/1 masks sigmoid).
   */
  mode?: CalibrationMode | (string & {});
}

/**
 * Options of {@link fitTemperature}: those of {@link TemperatureOptions}, and:
 *
 * @example
 * ```ts
 * const options: CalibrationOptions = { activation: 'sigmoid', perClass: true, ignoreIndex: 255 };
 * ```
 */
export interface CalibrationOptions extends TemperatureOptions {
  /** `'sigmoid'` only: one temperature per class instead of one for all. Default false. */
  perClass?: boolean;
  /** A label value that counts nowhere (e.g. 255): its pixel (or pixel-class) is skipped. */
  ignoreIndex?: number;
  /** Equal-width confidence bins of the ECE and the reliability curve; integer ≥ 1. Default 15. */
  bins?: number;
}

/**
 * One bin of a reliability curve: the predictions whose confidence lies in [lower, upper) (the last
 * bin includes 1), how many there are, their mean confidence and the fraction of them that are
 * right. `confidence` and `accuracy` are NaN for an empty bin.
 */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  confidence: number;
  accuracy: number;
}

/**
 * What {@link fitTemperature} found. NLL is the mean negative log-likelihood of the labels in
 * nats, per scored value (a pixel under softmax, a pixel-class under sigmoid); ECE the expected
 * calibration error over {@link CalibrationOptions.bins} equal-width bins (see
 * {@link fitTemperature} for the exact definitions). `before` is at T = 1 (the model as it is),
 * `after` at the fitted temperature.
 *
 * @typeParam T - `number`, or `number[]` (one per class) with `perClass: true`.
 */
export interface TemperatureFit<T extends number | number[] = number> {
  /** T > 1 softens an over-confident model, T < 1 sharpens an under-confident one. */
  temperature: T;
  nll: { before: number; after: number };
  ece: { before: number; after: number };
  /** Reliability curves (per bin: count, mean confidence, accuracy) before and after. */
  reliability: { before: ReliabilityBin[]; after: ReliabilityBin[] };
  /** The mode the fit used. */
  mode: CalibrationMode;
  /** Values scored: labelled pixels (softmax) or pixel-classes (sigmoid). */
  count: number;
  /** Passes over the data the fit took (each reads every pair once). */
  passes: number;
}

/**
 * A re-iterable source of tensors that works without async: one tensor (all its images), an array
 * of tensors, or a function returning a fresh iterable of them each time it is called (a generator
 * function, for instance, that reads file by file).
 */
export type SyncSource<T> = T | readonly T[] | (() => Iterable<T>);

/**
 * Any source of tensors: a {@link SyncSource}, or a function returning a fresh async iterable
 * (files read with `await`). {@link fitTemperature} calls it once per pass.
 */
export type CalibrationSource<T> = SyncSource<T> | (() => AsyncIterable<T> | Iterable<T>);

/** The predictions {@link fitTemperature} reads: probabilities or logits, `[B, C, ...spatial]`. */
export type PredictionTensor = ProbabilityTensor;
/** The labels {@link fitTemperature} reads: label maps or 0/1 masks. */
export type LabelTensor = MetricTensor;

/**
 * The temperature type a fit returns for options `O`: `number[]` with `perClass: true`, `number`
 * without `perClass` or with `false`, either when it is not known until run time.
 */
export type TemperatureOf<O> = 'perClass' extends keyof O
  ? O['perClass' & keyof O] extends true
    ? number[]
    : O['perClass' & keyof O] extends false | undefined
      ? number
      : number | number[]
  : number;
