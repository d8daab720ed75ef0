/**
 * Why a file's values are not the probabilities the command expected, and the flag that fixes it.
 *
 * @module
 */

import type { ProbabilityValueError } from '../../api/ProbabilityValueError';
import { DISTRIBUTION_TOLERANCE } from '../../api/validation';
import { findClassSumViolation } from '../../kernels/classSums';
import type { StoredArray } from './readProbabilities';

/**
 * The message of a value error of the library, with advice in command-line terms worked out from
 * the file's own values:
 * - values outside [0, 1]: whole numbers 0…255 are 8-bit data, not probabilities; other values
 *   look like logits (`--activation softmax|sigmoid`); NaN or ±Infinity are neither;
 * - class values that do not sum to 1: the axis along which they do (`--class-axis K`, counted
 *   as the file counts its axes); else independent classes (`--output-mode multilabel`) or, for
 *   an array, a one-class map (an axis of size 1 as `--class-axis`, or `--class-axis none`).
 * One pass over the values per axis tried; only run after a failure.
 *
 * @example
 * ```ts
 * explainValueError(error, input.stored, input.classes);
 * // "probs: the 64 class values of image 0, pixel [0, 0] sum to 2.5, not 1 (…); they sum to 1 along
 * //  axis 0 of [4, 64, 128, 128]: use --class-axis 0"
 * ```
 */
export function explainValueError(
  error: ProbabilityValueError,
  stored: StoredArray,
  classes: number,
): string {
  const advice = error.kind === 'range' ? rangeAdvice(stored, classes) : distributionAdvice(stored);
  return `${error.fact}; ${advice}`;
}

/** Advice for values outside [0, 1]. */
function rangeAdvice(stored: StoredArray, classes: number): string {
  const values = stored.values();
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let whole = true;
  let finite = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      finite = false;
      break;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    if (whole && v !== Math.round(v)) whole = false;
  }
  if (!finite) {
    return 'the file holds NaN or ±Infinity, which are neither probabilities nor logits: check the model output';
  }
  if (whole && min >= 0 && max <= 255) {
    return (
      `the values are whole numbers from ${min} to ${max}: this looks like 8-bit data (0–255), not probabilities; ` +
      'save p = value / 255 as floats (a one-class map may be an 8-bit grayscale PNG, read as value / 255), ' +
      "or, if these are class labels, the file is already a mask: score it with 'rankseg evaluate'"
    );
  }
  const span = `the values span [${min}, ${max}]`;
  if (classes === 1) return `${span}: they look like logits: use --activation sigmoid`;
  return (
    `${span}: they look like logits: use --activation softmax (one class per pixel) ` +
    'or --activation sigmoid (independent classes)'
  );
}

/** Advice for class values that do not sum to 1: the axis along which they do, if any. */
function distributionAdvice(stored: StoredArray): string {
  const { shape } = stored;
  const shown = `[${shape.join(', ')}]`;
  const values = stored.values();
  for (let k = 0; k < shape.length; k++) {
    if (k === stored.classAxis || shape[k]! < 2) continue;
    let outer = 1;
    let inner = 1;
    for (let j = 0; j < k; j++) outer *= shape[j]!;
    for (let j = k + 1; j < shape.length; j++) inner *= shape[j]!;
    if (findClassSumViolation(values, outer, shape[k]!, inner, DISTRIBUTION_TOLERANCE) === undefined) {
      return `they sum to 1 along axis ${k} of ${shown} instead: use ${classAxisFlag(stored, k)}`;
    }
  }
  const where = stored.classAxis === undefined ? '' : ` on axis ${stored.classAxis}`;
  const advice = [
    `if the classes${where} are independent (sigmoid outputs, nnU-Net region-based training), use --output-mode multilabel`,
  ];
  if (stored.axes === 'array') {
    // a one-class map read with one of its spatial axes as the classes
    const single = shape.findIndex((n, k) => n === 1 && k !== stored.classAxis);
    advice.push(
      single >= 0
        ? `if it is a one-class map, use ${classAxisFlag(stored, single).replace(/ \(.*\)$/, '')} (its axis of size 1)`
        : 'if it is a one-class map, save it with a class axis of size 1, e.g. (1, 1, ...spatial), ' +
            'or use --class-axis none to read it as [B, ...spatial]',
    );
  }
  return `no axis of ${shown} sums to 1: ${advice.join('; ')}; --validate none skips this check`;
}

/** The flag that puts the classes on C-order axis `k` of the stored array. */
function classAxisFlag(stored: StoredArray, k: number): string {
  const rank = stored.shape.length;
  if (stored.axes === 'nifti') {
    const j = rank - 1 - k;
    return `--class-axis ${j} (NIfTI axes: 0 = x, 1 = y, 2 = z, 3 = the 4th)`;
  }
  if (k === rank - 1) return '--class-axis -1 (or --layout channels-last)';
  if (k === 0) return '--class-axis 0 (one image, classes first, no batch axis)';
  return `--class-axis ${k}`;
}
