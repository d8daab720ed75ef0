/**
 * Public types of the rankseg API.
 *
 * @module
 */

import type {
  Metric,
  MetricAlias,
  OutputMode,
  Solver,
  SolverAlias,
  UnassignedPolicy,
} from '../solvers/catalog';
import type { Activation, Layout } from './activation';
import type { Validation } from './validation';

export type { Metric, OutputMode, Solver, UnassignedPolicy } from '../solvers/catalog';

/**
 * Numeric storage accepted for probabilities (or logits): float32/float64 typed arrays, plain
 * arrays, and binary16 bits in a Uint16Array when the tensor says `type: 'float16'`.
 *
 * @example
 * ```ts
 * import type { ProbabilityData } from 'rankseg';
 * const data: ProbabilityData = new Float32Array([0.9, 0.1]);
 * ```
 */
export type ProbabilityData = Float32Array | Float64Array | Uint16Array | readonly number[];

/**
 * A dense tensor of probabilities in C order, shape `[B, C, ...spatial]`.
 *
 * Either `shape` (our name, TF.js, ndarray) or `dims` (onnxruntime, transformers.js) gives the
 * dimensions; objects that expose them as getters are read without copying.
 *
 * @example
 * ```ts
 * import type { ProbabilityTensor } from 'rankseg';
 * const probs: ProbabilityTensor = { data: new Float32Array([0.9, 0.2, 0.1, 0.8]), shape: [1, 2, 2] };
 * const fromOnnx: ProbabilityTensor = { data: new Float32Array(4), dims: [1, 2, 2] };
 * ```
 */
export type ProbabilityTensor =
  | { readonly data: ProbabilityData; readonly shape: readonly number[]; readonly type?: string }
  | { readonly data: ProbabilityData; readonly dims: readonly number[]; readonly type?: string };

/**
 * Options of {@link rankseg}, {@link solve} and {@link RankSEG}: every option is listed here once,
 * with its default and what it trades. Strings are matched case-insensitively after trimming.
 * An unknown option name, or an option the chosen solver does not use (see each option), is a
 * RangeError naming it.
 *
 * @example
 * ```ts
 * import type { RanksegOptions } from 'rankseg';
 * const options: RanksegOptions = { metric: 'iou', solver: 'exact', outputMode: 'multilabel' };
 * ```
 */
export interface RanksegOptions {
  /**
   * The metric to maximize: `'dice'` (default), `'iou'`, or `'accuracy'` (alias `'acc'`: the
   * usual argmax and `p > 0.5` rules, DESIGN §3.6, as baselines).
   */
  metric?: Metric | MetricAlias | (string & {});
  /**
   * How τ, the volume of each class mask, is chosen (names as in {@link Solver}). Dice: `rma`
   * (default; O(d); its approximation costs ≤ 1e-5 expected Dice on large objects, up to ~0.014
   * on small ones), `exact` (the exact optimum, error < 1e-13, about 2–3× RMA's time), or the
   * JMLR paper's refined-normal solvers `ba`, `trna`, `ba+trna` (TRNA several times slower than
   * BA). IoU: `rma` (default), `exact`. Accuracy: `argmax` (default in multiclass output),
   * `threshold` (alias `tr`; default in multilabel output). A solver that does not serve the
   * metric is a RangeError.
   */
  solver?: Solver | SolverAlias | (string & {});
  /**
   * `'multiclass'` (default): one label per pixel (needs ≥ 2 class channels; overlaps between
   * classes are resolved as DESIGN §3.5); `'multilabel'`: one 0/1 mask per class, classes
   * independent (the form for one channel, or for classes that may overlap).
   */
  outputMode?: OutputMode | (string & {});
  /**
   * s ≥ 0 added to numerator and denominator of Dice/IoU [0]. Larger s rewards empty masks on
   * empty images (with s > 0 the empty mask is a candidate). Dice/IoU solvers only.
   */
  smooth?: number;
  /**
   * In [0, 1], default 0.5: a class whose largest probability in an image is ≤ it gets an empty mask and
   * takes no part in multiclass resolution. Lower keeps faint objects (0 disables pruning), higher
   * suppresses doubtful ones. Dice/IoU solvers only.
   */
  pruningProb?: number;
  /**
   * In (0, 1) [1e-4]: tail mass cut from the refined-normal distributions. Smaller is more
   * accurate and slower. Solvers `ba`, `trna` and `ba+trna` only.
   */
  eps?: number;
  /**
   * Multiclass pixels that no class selected: `'max_score'` (default) gives them to the
   * best-scoring class (every pixel labelled), `'void'` labels them `voidIndex` (an honest "no
   * class"). Dice/IoU solvers in multiclass output only.
   */
  unassignedPolicy?: UnassignedPolicy | (string & {});
  /**
   * The label of unassigned pixels under `'void'` (default 255): an integer outside [0, C); labels above
   * 255 make the mask a Uint16Array or Uint32Array. Dice/IoU solvers in multiclass output only.
   */
  voidIndex?: number;
  /**
   * `'none'` (default): the values are probabilities. `'softmax'` (over classes) or `'sigmoid'`
   * (per value) turns logits into probabilities first, in float64, without touching the input
   * (one extra pass and a float64 copy).
   */
  activation?: Activation | (string & {});
  /**
   * `'channels-first'` (default) reads `[B, C, ...spatial]`; `'channels-last'` reads
   * `[B, ...spatial, C]` (TF.js, MediaPipe) at the cost of one transposing copy.
   */
  layout?: Layout | (string & {});
  /**
   * What is checked beyond "every value is a probability": `'none'` (default) nothing more;
   * `'distribution'`: where the options say the values are one distribution per pixel —
   * multiclass output, two or more classes, `activation: 'none'` — every pixel's values along
   * the class axis must sum to 1 within 1e-3 (float16 inputs round a softmax's sum by up to
   * ~1e-3; see `DISTRIBUTION_TOLERANCE` in `api/validation.ts`), else a RangeError names the first
   * pixel and its sum. It catches a wrong class axis (`[C, H, W]` read as `[B, C, …]`, a
   * channels-last tensor read channels first) and per-class sigmoid outputs given as multiclass.
   * One extra pass over the data, about the cost of an argmax. The command line turns it on.
   */
  validate?: Validation | (string & {});
}

/**
 * Integer typed arrays used for masks: the smallest that holds every label.
 *
 * @example
 * ```ts
 * import { type MaskData, rankseg } from 'rankseg';
 * const data: MaskData = rankseg({ data: [0.9, 0.1, 0.1, 0.9], shape: [1, 2, 2] }).data; // Uint8Array [0, 1]
 * ```
 */
export type MaskData = Uint8Array | Uint16Array | Uint32Array;

/**
 * A segmentation: class labels `[B, ...spatial]` (multiclass) or 0/1 masks `[B, C, ...spatial]`
 * (multilabel), C order.
 *
 * @example
 * ```ts
 * import { type Mask, rankseg } from 'rankseg';
 * const mask: Mask = rankseg({ data: [0.9, 0.1, 0.1, 0.9], shape: [1, 2, 2] }); // shape [1, 2]
 * ```
 */
export interface Mask {
  readonly data: MaskData;
  readonly shape: number[];
}

/**
 * Everything a solver decided, per image and class, alongside the mask.
 *
 * @example
 * ```ts
 * import { type Solution, solve } from 'rankseg';
 * const sol: Solution = solve({ data: [0.9, 0.6, 0.2], shape: [1, 1, 3] }, { outputMode: 'multilabel' });
 * sol.volume[0]; // 2: the two most probable pixels
 * ```
 */
export interface Solution {
  /** The same mask {@link rankseg} returns. */
  mask: Mask;
  /** `[B*C]` pixels selected per image and class before overlap resolution. */
  volume: Int32Array;
  /** `[B*C]` probability of the last selected pixel; NaN when nothing is selected. */
  cutoff: Float32Array;
  /** `[B*C]` the solver's objective at its choice (expected Dice, IoU or accuracy). */
  expected: Float64Array;
}
