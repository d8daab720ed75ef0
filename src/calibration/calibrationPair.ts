/**
 * Reads one (prediction, labels) pair for temperature fitting: the views, the mode, and every
 * check of shapes and options that needs the data.
 *
 * @module
 */

import { formatValue } from '../api/formatValue';
import { invalidValueError } from '../api/tensor';
import { readTensor as readLabelTensor } from '../metrics/validate';
import type { ResolvedCalibrationOptions } from './calibrationOptions';
import { readScoreView, type ScoreView } from './scoreView';
import type { BadValue } from './temperaturePass';
import type { CalibrationMode } from './types';

/** A pair ready for the kernels. */
export interface ReadPair {
  view: ScoreView;
  labels: ArrayLike<number>;
  /** Names for error messages: `predictions[3]`, `labels[3]`. */
  predictionName: string;
  labelName: string;
}

/** What the first pair fixed for all others. */
export interface DatasetForm {
  mode: CalibrationMode;
  classes: number;
}

/**
 * Reads a pair and checks it against the options and the form of the pairs before it (`form`
 * undefined for the first pair, which fixes it). The mode comes from the options, else the
 * activation, else the data: one channel is a sigmoid, and for more channels label maps
 * `[B, ...spatial]` mean softmax and 0/1 masks shaped like the predictions mean sigmoid.
 *
 * @throws {TypeError} a prediction or label that is not a tensor.
 * @throws {RangeError} shapes that disagree, a class count different from earlier pairs, softmax
 *   over one channel, `perClass` under softmax, or an `ignoreIndex` that is a valid label.
 * @example
 * ```ts
 * const { pair, form } = readPair(p, y, 0, options, undefined); // form.mode: 'softmax' for a label map
 * ```
 */
export function readPair(
  prediction: unknown,
  label: unknown,
  index: number,
  options: ResolvedCalibrationOptions,
  form: DatasetForm | undefined,
): { pair: ReadPair; form: DatasetForm } {
  const predictionName = index < 0 ? 'predictions' : `predictions[${index}]`;
  const labelName = index < 0 ? 'labels' : `labels[${index}]`;
  const view = readScoreView(prediction, options.activation, options.layout, predictionName);
  const labels = readLabelTensor(label, labelName);
  const C = view.classes;
  const spatial = [view.batch, ...view.spatialShape];
  const labelMap = sameShape(labels.shape, spatial);
  const masks = sameShape(labels.shape, view.shape);
  const mode: CalibrationMode =
    form?.mode ??
    options.mode ??
    (C === 1 ? 'sigmoid' : labelMap ? 'softmax' : masks ? 'sigmoid' : 'softmax');
  if (form !== undefined && C !== form.classes) {
    throw new RangeError(
      `${predictionName} has ${C} classes; the predictions before it have ${form.classes}`,
    );
  }
  if (mode === 'softmax') {
    if (C === 1) {
      throw new RangeError(
        `${predictionName} has one class channel: a softmax over one class is constant; a binary model is calibrated as a sigmoid (mode 'sigmoid')`,
      );
    }
    if (!labelMap) {
      throw new RangeError(
        `${labelName} has shape [${labels.shape.join(', ')}]; softmax calibration needs a label map [B, ...spatial] = [${spatial.join(', ')}]`,
      );
    }
    if (options.perClass) {
      throw new RangeError(
        "options.perClass needs mode 'sigmoid' (one temperature per independent class); these labels are a label map, so the model is calibrated as a softmax",
      );
    }
    if (options.ignoreIndex >= 0 && options.ignoreIndex < C) {
      throw new RangeError(
        `options.ignoreIndex (${options.ignoreIndex}) must lie outside the class labels [0, ${C})`,
      );
    }
  } else {
    if (!masks && !(C === 1 && labelMap)) {
      throw new RangeError(
        `${labelName} has shape [${labels.shape.join(', ')}]; sigmoid calibration needs 0/1 masks shaped like the predictions, [${view.shape.join(', ')}]` +
          (C === 1 ? ` (or [${spatial.join(', ')}])` : ''),
      );
    }
    if (options.ignoreIndex === 0 || options.ignoreIndex === 1) {
      throw new RangeError(
        `options.ignoreIndex (${options.ignoreIndex}) must not be 0 or 1, the mask values`,
      );
    }
  }
  return {
    pair: { view, labels: labels.data, predictionName, labelName },
    form: form ?? { mode, classes: C },
  };
}

/**
 * The error for the value a kernel stopped at.
 *
 * @example
 * ```ts
 * throw badValueError(pair, bad, 'softmax', NaN);
 * ```
 */
export function badValueError(
  pair: ReadPair,
  bad: BadValue,
  mode: CalibrationMode,
  ignoreIndex: number,
): Error {
  if (bad.tensor === 'prediction') {
    const v = pair.view.data[bad.index]!;
    if (pair.view.fromProbabilities) return invalidValueError(pair.predictionName, bad.index, v);
    return new RangeError(`${pair.predictionName}.data[${bad.index}] is ${v}; logits must be finite numbers`);
  }
  const v: unknown = pair.labels[bad.index];
  const where = `${pair.labelName}.data[${bad.index}]`;
  if (typeof v !== 'number') return new TypeError(`${where} must be a number; got ${formatValue(v)}`);
  const ignore = Number.isNaN(ignoreIndex) ? '' : ` or options.ignoreIndex (${ignoreIndex})`;
  return mode === 'softmax'
    ? new RangeError(`${where} = ${v} must be a class label in [0, ${pair.view.classes})${ignore}`)
    : new RangeError(`${where} = ${v} must be 0 or 1${ignore}`);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
