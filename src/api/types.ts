/**
 * Public types of the rankseg API.
 *
 * @module
 */

/**
 * Numeric storage accepted for probabilities (or logits): float32/float64 typed arrays, plain
 * arrays, and binary16 bits in a Uint16Array when the tensor says `type: 'float16'`.
 */
export type ProbabilityData = Float32Array | Float64Array | Uint16Array | readonly number[];

/**
 * A dense tensor of probabilities in C order, shape `[B, C, ...spatial]`.
 *
 * Either `shape` (our name, TF.js, ndarray) or `dims` (onnxruntime, transformers.js) gives the
 * dimensions; objects that expose them as getters are read without copying.
 */
export type ProbabilityTensor =
  | { readonly data: ProbabilityData; readonly shape: readonly number[]; readonly type?: string }
  | { readonly data: ProbabilityData; readonly dims: readonly number[]; readonly type?: string };

/** The metric a solver maximizes. `'acc'` is accepted as an alias of `'accuracy'`. */
export type Metric = 'dice' | 'iou' | 'accuracy';

/**
 * Solvers. Dice: `'rma'`, `'ba'`, `'trna'`, `'ba+trna'`, `'exact'`; IoU: `'rma'`, `'exact'`;
 * accuracy: `'argmax'`, `'threshold'` (alias `'tr'`). `'ba'`, `'trna'` and `'ba+trna'` keep the
 * smallest volume among those whose scores round to the same float32, as the reference package.
 */
export type Solver = 'rma' | 'ba' | 'trna' | 'ba+trna' | 'exact' | 'argmax' | 'threshold';

/** `'multiclass'`: one label per pixel; `'multilabel'`: one 0/1 mask per class. */
export type OutputMode = 'multiclass' | 'multilabel';

/** What a multiclass pixel selected by no class receives (DESIGN §3.5). */
export type UnassignedPolicy = 'max_score' | 'void';

/** Options of {@link rankseg}, {@link solve} and {@link RankSEG}. Strings are matched case-insensitively. */
export interface RanksegOptions {
  /** Metric to maximize. Default `'dice'`. */
  metric?: Metric | 'acc' | (string & {});
  /** Solver; the default depends on the metric and output mode (`'rma'` for Dice and IoU). */
  solver?: Solver | 'tr' | (string & {});
  /** Output form. Default `'multiclass'`. */
  outputMode?: OutputMode | (string & {});
  /** Added to numerator and denominator of Dice/IoU; ≥ 0. Default 0. */
  smooth?: number;
  /** A class whose largest probability in an image is ≤ this gets an empty mask. Default 0.5. */
  pruningProb?: number;
  /** Tail mass cut from the refined-normal distributions (BA, TRNA); in (0, 1). Default 1e-4. */
  eps?: number;
  /** Multiclass pixels selected by no class: best-scoring class or `voidIndex`. Default `'max_score'`. */
  unassignedPolicy?: UnassignedPolicy | (string & {});
  /** Label of unassigned pixels under `'void'`; an integer outside [0, C). Default 255. */
  voidIndex?: number;
  /**
   * `'softmax'` (over classes) or `'sigmoid'` (per value) turns logits into probabilities, in
   * float64, without touching the input. Default `'none'`: the values are probabilities.
   */
  activation?: 'none' | 'softmax' | 'sigmoid' | (string & {});
  /** `'channels-last'` reads `[B, ...spatial, C]` (TF.js, MediaPipe). Default `'channels-first'`. */
  layout?: 'channels-first' | 'channels-last' | (string & {});
}

/** Integer typed arrays used for masks: the smallest that holds every label. */
export type MaskData = Uint8Array | Uint16Array | Uint32Array;

/**
 * A segmentation: class labels `[B, ...spatial]` (multiclass) or 0/1 masks `[B, C, ...spatial]`
 * (multilabel), C order.
 */
export interface Mask {
  readonly data: MaskData;
  readonly shape: number[];
}

/** Everything a solver decided, per image and class, alongside the mask. */
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
