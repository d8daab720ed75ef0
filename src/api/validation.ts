import { findClassSumViolation } from '../kernels/classSums';
import { ProbabilityValueError } from './ProbabilityValueError';
import { invalidValueError, type ProbabilityView } from './tensor';

/** What `validate` checks beyond the values' range: nothing more, or the class distribution. */
export const VALIDATIONS = ['none', 'distribution'] as const;
/** One of {@link VALIDATIONS}. */
export type Validation = (typeof VALIDATIONS)[number];

/**
 * How far from 1 a pixel's class values may sum under `validate: 'distribution'`.
 *
 * Why 1e-3: float16 stores a value with relative error at most u = 2⁻¹¹ ≈ 4.9e-4 (half an ulp),
 * so C rounded probabilities that summed to 1 sum to 1 ± u·Σp = 1 ± 4.9e-4; a softmax whose
 * normalizing sum was itself rounded to float16 adds at most another u, ≤ 9.8e-4 in all. float32
 * (u = 6e-8) stays below 1e-5 for up to a hundred classes. Values read along a wrong axis, logits,
 * or independent per-class probabilities miss 1 by far more at almost every pixel.
 */
export const DISTRIBUTION_TOLERANCE = 1e-3;

/**
 * Under `validate: 'distribution'`, checks that every pixel's values along the class axis sum to
 * 1 within {@link DISTRIBUTION_TOLERANCE} — where the options say they should: multiclass output,
 * two or more classes, no activation (softmax makes distributions itself; sigmoid outputs are
 * independent per class). Every pixel of every image is checked, in one pass over the data (about
 * the cost of an argmax); a sum thrown off by a value outside [0, 1] is reported as that value.
 * Nothing happens otherwise. Values out of range whose sums stay at 1 are left to the solvers'
 * own range check, which runs anyway.
 *
 * @throws {ProbabilityValueError} (a RangeError) naming the first pixel (image and coordinates)
 *   whose sum is off and that sum, or the first value outside [0, 1].
 * @example
 * ```ts
 * checkDistribution(view, resolveOptions({ validate: 'distribution' }), 'probs');
 * ```
 */
export function checkDistribution(
  view: ProbabilityView,
  options: { validate: Validation; outputMode: string; activation: string },
  name: string,
): void {
  if (options.validate !== 'distribution') return;
  if (options.outputMode !== 'multiclass' || options.activation !== 'none' || view.classes < 2) return;
  const { data, batch, classes, pixels } = view;
  const found = findClassSumViolation(data, batch, classes, pixels, DISTRIBUTION_TOLERANCE);
  if (found === undefined) return;
  if (found.kind === 'range') throw invalidValueError(name, found.index, found.value);
  const image = Math.floor(found.index / pixels);
  const where = coordinates(found.index - image * pixels, view.spatialShape);
  throw new ProbabilityValueError(
    'distribution',
    `${name}: the ${classes} class values of image ${image}, pixel [${where.join(', ')}] sum to ${found.value}, not 1 ` +
      `(validate 'distribution' allows a difference of ${DISTRIBUTION_TOLERANCE})`,
    ": the class axis may be another one (see layout), the values may be logits (use activation 'softmax' " +
      "or 'sigmoid'), or independent per-class probabilities (use outputMode 'multilabel'); " +
      "validate: 'none' skips this check",
  );
}

/** C-order coordinates of flat index `index` in `shape`. */
function coordinates(index: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let rest = index;
  for (let k = shape.length - 1; k >= 0; k--) {
    out[k] = rest % shape[k]!;
    rest = Math.floor(rest / shape[k]!);
  }
  return out;
}
