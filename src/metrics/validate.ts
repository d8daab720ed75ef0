import {
  allocateCounts,
  allocateWorkspace,
  type CountWorkspace,
  countOverlaps,
  type OverlapCounts,
  type OverlapProblem,
} from './confusion';
import type { MetricInputForm, MetricOptions } from './types';

/** Options after validation; `ignoreIndex` is NaN when not given. */
export interface ParsedMetricOptions {
  numClasses: number | undefined;
  ignoreIndex: number;
  smooth: number;
  includeBackground: boolean;
  input: MetricInputForm;
}

const INPUT_FORMS: readonly MetricInputForm[] = ['auto', 'labels', 'masks'];
/** The names of {@link MetricOptions}; any other is a RangeError. */
const METRIC_OPTION_NAMES: readonly (keyof MetricOptions)[] = [
  'numClasses',
  'ignoreIndex',
  'smooth',
  'includeBackground',
  'input',
];

/**
 * Largest `numClasses` accepted: 2^16, above every segmentation label set in use (ADE20K-full has
 * 3,688 classes, LVIS 1,203) and small enough that the per-class tables stay small. A larger value
 * is refused before anything is allocated.
 */
export const MAX_NUM_CLASSES = 65_536;

/**
 * Largest per-call table of (image, class) scores for two label maps, B · numClasses entries
 * (2^24: 128 MiB per Float64 table). With masks the class count comes from the data itself, so the
 * tables never exceed the input's size; with label maps `numClasses` is a free parameter, and this
 * bound keeps it from costing more than the pixels scored could need.
 */
export const MAX_SCORE_ENTRIES = 2 ** 24;

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (value === null || typeof value !== 'object') return String(value);
  return Object.prototype.toString.call(value);
}

function kind(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function showShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Validates metric options (see {@link MetricOptions}) once, at the public boundary.
 *
 * @throws {TypeError} options not an object; an option of the wrong kind.
 * @throws {RangeError} an unknown option name (the message lists the valid ones); numClasses not
 *   a positive integer or above {@link MAX_NUM_CLASSES}; ignoreIndex not an integer or inside
 *   [0, numClasses); smooth negative or not finite; unknown input form.
 * @example
 * ```ts
 * parseMetricOptions({ numClasses: 3 }).ignoreIndex; // NaN (none)
 * ```
 */
export function parseMetricOptions(options: unknown): ParsedMetricOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`options must be an object, got ${kind(options)} (${show(options)})`);
  }
  for (const key of Object.keys(options)) {
    if (
      !(METRIC_OPTION_NAMES as readonly string[]).includes(key) &&
      (options as Record<string, unknown>)[key] !== undefined
    ) {
      throw new RangeError(`unknown option ${show(key)}; valid options: ${METRIC_OPTION_NAMES.join(', ')}`);
    }
  }
  const o = options as MetricOptions;
  const numClasses = o.numClasses;
  if (numClasses !== undefined) {
    if (typeof numClasses !== 'number') {
      throw new TypeError(
        `options.numClasses must be a number, got ${kind(numClasses)} (${show(numClasses)})`,
      );
    }
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new RangeError(`options.numClasses must be a positive integer, got ${show(numClasses)}`);
    }
    if (numClasses > MAX_NUM_CLASSES) {
      throw new RangeError(
        `options.numClasses must be at most ${MAX_NUM_CLASSES} (2^16), got ${show(numClasses)}`,
      );
    }
  }
  let ignoreIndex = Number.NaN;
  if (o.ignoreIndex !== undefined) {
    const v = o.ignoreIndex;
    if (typeof v !== 'number') {
      throw new TypeError(`options.ignoreIndex must be a number, got ${kind(v)} (${show(v)})`);
    }
    if (!Number.isSafeInteger(v)) {
      throw new RangeError(`options.ignoreIndex must be an integer, got ${show(v)}`);
    }
    if (numClasses !== undefined && v >= 0 && v < numClasses) {
      throw new RangeError(
        `options.ignoreIndex (${v}) must lie outside the class labels [0, ${numClasses}); ` +
          'to leave class 0 out of the means use includeBackground: false',
      );
    }
    ignoreIndex = v;
  }
  let smooth = 0;
  if (o.smooth !== undefined) {
    if (typeof o.smooth !== 'number') {
      throw new TypeError(`options.smooth must be a number, got ${kind(o.smooth)} (${show(o.smooth)})`);
    }
    if (!Number.isFinite(o.smooth) || o.smooth < 0) {
      throw new RangeError(`options.smooth must be a finite number >= 0, got ${show(o.smooth)}`);
    }
    smooth = o.smooth;
  }
  let includeBackground = true;
  if (o.includeBackground !== undefined) {
    if (typeof o.includeBackground !== 'boolean') {
      throw new TypeError(
        `options.includeBackground must be a boolean, got ${kind(o.includeBackground)} (${show(o.includeBackground)})`,
      );
    }
    includeBackground = o.includeBackground;
  }
  let input: MetricInputForm = 'auto';
  if (o.input !== undefined) {
    if (typeof o.input !== 'string') {
      throw new TypeError(`options.input must be a string, got ${kind(o.input)} (${show(o.input)})`);
    }
    const v = o.input.trim().toLowerCase() as MetricInputForm;
    if (!INPUT_FORMS.includes(v)) {
      throw new RangeError(
        `options.input must be one of ${INPUT_FORMS.map(show).join(', ')}, got ${show(o.input)}`,
      );
    }
    input = v;
  }
  return { numClasses, ignoreIndex, smooth, includeBackground, input };
}

interface Tensor {
  data: ArrayLike<number>;
  shape: number[];
}

/**
 * Checks one tensor's kind and shape: an object with `data` (a numeric typed array or an array) and
 * `shape` (or `dims`) of positive integers whose product is `data.length`. Values are checked later,
 * during counting.
 *
 * @throws {TypeError} not an object; `data` not an array or typed array (or a BigInt array); `shape`
 *   missing, not an array, or holding a non-number.
 * @throws {RangeError} a shape entry that is not a positive integer; product of shape ≠ data.length.
 * @example
 * ```ts
 * readTensor({ data: [0, 1], dims: [1, 2] }, 'pred').shape; // [1, 2]
 * ```
 */
export function readTensor(value: unknown, name: string): Tensor {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw new TypeError(`${name} must be an object { data, shape }, got ${kind(value)}`);
  }
  const t = value as { data?: unknown; shape?: unknown; dims?: unknown };
  const data = t.data;
  const isTyped = ArrayBuffer.isView(data) && !(data instanceof DataView);
  if (!isTyped && !Array.isArray(data)) {
    throw new TypeError(
      `${name}.data must be a numeric typed array or an array of numbers, got ${kind(data)}`,
    );
  }
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    throw new TypeError(`${name}.data must hold numbers, got ${kind(data)} (convert with Int32Array.from)`);
  }
  const rawShape = t.shape !== undefined ? t.shape : t.dims;
  const shapeName = t.shape !== undefined ? `${name}.shape` : `${name}.dims`;
  if (rawShape === undefined) {
    throw new TypeError(`${name}.shape must be an array of dimensions, got undefined`);
  }
  if (!Array.isArray(rawShape) && !(ArrayBuffer.isView(rawShape) && !(rawShape instanceof DataView))) {
    throw new TypeError(`${shapeName} must be an array of dimensions, got ${kind(rawShape)}`);
  }
  const src = rawShape as ArrayLike<unknown>;
  const shape: number[] = [];
  let product = 1;
  for (let i = 0; i < src.length; i++) {
    const d = src[i];
    if (typeof d !== 'number') {
      throw new TypeError(`${shapeName}[${i}] must be a number, got ${kind(d)} (${show(d)})`);
    }
    if (!Number.isSafeInteger(d) || d < 1) {
      throw new RangeError(`${shapeName}[${i}] must be a positive integer, got ${show(d)}`);
    }
    shape.push(d);
    product *= d;
  }
  const length = (data as ArrayLike<unknown>).length;
  if (product !== length) {
    throw new RangeError(
      `${name}.data.length (${length}) must equal the product of ${shapeName} ${showShape(shape)} (${product})`,
    );
  }
  return { data: data as ArrayLike<number>, shape };
}

function sameDims(a: readonly number[], aFrom: number, b: readonly number[], bFrom: number): boolean {
  if (a.length - aFrom !== b.length - bFrom) return false;
  for (let i = 0; i < a.length - aFrom; i++) if (a[aFrom + i] !== b[bFrom + i]) return false;
  return true;
}

/**
 * Resolves how the two tensors are read (label maps or 0/1 masks, see {@link MetricInputForm}) and
 * checks that their shapes agree: batch and spatial dims equal, the mask's class dim equal to
 * `numClasses` when both are given.
 *
 * @throws {TypeError} see {@link readTensor}.
 * @throws {RangeError} shapes that disagree, ranks too small (label map < 2, masks < 3), numClasses
 *   missing for two label maps or different from the mask's class dim, ignoreIndex with two masks,
 *   two label maps whose B · numClasses exceeds {@link MAX_SCORE_ENTRIES}.
 * @example
 * ```ts
 * const p = resolvePair({ data: [0, 2], shape: [1, 2] }, { data: [0, 1], shape: [1, 2] },
 *   parseMetricOptions({ numClasses: 3 }));
 * // p.numClasses === 3, p.pixels === 2, p.predIsMask === false
 * ```
 */
export function resolvePair(pred: unknown, target: unknown, opts: ParsedMetricOptions): OverlapProblem {
  const p = readTensor(pred, 'pred');
  const t = readTensor(target, 'target');
  const rp = p.shape.length;
  const rt = t.shape.length;
  let predIsMask: boolean;
  let targetIsMask: boolean;
  if (opts.input === 'labels') predIsMask = targetIsMask = false;
  else if (opts.input === 'masks') predIsMask = targetIsMask = true;
  else if (rp === rt + 1) [predIsMask, targetIsMask] = [true, false];
  else if (rt === rp + 1) [predIsMask, targetIsMask] = [false, true];
  else if (rp === rt) predIsMask = targetIsMask = opts.numClasses === undefined;
  else {
    throw new RangeError(
      `pred.shape ${showShape(p.shape)} and target.shape ${showShape(t.shape)} disagree: ranks must be equal ` +
        '(two label maps [B, ...spatial] or two masks [B, C, ...spatial]) or differ by one (a label map and masks)',
    );
  }
  const formOf = (isMask: boolean) => (isMask ? 'masks [B, C, ...spatial]' : 'a label map [B, ...spatial]');
  for (const [x, isMask, name] of [
    [p, predIsMask, 'pred'],
    [t, targetIsMask, 'target'],
  ] as const) {
    const min = isMask ? 3 : 2;
    if (x.shape.length < min) {
      throw new RangeError(
        `${name}.shape ${showShape(x.shape)} has ${x.shape.length} dimension(s); read as ${formOf(isMask)} it needs at least ${min}` +
          (isMask && opts.input === 'auto' && rp === rt
            ? ' (read as masks because options.numClasses was not given; label maps need it)'
            : ''),
      );
    }
  }
  const forms = `pred as ${formOf(predIsMask)} and target as ${formOf(targetIsMask)}`;
  const ps = predIsMask ? 2 : 1;
  const ts = targetIsMask ? 2 : 1;
  if (p.shape[0] !== t.shape[0] || !sameDims(p.shape, ps, t.shape, ts)) {
    throw new RangeError(
      `pred.shape ${showShape(p.shape)} and target.shape ${showShape(t.shape)} disagree ` +
        `(batch and spatial dimensions must match, reading ${forms})`,
    );
  }
  let numClasses: number;
  if (predIsMask && targetIsMask && p.shape[1] !== t.shape[1]) {
    throw new RangeError(
      `pred.shape ${showShape(p.shape)} and target.shape ${showShape(t.shape)} disagree in the class dimension`,
    );
  }
  const maskClasses = predIsMask ? p.shape[1] : targetIsMask ? t.shape[1] : undefined;
  if (maskClasses === undefined) {
    if (opts.numClasses === undefined) {
      throw new RangeError('options.numClasses is required for label maps, got undefined');
    }
    numClasses = opts.numClasses;
  } else {
    if (opts.numClasses !== undefined && opts.numClasses !== maskClasses) {
      throw new RangeError(
        `options.numClasses (${opts.numClasses}) must equal the class dimension of the masks (${maskClasses})`,
      );
    }
    numClasses = maskClasses;
  }
  if (predIsMask && targetIsMask && !Number.isNaN(opts.ignoreIndex)) {
    throw new RangeError(
      `options.ignoreIndex (${opts.ignoreIndex}) needs a label map; it cannot apply to two 0/1 mask stacks ` +
        '(for label maps pass options.numClasses)',
    );
  }
  const batch = p.shape[0]!;
  if (maskClasses === undefined && batch * numClasses > MAX_SCORE_ENTRIES) {
    throw new RangeError(
      `options.numClasses (${numClasses}) × ${batch} images = ${batch * numClasses} (image, class) scores, ` +
        `more than ${MAX_SCORE_ENTRIES} per call; pass fewer images at a time`,
    );
  }
  if (!Number.isNaN(opts.ignoreIndex) && opts.ignoreIndex >= 0 && opts.ignoreIndex < numClasses) {
    throw new RangeError(
      `options.ignoreIndex (${opts.ignoreIndex}) must lie outside the class labels [0, ${numClasses}); ` +
        'to leave class 0 out of the means use includeBackground: false',
    );
  }
  let pixels = 1;
  for (let i = ps; i < p.shape.length; i++) pixels *= p.shape[i]!;
  return {
    pred: p.data,
    target: t.data,
    predIsMask,
    targetIsMask,
    batch: p.shape[0]!,
    numClasses,
    pixels,
    ignoreIndex: opts.ignoreIndex,
  };
}

/**
 * Throws the error for the value a failed count stopped at (`ws.badTensor`, `ws.badIndex`):
 * TypeError for a value that is not a number, RangeError for a number that is not a valid label or
 * 0/1 mask value.
 *
 * @throws {TypeError | RangeError} always.
 * @example
 * ```ts
 * // after countOverlaps(problem, out, ws) returned false:
 * // throwBadValue(problem, ws, 'numClasses was given');
 * ```
 */
export function throwBadValue(problem: OverlapProblem, ws: CountWorkspace, formReason: string): never {
  const name = ws.badTensor === 'target' ? 'target' : 'pred';
  const data = name === 'target' ? problem.target : problem.pred;
  const isMask = name === 'target' ? problem.targetIsMask : problem.predIsMask;
  const value: unknown = data[ws.badIndex];
  const where = `${name}.data[${ws.badIndex}]`;
  if (typeof value !== 'number') {
    throw new TypeError(`${where} must be a number, got ${kind(value)} (${show(value)})`);
  }
  const C = problem.numClasses;
  if (isMask) {
    throw new RangeError(
      `${where} = ${show(value)} must be 0 or 1: ${name} is read as 0/1 masks [B, C, ...spatial] because ${formReason}`,
    );
  }
  if (name === 'pred') {
    throw new RangeError(
      `${where} = ${show(value)} must be a non-negative integer label (labels >= ${C} or ignoreIndex count as no class)`,
    );
  }
  const hint = Number.isNaN(problem.ignoreIndex)
    ? ' (to skip such pixels pass options.ignoreIndex)'
    : ` or equal options.ignoreIndex (${problem.ignoreIndex})`;
  throw new RangeError(`${where} = ${show(value)} must be a class label in [0, ${C})${hint}`);
}

/**
 * Says why the tensors were read as they were, for error messages.
 *
 * @example
 * ```ts
 * // for two equal-rank tensors without numClasses:
 * // 'options.numClasses was not given (see options.input)'
 * ```
 */
export function formReason(opts: ParsedMetricOptions, problem: OverlapProblem): string {
  if (opts.input !== 'auto') return `options.input is ${show(opts.input)}`;
  if (problem.predIsMask !== problem.targetIsMask) return "its rank is one more than the other tensor's";
  return 'options.numClasses was not given (see options.input)';
}

/**
 * One prediction/target pair read and counted, as every metric starts: the options parsed, the
 * pair resolved (shapes, forms), its overlaps counted per image and class in one pass; a value
 * that is not a label or a 0/1 mask value is thrown as {@link throwBadValue} says.
 *
 * @throws {TypeError | RangeError} for tensors or options the metrics refuse.
 * @example
 * ```ts
 * const { counts } = readAndCountPair({ data: [0, 1], shape: [1, 2] }, { data: [0, 0], shape: [1, 2] }, { numClasses: 2 });
 * // counts.intersection = [1, 0], counts.predicted = [1, 1], counts.target = [2, 0]
 * ```
 */
export function readAndCountPair(
  pred: unknown,
  target: unknown,
  options: unknown,
): { opts: ParsedMetricOptions; problem: OverlapProblem; counts: OverlapCounts } {
  const opts = parseMetricOptions(options);
  const problem = resolvePair(pred, target, opts);
  const counts = allocateCounts(problem.batch, problem.numClasses);
  const ws = allocateWorkspace(problem.pixels, problem.predIsMask || problem.targetIsMask);
  if (!countOverlaps(problem, counts, ws)) throwBadValue(problem, ws, formReason(opts, problem));
  return { opts, problem, counts };
}
