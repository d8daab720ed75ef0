/**
 * `rankseg/ndarray`: scijs `ndarray` views as RankSEG input. Nothing here imports `ndarray`: a view
 * is read through its `shape`, `stride`, `offset` and `data`, in browsers and Node.
 *
 * @module
 */
import { formatValue } from '../api/formatValue';

/**
 * What {@link fromNdarray} reads from an `ndarray` (any strided view: transposed, sliced, stepped).
 *
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * import type { NdarrayLike } from 'rankseg/ndarray';
 * const view: NdarrayLike = ndarray(new Float32Array(8), [1, 2, 2, 2]);
 * ```
 */
export interface NdarrayLike {
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
  /** A typed array or number[]; or the `get(i)` storage of a generic ndarray. */
  readonly data: ArrayLike<number> | { get(index: number): number };
}

/**
 * A dense C-order array with its shape, the form `rankseg()` reads.
 *
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * import { type DenseArray, fromNdarray } from 'rankseg/ndarray';
 * const dense: DenseArray = fromNdarray(ndarray(new Float32Array(8), [1, 2, 2, 2])); // zero-copy
 * ```
 */
export interface DenseArray {
  data: Float32Array | Float64Array;
  shape: number[];
}

/**
 * An ndarray view `[B, C, ...spatial]` as a dense C-order `{data, shape}`.
 *
 * Zero-copy when the view is C-contiguous over a Float32Array/Float64Array: `data` is then the
 * view's own memory (`subarray(offset, offset + size)`; the very same array when the offset is 0
 * and it has no extra elements). Strides of dimensions of size 1 do not matter. Otherwise
 * (transposed, stepped, reversed or sliced views; other element types) the values are gathered
 * in C order into a new array: a Float32Array for float32 data, else a Float64Array. The input is
 * never written. O(1) zero-copy, O(n) gathered.
 *
 * @param array - the ndarray `[B, C, ...spatial]`, e.g. `ndarray(probs, [1, C, H, W])` (zero-copy)
 *   or `nhwc.transpose(0, 3, 1, 2)` of a channels-last one (gathered).
 * @returns `{data, shape}` for `rankseg(probs, options)`.
 * @throws TypeError when `array` lacks `shape`/`stride`/`offset`/`data`, or its data are not numeric.
 * @throws RangeError when `shape` and `stride` differ in length, or a dimension is not a
 *   non-negative integer, or the view reaches outside its data.
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * import { rankseg } from 'rankseg';
 * import { fromNdarray } from 'rankseg/ndarray';
 *
 * const nhwc = ndarray(softmaxOutput, [1, 64, 64, 3]); // a Float32Array, channels last
 * const probs = fromNdarray(nhwc.transpose(0, 3, 1, 2)); // the strided view [1, 3, 64, 64], gathered
 * const mask = rankseg(probs); // labels [1, 64, 64]
 * ```
 */
export function fromNdarray(array: NdarrayLike): DenseArray {
  const { shape, stride, offset, data } = readView(array);
  const size = shape.reduce((a, n) => a * n, 1);
  if (size > 0) checkBounds(shape, stride, offset, data, size);
  if ((data instanceof Float32Array || data instanceof Float64Array) && isContiguous(shape, stride)) {
    const view = offset === 0 && data.length === size ? data : data.subarray(offset, offset + size);
    return { data: view, shape };
  }
  const out = data instanceof Float32Array ? new Float32Array(size) : new Float64Array(size);
  gather(shape, stride, offset, reader(data), out);
  return { data: out, shape };
}

interface View {
  shape: number[];
  stride: number[];
  offset: number;
  data: ArrayLike<number> | { get(index: number): number };
}

function readView(array: unknown): View {
  if (typeof array !== 'object' || array === null || !('shape' in array) || !('stride' in array)) {
    throw new TypeError(
      `fromNdarray: array must be an ndarray (shape, stride, offset, data); got ${formatValue(array)}`,
    );
  }
  const { shape, stride } = array as { shape: unknown; stride: unknown };
  const offset = 'offset' in array ? array.offset : 0;
  const data = 'data' in array ? array.data : undefined;
  if (!Array.isArray(shape) || !Array.isArray(stride) || shape.length !== stride.length) {
    throw new RangeError(
      `fromNdarray: shape and stride must be arrays of one length; got ${formatValue(shape)} and ${formatValue(stride)}`,
    );
  }
  shape.forEach((n: unknown, i) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new RangeError(`fromNdarray: shape[${i}] must be a non-negative integer; got ${formatValue(n)}`);
    }
  });
  stride.forEach((n: unknown, i) => {
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      throw new RangeError(`fromNdarray: stride[${i}] must be an integer; got ${formatValue(n)}`);
    }
  });
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw new RangeError(`fromNdarray: offset must be a non-negative integer; got ${formatValue(offset)}`);
  }
  const numeric =
    (ArrayBuffer.isView(data) &&
      !(data instanceof DataView) &&
      !(data instanceof BigInt64Array) &&
      !(data instanceof BigUint64Array)) ||
    Array.isArray(data) ||
    (typeof data === 'object' && data !== null && 'get' in data && typeof data.get === 'function');
  if (!numeric) {
    throw new TypeError(
      `fromNdarray: array.data must be a numeric array (or get() storage); got ${formatValue(data)}`,
    );
  }
  return { shape: [...shape], stride: [...stride], offset, data: data as View['data'] };
}

/** C-contiguous: the last stride is 1 and each stride is the next one times the next size (sizes of 1 skipped). */
function isContiguous(shape: number[], stride: number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (stride[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/** Every index the view can reach lies in the storage (when its length is known). */
function checkBounds(
  shape: number[],
  stride: number[],
  offset: number,
  data: View['data'],
  size: number,
): void {
  let lowest = offset;
  let highest = offset;
  for (let d = 0; d < shape.length; d++) {
    const reach = (shape[d]! - 1) * stride[d]!;
    if (reach < 0) lowest += reach;
    else highest += reach;
  }
  const length = 'length' in data && typeof data.length === 'number' ? data.length : Number.POSITIVE_INFINITY;
  if (lowest < 0 || highest >= length) {
    throw new RangeError(
      `fromNdarray: the view (${size} values, indices ${lowest}…${highest}) reaches outside its data of length ${length}`,
    );
  }
}

function reader(data: View['data']): (index: number) => number {
  if ('get' in data && typeof data.get === 'function' && !ArrayBuffer.isView(data)) {
    const storage = data as { get(index: number): number };
    return (index) => storage.get(index);
  }
  const values = data as ArrayLike<number>;
  return (index) => values[index]!;
}

/** Copies the view into `out` in C order; the last axis runs innermost with its stride. */
function gather(
  shape: number[],
  stride: number[],
  offset: number,
  read: (index: number) => number,
  out: Float32Array | Float64Array,
): void {
  const rank = shape.length;
  if (out.length === 0) return;
  if (rank === 0) {
    out[0] = checked(read(offset), offset);
    return;
  }
  const last = shape[rank - 1]!;
  const step = stride[rank - 1]!;
  const index = new Array<number>(rank - 1).fill(0); // odometer over all but the last axis
  let base = offset;
  for (let k = 0; k < out.length; k += last) {
    for (let j = 0; j < last; j++) out[k + j] = checked(read(base + j * step), base + j * step);
    for (let d = rank - 2; d >= 0; d--) {
      index[d]!++;
      base += stride[d]!;
      if (index[d]! < shape[d]!) break;
      base -= index[d]! * stride[d]!;
      index[d] = 0;
    }
  }
}

function checked(value: unknown, at: number): number {
  if (typeof value !== 'number')
    throw new TypeError(`fromNdarray: data[${at}] must be a number; got ${formatValue(value)}`);
  return value;
}
