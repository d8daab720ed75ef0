/**
 * NIfTI probability volumes to rankseg's channels-first layout.
 *
 * @module
 */

import { describe } from '../dtype';
import type { NumericData } from '../types';

/** Options of {@link niftiToProbabilities}. */
export interface NiftiToProbabilitiesOptions {
  /**
   * Which NIfTI axis holds the classes: 0 = x, 1 = y, 2 = z, 3 = t (the 4th dimension), …;
   * `'last'` [default for ≥ 4-D] the last axis; `'none'` [default for 1-D…3-D] a single class.
   */
  classAxis?: number | 'last' | 'none';
}

/** Probabilities in C order `[1, C, ...spatial]`, spatial axes slowest-first (z, y, x). */
export interface ProbabilityVolume {
  data: Float32Array | Float64Array;
  shape: number[];
}

/**
 * Rearranges a NIfTI probability volume into rankseg's layout `[1, C, Z, Y, X]` (one image, classes
 * first, C order).
 *
 * NIfTI stores x fastest; a C-order array with x fastest has shape `[..., Z, Y, X]`. With the
 * classes on the last NIfTI axis — dims (X, Y, Z, C), the usual way to save per-class maps — the
 * bytes already are `[C, Z, Y, X]` and this is a plain copy. Another class axis is moved to the
 * front; the other axes keep their order. Output element (c, …, z, y, x) = input voxel with the
 * class axis at c. Float64 data stays `Float64Array`, everything else becomes `Float32Array`
 * (values are not checked; rankseg validates them). O(n).
 *
 * @param volume - `{ data, dims }` as returned by `decodeNifti` (x fastest); not modified.
 * @param options - `{ classAxis }`.
 * @returns `{ data, shape: [1, C, ...spatial reversed] }`, e.g. `[1, C, Z, Y, X]`.
 * @throws {TypeError} if `volume` lacks numeric `data` or `dims`.
 * @throws {RangeError} if `classAxis` is not an axis of `dims`, or `data.length` ≠ product of dims.
 * @example
 * ```ts
 * import { decodeNifti, niftiToProbabilities } from 'rankseg/io';
 * const vol = decodeNifti(bytes);          // dims [64, 64, 20, 3]: 3 class maps
 * const probs = niftiToProbabilities(vol); // shape [1, 3, 20, 64, 64]
 * ```
 */
export function niftiToProbabilities(
  volume: { readonly data: NumericData; readonly dims: readonly number[] },
  options: NiftiToProbabilitiesOptions = {},
): ProbabilityVolume {
  if (typeof volume !== 'object' || volume === null || !Array.isArray(volume.dims)) {
    throw new TypeError(`volume must be { data, dims } (e.g. from decodeNifti), got ${describe(volume)}`);
  }
  const dims = volume.dims.slice();
  const { data } = volume;
  let n = 1;
  for (const d of dims) n *= d;
  if (data.length !== n) {
    throw new RangeError(
      `volume.data.length (${data.length}) must equal the product of volume.dims [${dims.join(', ')}]`,
    );
  }
  const requested = options.classAxis ?? (dims.length >= 4 ? 'last' : 'none');
  const axis = requested === 'last' ? dims.length - 1 : requested;
  if (axis !== 'none' && (!Number.isInteger(axis) || axis < 0 || axis >= dims.length)) {
    throw new RangeError(
      `options.classAxis must be 'last', 'none' or an integer in [0, ${dims.length - 1}]; got ${JSON.stringify(requested)}`,
    );
  }
  const out = data instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
  // bigint voxels (int64 files) are converted once; everything else is read as numbers
  const src: ArrayLike<number> =
    data instanceof BigInt64Array || data instanceof BigUint64Array
      ? Float64Array.from(data, Number)
      : (data as ArrayLike<number>);
  if (axis === 'none') {
    copyRun(out, src, 0, n, 0);
    return { data: out, shape: [1, 1, ...dims.reverse()] };
  }
  const classes = dims[axis]!;
  const spatial = dims.filter((_, k) => k !== axis);
  let inner = 1; // voxels per class step, i.e. the NIfTI stride of the class axis
  for (let k = 0; k < axis; k++) inner *= dims[k]!;
  const outer = n / (inner * classes);
  // input layout: [outer][class][inner] (NIfTI order, x fastest); output: [class][outer][inner]
  for (let c = 0; c < classes; c++) {
    for (let o = 0; o < outer; o++)
      copyRun(out, src, (o * classes + c) * inner, inner, (c * outer + o) * inner);
  }
  return { data: out, shape: [1, classes, ...spatial.reverse()] };
}

/** out[to..to+count) = src[from..from+count): a block copy for long typed runs, a loop otherwise. */
function copyRun(
  out: Float32Array | Float64Array,
  src: ArrayLike<number>,
  from: number,
  count: number,
  to: number,
): void {
  if (count >= 64 && ArrayBuffer.isView(src)) {
    out.set((src as Float32Array).subarray(from, from + count), to);
    return;
  }
  for (let i = 0; i < count; i++) out[to + i] = src[from + i]!;
}
