/**
 * A segmentation mask or label map as plain data: values in C order and their shape.
 *
 * - Label map: shape `[B, ...spatial]`, one integer class label per pixel.
 * - Binary masks: shape `[B, C, ...spatial]`, 0 or 1 per pixel and class (multilabel).
 *
 * `data` is any integer-valued numeric array (`Uint8Array`, `Int32Array`, …, `Float32Array` holding
 * integers, or `number[]`); BigInt arrays are refused. Tensors that carry `dims` instead of `shape`
 * (onnxruntime, transformers.js) are accepted as they are; `shape` wins when both are present.
 *
 * @example
 * ```ts
 * const labels: MetricTensor = { data: new Uint8Array([0, 1, 1, 2]), shape: [1, 2, 2] };
 * const masks: MetricTensor = { data: [1, 0, 0, 1], shape: [1, 2, 2] }; // 2 classes, 2 pixels
 * ```
 */
export interface MetricTensor {
  readonly data: ArrayLike<number>;
  readonly shape?: ArrayLike<number>;
  readonly dims?: ArrayLike<number>;
}

/**
 * How the two tensors are read (see {@link MetricOptions.input}).
 * - `'auto'`: ranks that differ by one mean "the longer shape is masks `[B, C, ...]`, the shorter a label
 *   map `[B, ...]`"; equal ranks mean label maps when `numClasses` is given, masks otherwise.
 * - `'labels'`: both are label maps `[B, ...spatial]` (`numClasses` required).
 * - `'masks'`: both are 0/1 masks `[B, C, ...spatial]`.
 *
 * @example
 * ```ts
 * const form: MetricInputForm = 'masks';
 * ```
 */
export type MetricInputForm = 'auto' | 'labels' | 'masks';

/**
 * Options of {@link diceScore}, {@link iouScore} and {@link SegmentationMeter}.
 *
 * - `numClasses`: positive integer C, at most 65,536. Required when both tensors are label maps (then
 *   B · C must stay within 2^24 (image, class) scores per call); otherwise C is read from the mask's
 *   second dimension and `numClasses`, if given, must equal it. Under `input: 'auto'`
 *   it also decides equal-rank tensors: given → label maps, absent → masks; so two mask stacks that
 *   come with `numClasses` need `input: 'masks'` (else they are read as label maps of 0s and 1s).
 * - `ignoreIndex`: integer outside `[0, C)` (e.g. 255, or -1). A pixel whose *target* label equals it
 *   counts for no class, neither in the prediction nor in the target. In the *prediction* it is one of
 *   the "no class" labels (below). It needs at least one label map (RangeError with two mask stacks).
 * - Prediction labels ≥ C (and `ignoreIndex`) mean "predicted as no class": such a pixel adds to its
 *   target class's count only (a miss). This is how a `voidIndex` (255) pixel of rankseg's `'void'`
 *   policy is scored. Target labels must lie in `[0, C)` or equal `ignoreIndex`.
 * - `smooth` (default 0): finite s ≥ 0 added to numerator and denominator of Dice and IoU.
 * - `includeBackground` (default true): when false, class 0 scores NaN everywhere, so means skip it (the
 *   arrays keep one slot per class so that index c is class c). Counts are unaffected.
 * - `input` (default 'auto'): how the tensors are read, see {@link MetricInputForm}.
 *
 * @example
 * ```ts
 * const voc: MetricOptions = { numClasses: 21, ignoreIndex: 255 };
 * const medical: MetricOptions = { includeBackground: false, smooth: 1e-5 };
 * ```
 */
export interface MetricOptions {
  numClasses?: number;
  ignoreIndex?: number;
  smooth?: number;
  includeBackground?: boolean;
  input?: MetricInputForm;
}

/**
 * Result of {@link diceScore} / {@link iouScore}.
 *
 * - `perImage`: Float64Array `[B*C]`, entry `b*C + c` is the score of image b and class c; NaN when
 *   the class is absent from both prediction and target (0/0) with `smooth = 0`, and for class 0 when
 *   `includeBackground` is false.
 * - `perClass`: Float64Array `[C]`, mean over images skipping NaN (NaN if every image is NaN).
 * - `mean`: mean of `perClass` skipping NaN (NaN if all are NaN).
 * - `shape`: `[B, C]`, the layout of `perImage`.
 *
 * @example
 * ```ts
 * const r: ScoreResult = { perImage: new Float64Array([1, NaN]), perClass: new Float64Array([1, NaN]),
 *   mean: 1, shape: [1, 2] };
 * ```
 */
export interface ScoreResult {
  perImage: Float64Array;
  perClass: Float64Array;
  mean: number;
  shape: [number, number];
}

/**
 * Dataset-level score of {@link SegmentationMeter}: `perClass` Float64Array `[C]` (counts summed over
 * every image first, then one ratio per class; NaN for a class never predicted nor present), and
 * `mean` over classes skipping NaN.
 *
 * @example
 * ```ts
 * const s: DatasetScore = { perClass: new Float64Array([0.5, 1]), mean: 0.75 };
 * ```
 */
export interface DatasetScore {
  perClass: Float64Array;
  mean: number;
}
