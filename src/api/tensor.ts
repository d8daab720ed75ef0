import { decodeFloat16 } from '../kernels/float16';
import type { FloatArray } from '../kernels/types';
import { type Activation, type Allocate, type Layout, ordinaryBuffer, prepareValues } from './activation';
import { formatValue } from './formatValue';
import { ProbabilityValueError } from './ProbabilityValueError';

/** Validated probabilities, flattened to `[B, C, D]` (D = product of the spatial dimensions). */
export interface ProbabilityView {
  data: FloatArray;
  batch: number;
  classes: number;
  /** Pixels per image and class. */
  pixels: number;
  spatialShape: number[];
}

/** How the caller's values are to be read. */
export interface InputForm {
  activation: Activation;
  layout: Layout;
}

/**
 * Reads and validates a probability tensor `{data, shape}` or `{data, dims}` (DESIGN §2), turning
 * logits (`activation`) and channels-last tensors (`layout`) into channels-first probabilities.
 *
 * Fields are read with `in` and property access only, so tensors whose fields are getters behind
 * a Proxy (transformers.js) work. Channels-first probabilities in a `Float32Array`/`Float64Array`
 * are used in place; `number[]` is copied into a Float64Array; binary16 bits in a `Uint16Array`
 * with `type: 'float16'` (onnxruntime, transformers.js) are decoded into a Float32Array.
 *
 * @param checkValues - false when the caller validates probabilities in a pass of its own (see
 *   {@link invalidValueError}); logits are always checked here.
 * @param allocate - the bytes of the activated or transposed array (`solveAsync`: shared memory).
 * @throws TypeError when `probs` is not an object with a numeric array `data` and a `shape`/`dims`,
 *   or its data are not on the CPU.
 * @throws RangeError for fewer than 3 dimensions, a zero or non-integer dimension, a length that
 *   disagrees with the shape, or a value that is not a probability (or, with an activation, a
 *   logit that is not finite).
 */
export function readProbabilities(
  probs: unknown,
  form: InputForm,
  checkValues: boolean,
  name = 'probs',
  allocate: Allocate = ordinaryBuffer,
): ProbabilityView {
  const { data: raw, shape } = readTensor(probs, name);
  if (shape.length < 3) {
    const expected = axesOf(form.layout);
    throw new RangeError(
      `${name} must have shape ${expected} (at least 3 dimensions); got shape [${shape.join(', ')}]`,
    );
  }
  if (raw.length === 0) throw new RangeError(`${name} shape [${shape.join(', ')}] has a zero dimension`);

  const last = form.layout === 'channels-last';
  const batch = shape[0]!;
  const classes = last ? shape[shape.length - 1]! : shape[1]!;
  const spatialShape = last ? shape.slice(1, -1) : shape.slice(2);
  const pixels = raw.length / (batch * classes);
  let data = raw;
  if (form.activation === 'none') {
    if (checkValues || last) checkProbabilities(raw, name);
    if (last) data = prepareValues(raw, batch, classes, pixels, 'none', form.layout, allocate).data;
  } else {
    const prepared = prepareValues(raw, batch, classes, pixels, form.activation, form.layout, allocate);
    if (prepared.invalidAt >= 0) {
      const v = raw[prepared.invalidAt]!;
      throw new RangeError(
        `${name}.data[${prepared.invalidAt}] is ${v}; logits (activation '${form.activation}') must be finite numbers`,
      );
    }
    data = prepared.data;
  }
  return { data, batch, classes, pixels, spatialShape };
}

/**
 * Reads any library's dense float tensor — `{data, shape}` or `{data, dims}` (onnxruntime,
 * transformers.js, TF.js-like objects) — by duck typing: fields are read with `in` and property
 * access only, never spread or enumerated, so getters behind a Proxy work. float32/float64 data
 * are returned as they are (never written); `number[]` is copied into a Float64Array; float16
 * (`type: 'float16'`: binary16 bits in a Uint16Array, or a native Float16Array) is decoded into
 * a Float32Array. O(1), or O(n) for a copy.
 *
 * @throws TypeError when `value` is not an object with a numeric array `data` and a `shape`/`dims`
 *   array, or its data are not on the CPU (`location` other than `'cpu'`/`'cpu-pinned'`).
 * @throws RangeError for a dimension that is not a non-negative integer, or a data length that
 *   disagrees with the dimensions.
 * @example
 * ```ts
 * readTensor({ data: new Float32Array(6), dims: [1, 2, 3] }, 'logits').shape; // [1, 2, 3]
 * ```
 */
export function readTensor(value: unknown, name: string): { data: FloatArray; shape: number[] } {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(
      `${name} must be an object with \`data\` and \`shape\` (or \`dims\`); got ${formatValue(value)}`,
    );
  }
  if ('location' in value && typeof value.location === 'string' && !value.location.startsWith('cpu')) {
    throw new TypeError(
      `${name} lives on '${value.location}', not on the CPU: download it first (\`await tensor.getData()\`)`,
    );
  }
  if (!('data' in value)) throw new TypeError(`${name} has no \`data\` field`);
  const shape = readShape(value, name);
  const type = 'type' in value ? value.type : undefined;
  const data = readData((value as { data: unknown }).data, type, name);
  let size = 1;
  for (let i = 0; i < shape.length; i++) {
    const n = shape[i]!;
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`${name} shape[${i}] must be a non-negative integer; got ${formatValue(n)}`);
    }
    size *= n;
  }
  if (data.length !== size) {
    throw new RangeError(
      `${name}.data has ${data.length} values but shape [${shape.join(', ')}] needs ${size}`,
    );
  }
  return { data, shape };
}

function axesOf(layout: Layout): string {
  return layout === 'channels-last' ? '[B, ...spatial, C]' : '[B, C, ...spatial]';
}

function readShape(probs: object, name: string): number[] {
  const shape = 'shape' in probs ? probs.shape : 'dims' in probs ? probs.dims : undefined;
  if (shape === undefined) throw new TypeError(`${name} has neither \`shape\` nor \`dims\``);
  if (!Array.isArray(shape)) {
    throw new TypeError(`${name} shape must be an array of integers; got ${formatValue(shape)}`);
  }
  for (let i = 0; i < shape.length; i++) {
    if (typeof shape[i] !== 'number') {
      throw new TypeError(`${name} shape[${i}] must be a number; got ${formatValue(shape[i])}`);
    }
  }
  return shape as number[];
}

function readData(data: unknown, type: unknown, name: string): FloatArray {
  if (data instanceof Float32Array || data instanceof Float64Array) return data;
  if (data instanceof Uint16Array && type === 'float16') return decodeFloat16(data);
  // Native Float16Array (recent browsers; onnxruntime-web uses it for float16 tensors there).
  const Float16 = (globalThis as { Float16Array?: new (n: number) => ArrayLike<number> }).Float16Array;
  if (
    (Float16 && data instanceof Float16) ||
    (type === 'float16' && ArrayBuffer.isView(data) && !(data instanceof DataView))
  ) {
    return Float32Array.from(data as unknown as ArrayLike<number>);
  }
  if (Array.isArray(data)) {
    const copy = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v: unknown = data[i];
      if (typeof v !== 'number')
        throw new TypeError(`${name}.data[${i}] must be a number; got ${formatValue(v)}`);
      copy[i] = v;
    }
    return copy;
  }
  if (typeof data === 'function') {
    throw new TypeError(
      `${name}.data is a function (a TF.js tensor?): pass { data: tensor.dataSync(), shape: tensor.shape }, or use fromTfjs() from 'rankseg/tfjs'`,
    );
  }
  const hint = data instanceof Uint16Array ? " (binary16 bits need `type: 'float16'`)" : '';
  throw new TypeError(
    `${name}.data must be a Float32Array, Float64Array or number[]${hint}; got ${formatValue(data)}`,
  );
}

/** One pass: every value finite and in [0, 1]; `!(p >= 0 && p <= 1)` also catches NaN. */
function checkProbabilities(data: FloatArray, name: string): void {
  for (let i = 0; i < data.length; i++) {
    const p = data[i]!;
    if (!(p >= 0 && p <= 1)) throw invalidValueError(name, i, p);
  }
}

/** The error for a value that is not a probability, at flat index `index`. */
export function invalidValueError(name: string, index: number, value: number): ProbabilityValueError {
  const what = Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? `${value}, outside [0, 1]` : `${value}`;
  return new ProbabilityValueError(
    'range',
    `${name}.data[${index}] is ${what}`,
    '; probabilities must be finite numbers in [0, 1]',
  );
}
