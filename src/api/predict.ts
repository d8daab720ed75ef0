import { isOverlapMetric } from '../solvers/catalog';
import { checkOptionsForClasses, resolveOptions } from './options';
import { run, type SolverSource } from './run';
import { readProbabilities } from './tensor';
import type { Mask, MaskData, ProbabilityTensor, RanksegOptions, Solution } from './types';
import { checkDistribution } from './validation';

/**
 * Turns segmentation probabilities into the mask that maximizes the expected Dice or IoU
 * (RankSEG; Dai & Li, JMLR 2023; Wang & Dai, NeurIPS 2025), instead of argmax or `p > 0.5`.
 *
 * Per image and class the optimal mask is "the τ most probable pixels" for some volume τ;
 * the solver chooses τ. The default solver, RMA, runs in O(d) per image and class.
 *
 * @param probs - probabilities `{data, shape}` (or `{data, dims}`) of shape `[B, C, ...spatial]`,
 *   C order, values in [0, 1]. Never modified.
 * @param options - see {@link RanksegOptions} (each option with its default); none needed.
 * @returns labels `[B, ...spatial]` (multiclass) or 0/1 masks `[B, C, ...spatial]` (multilabel),
 *   in the smallest unsigned integer array that holds them.
 * @throws TypeError when probs or an option has the wrong kind.
 * @throws RangeError for a bad shape, a value outside [0, 1], NaN, an unknown option, an option
 *   the solver does not use, or an invalid value (messages name the parameter and the value);
 *   with `validate: 'distribution'`, a pixel whose class values do not sum to 1.
 *
 * @example
 * ```ts
 * import { rankseg } from 'rankseg';
 * // 1 image, 2 classes, 2×2 pixels
 * const probs = { data: new Float32Array([0.9, 0.6, 0.3, 0.2, 0.1, 0.4, 0.7, 0.8]), shape: [1, 2, 2, 2] };
 * const mask = rankseg(probs, { metric: 'dice' });
 * // mask.shape = [1, 2, 2]; mask.data = Uint8Array [0, 0, 1, 1]
 * ```
 */
export function rankseg(probs: ProbabilityTensor, options?: RanksegOptions): Mask {
  return runPublic(probs, options, false).mask;
}

/**
 * Like {@link rankseg}, and also reports what the solver decided per image and class:
 * `volume` (pixels selected before overlap resolution), `cutoff` (probability of the last
 * selected pixel, NaN if none) and `expected` (the solver's objective at its choice).
 *
 * @param probs - as {@link rankseg}.
 * @param options - see {@link RanksegOptions}.
 * @throws TypeError or RangeError as {@link rankseg}.
 * @example
 * ```ts
 * import { solve } from 'rankseg';
 * const probs = { data: new Float32Array([0.9, 0.6, 0.2, 0.05]), shape: [1, 1, 4] };
 * const { mask, volume, cutoff, expected } = solve(probs, { outputMode: 'multilabel' });
 * // mask.data = [1, 1, 0, 0]; volume = [2]; cutoff ≈ [0.6]; expected ≈ [0.6316] (RMA Dice: 3/4.75)
 * ```
 */
export function solve(probs: ProbabilityTensor, options?: RanksegOptions): Solution {
  return runPublic(probs, options, true);
}

/**
 * {@link solve} (`report` true) or {@link rankseg} (false, volume/cutoff/expected of accuracy
 * solvers left zero) with the per-class solver from `solverFor` — how a worker thread runs its
 * tasks on solver workspaces it keeps, writing the mask into `out` (its part of a shared output)
 * when given. Not part of the public API.
 *
 * @throws as {@link solve}.
 * @example
 * ```ts
 * runPublic(probs, { outputMode: 'multilabel' }, true, keptSolverFor);
 * ```
 */
export function runPublic(
  probs: ProbabilityTensor,
  options: RanksegOptions | undefined,
  report: boolean,
  solverFor?: SolverSource,
  out?: MaskData,
): Solution {
  const resolved = resolveOptions(options);
  // Dice/IoU solvers validate the values in their own first pass over the data.
  const view = readProbabilities(probs, resolved, !isOverlapMetric(resolved.metric));
  checkOptionsForClasses(resolved, view.classes);
  checkDistribution(view, resolved, 'probs');
  return run(view, resolved, report, solverFor, out);
}
