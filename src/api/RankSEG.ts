import { resolveOptions } from './options';
import { rankseg, solve } from './predict';
import type { Mask, ProbabilityTensor, RanksegOptions, Solution } from './types';

/**
 * Holds RankSEG options once, for repeated predictions (the reference package's `RankSEG`).
 * Options ({@link RanksegOptions}) are validated when the object is made.
 *
 * @throws TypeError or RangeError from the constructor for an invalid option (as {@link rankseg});
 *   `predict` and `solve` throw as {@link rankseg} does for bad probabilities.
 *
 * @example
 * ```ts
 * import { RankSEG } from 'rankseg';
 * const seg = new RankSEG({ metric: 'iou', outputMode: 'multilabel' });
 * const probs = { data: new Float32Array([0.9, 0.6, 0.2, 0.05]), shape: [1, 1, 4] };
 * seg.predict(probs).data; // Uint8Array [1, 1, 0, 0]
 * seg.solve(probs).expected; // RMA IoU of that mask
 * ```
 */
export class RankSEG {
  /** The options as given (validated). */
  readonly options: Readonly<RanksegOptions>;

  /** @throws TypeError or RangeError for an invalid option, as {@link rankseg}. */
  constructor(options: RanksegOptions = {}) {
    resolveOptions(options);
    this.options = Object.freeze({ ...options });
  }

  /** Same as `rankseg(probs, this.options)`. */
  predict(probs: ProbabilityTensor): Mask {
    return rankseg(probs, this.options);
  }

  /** Same as `solve(probs, this.options)`. */
  solve(probs: ProbabilityTensor): Solution {
    return solve(probs, this.options);
  }
}
