/**
 * Probability files → `[B, C, ...spatial]` tensors for the library.
 *
 * @module
 */

import type { ProbabilityTensor } from '../../api/types';
import type { DtypeData } from '../../io/dtype';
import { extensionList, isArrayFormat } from '../../io/formats';
import type { NiftiHeader } from '../../io/nifti/niftiHeader';
import { niftiToProbabilities } from '../../io/nifti/niftiToProbabilities';
import { arrayFileFormat, readArrayFile } from '../../io/node/arrayFile';
import { readNifti } from '../../io/node/nifti';
import { readPng } from '../../io/node/png';
import { pngToProbabilities } from '../../io/png/pngToProbabilities';
import type { ClassAxis } from './options';
import { UsageError } from './usage';

/** How to read a probability file (the `--class-axis`, `--layout`, `--key` flags). */
export interface ProbabilityReadOptions {
  /** Class axis; default: `.npy`/`.npz` axis 1 (or the last with `layout`), NIfTI the 4th axis. */
  classAxis?: ClassAxis;
  /** `.npy`/`.npz` only: `'channels-last'` means class axis −1. */
  layout?: 'channels-first' | 'channels-last';
  /** `.npz` member to read (needed when the archive holds several arrays). */
  key?: string;
  /** Most bytes compressed content may inflate to (`--max-bytes`; the readers' default otherwise). */
  maxBytes?: number;
  /** The array in a SharedArrayBuffer (for `solveAsync`, which then shares it without a copy). */
  shared?: boolean;
}

/**
 * The array as the file stores it, for what depends on the user's view of it: outputs in the same
 * layout, and the diagnosis of values that are not probabilities.
 */
export interface StoredArray {
  /** The values, C order (a NIfTI volume: its dims reversed, so x varies fastest); made on demand. */
  values: () => Float32Array | Float64Array;
  shape: number[];
  /** The C-order axis of the classes; undefined when there is none (one class). */
  classAxis: number | undefined;
  /** Whether `shape[0]` counts images (`.npy`/`.npz` `[B, …]`), or the whole array is one image. */
  batched: boolean;
  /** How `--class-axis` counts this file's axes: C order (`.npy`/`.npz`), NIfTI order (0 = x), none (PNG). */
  axes: 'array' | 'nifti' | 'none';
}

/** A probability tensor ready for `solve()`, and what the writer needs to keep from the file. */
export interface ProbabilityInput {
  /** `{ data, shape }` in the layout named by `layout`. */
  probs: ProbabilityTensor;
  /** Layout of `probs` for the library's `layout` option. */
  layout: 'channels-first' | 'channels-last';
  /** Images B and class channels C. */
  batch: number;
  classes: number;
  /** Pixels per image and class (product of the spatial sizes). */
  pixels: number;
  /** NIfTI inputs: the header, with the class axis removed, as the template of a label volume. */
  niftiTemplate?: NiftiHeader;
  /** The array as stored (see {@link StoredArray}). */
  stored: StoredArray;
}

/**
 * The `.npz` member name of nnU-Net v2's `--save_probabilities`: one case, `(C, Z, Y, X)` (a 2-D
 * case `(C, 1, Y, X)`), classes on axis 0, no batch axis.
 */
export const NNUNET_PROBABILITIES_KEY = 'probabilities';

/**
 * Reads probabilities (or logits) from `.npy`, `.npz`, `.nii`/`.nii.gz` or `.png`:
 * - `.npy`/`.npz`: `[B, C, ...spatial]`; another class axis is moved to position 1 (the last one is
 *   left to the library's channels-last reading); class axis 0 means `[C, ...spatial]` without a
 *   batch axis; `'none'` means `[B, ...spatial]` with one class; a 2-D array is one single-class
 *   image. An `.npz` member named `probabilities` (nnU-Net v2) of 3 or more axes is one image
 *   `(C, ...spatial)`: class axis 0 unless `--class-axis`/`--layout` say otherwise. Integer and
 *   boolean arrays are read as numbers (the library checks the range).
 * - NIfTI: `niftiToProbabilities` (classes on the 4th axis of an (x, y, z, class) volume by default,
 *   none for a 3-D volume); the axis counts in NIfTI order, 0 = x.
 * - PNG: an 8/16-bit grayscale probability image of one class, p = sample / (2^bits − 1).
 *
 * @throws {UsageError} when a flag does not fit the file (a class axis it lacks, `--layout` on a
 *   NIfTI or PNG file); the io layer's errors when the file cannot be read or decoded.
 * @example
 * ```ts
 * const input = await readProbabilityFile('logits.npy', { layout: 'channels-last' });
 * solve(input.probs, { activation: 'softmax', layout: input.layout });
 * ```
 */
export async function readProbabilityFile(
  path: string,
  options: ProbabilityReadOptions,
): Promise<ProbabilityInput> {
  const format = arrayFileFormat(path);
  const noLayout = (what: string) =>
    new UsageError(`--layout applies to ${extensionList((f) => f.anyAxes)} inputs; ${path} is ${what}`);
  if (isArrayFormat(format)) return readArrayProbabilities(path, options);
  switch (format) {
    case 'png': {
      if (options.layout !== undefined) throw noLayout('a PNG');
      if (options.classAxis !== undefined) {
        throw new UsageError(`--class-axis does not apply to ${path}: a PNG holds one class`);
      }
      const probs = pngToProbabilities(await readPng(path, limitsOf(options)));
      const stored: StoredArray = {
        values: () => probs.data,
        shape: probs.shape.slice(2),
        classAxis: undefined,
        batched: false,
        axes: 'none',
      };
      return channelsFirst(probs.data, probs.shape, stored);
    }
    case 'nifti':
      if (options.layout !== undefined) throw noLayout('NIfTI (use --class-axis)');
      return readNiftiProbabilities(path, options.classAxis, limitsOf(options));
    default:
      return unknownFormat(format);
  }
}

/** An N-D array format (`.npy`, `.npz`): the array as stored, its class axis moved to 1 (or read channels-last). */
async function readArrayProbabilities(
  path: string,
  options: ProbabilityReadOptions,
): Promise<ProbabilityInput> {
  const file = await readArrayFile(path, {
    ...limitsOf(options),
    ...(options.key === undefined ? {} : { key: options.key }),
  });
  const data = asFloats(file.data);
  const shape = file.shape;
  const nnunet =
    file.format === 'npz' &&
    file.key === NNUNET_PROBABILITIES_KEY &&
    shape.length >= 3 &&
    options.classAxis === undefined &&
    options.layout === undefined;
  const axis = nnunet ? 0 : npyClassAxis(path, shape, options);
  const stored = (classAxis: number | undefined, batched: boolean): StoredArray => ({
    values: () => data,
    shape,
    classAxis,
    batched,
    axes: 'array',
  });
  if (axis === 'image') return channelsFirst(data, [1, 1, ...shape], stored(undefined, false));
  if (axis === 'none') return channelsFirst(data, [shape[0]!, 1, ...shape.slice(1)], stored(undefined, true));
  if (axis === 0) return channelsFirst(data, [1, ...shape], stored(0, false));
  if (axis === 1) return channelsFirst(data, shape, stored(1, true));
  if (axis === shape.length - 1)
    return inputOf(data, shape, 'channels-last', shape[axis]!, stored(axis, true));
  const [moved, movedShape] = moveAxisToOne(data, shape, axis);
  return channelsFirst(moved, movedShape, stored(axis, true));
}

function unknownFormat(format: never): never {
  throw new Error(`no probability reader for format ${String(format)}`);
}

/** Class axis of an npy array; `'image'`: a 2-D array read as one image of one class. */
function npyClassAxis(
  path: string,
  shape: number[],
  options: ProbabilityReadOptions,
): number | 'none' | 'image' {
  const rank = shape.length;
  let requested: ClassAxis | undefined = options.classAxis;
  if (requested === undefined && options.layout === 'channels-last') requested = 'last';
  // a 2-D array is one image of one class: [H, W] → [1, 1, H, W]
  if (rank === 2 && (requested === undefined || requested === 'none')) return 'image';
  if (requested === undefined) return 1;
  if (requested === 'none') return 'none';
  const axis = requested === 'last' ? rank - 1 : requested < 0 ? rank + requested : requested;
  if (!(axis >= 0 && axis < rank)) {
    throw new UsageError(
      `--class-axis ${String(requested)} is not an axis of ${path}, shape [${shape.join(', ')}] (${rank} axes)`,
    );
  }
  return axis;
}

/** The reader limits the options carry. */
function limitsOf(options: ProbabilityReadOptions): { maxBytes?: number; shared?: boolean } {
  return {
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    ...(options.shared === undefined ? {} : { shared: options.shared }),
  };
}

async function readNiftiProbabilities(
  path: string,
  classAxis: ClassAxis | undefined,
  limits: { maxBytes?: number },
): Promise<ProbabilityInput> {
  const volume = await readNifti(path, limits);
  const rank = volume.dims.length;
  const requested: ClassAxis = classAxis ?? (rank >= 4 ? 'last' : 'none');
  const axis =
    requested === 'none'
      ? 'none'
      : requested === 'last'
        ? rank - 1
        : requested < 0
          ? rank + requested
          : requested;
  if (axis !== 'none' && !(axis >= 0 && axis < rank)) {
    throw new UsageError(
      `--class-axis ${String(requested)} is not an axis of ${path}, NIfTI dims (${volume.dims.join(', ')})`,
    );
  }
  const probs = niftiChannelsFirst(volume, axis);
  const stored: StoredArray = {
    values: () => asFloats(volume.data),
    shape: volume.dims.slice().reverse(),
    classAxis: axis === 'none' ? undefined : rank - 1 - axis,
    batched: false,
    axes: 'nifti',
  };
  const input = channelsFirst(probs.data, probs.shape, stored);
  input.niftiTemplate = withoutAxis(volume.header, axis);
  return input;
}

/**
 * A NIfTI volume's voxels as `[1, C, ...spatial reversed]`, without a copy where none is needed:
 * NIfTI stores x fastest, so with the classes on the last axis (dims (X, Y, Z, C)), or no class
 * axis, float32/float64 voxels already are that C-order array and are used as they are (the
 * volume is the CLI's own, read for this call). Another class axis, or another dtype, goes
 * through `niftiToProbabilities` (one reordering or converting copy).
 *
 * @example
 * ```ts
 * niftiChannelsFirst({ data: new Float32Array(24), dims: [4, 3, 1, 2] }, 3).shape; // [1, 2, 1, 3, 4]
 * ```
 */
export function niftiChannelsFirst(
  volume: { readonly data: DtypeData; readonly dims: readonly number[] },
  axis: number | 'none',
): { data: Float32Array | Float64Array; shape: number[] } {
  const { data, dims } = volume;
  const inPlace = axis === 'none' || axis === dims.length - 1;
  if (inPlace && (data instanceof Float32Array || data instanceof Float64Array)) {
    const spatial = (axis === 'none' ? dims : dims.slice(0, -1)).slice().reverse();
    return { data, shape: [1, axis === 'none' ? 1 : dims[axis]!, ...spatial] };
  }
  return niftiToProbabilities(volume, { classAxis: axis });
}

/** The header of the volume with NIfTI axis `axis` (0 = x) removed from `dim` and `pixdim`. */
function withoutAxis(header: NiftiHeader, axis: number | 'none'): NiftiHeader {
  if (axis === 'none') return header;
  const ndim = header.dim[0]!;
  const dims = header.dim.slice(1, ndim + 1).filter((_, k) => k !== axis);
  const sizes = header.pixdim.slice(1, ndim + 1).filter((_, k) => k !== axis);
  const dim = [dims.length, ...dims];
  const pixdim = [header.pixdim[0] ?? 1, ...sizes];
  while (dim.length < 8) dim.push(1);
  while (pixdim.length < 8) pixdim.push(1);
  return { ...header, dim, pixdim };
}

function channelsFirst(
  data: Float32Array | Float64Array,
  shape: number[],
  stored: StoredArray,
): ProbabilityInput {
  return inputOf(data, shape, 'channels-first', shape[1] ?? 1, stored);
}

function inputOf(
  data: Float32Array | Float64Array,
  shape: number[],
  layout: ProbabilityInput['layout'],
  classes: number,
  stored: StoredArray,
): ProbabilityInput {
  const batch = shape[0]!;
  const pixels = data.length / (batch * classes);
  return { probs: { data, shape }, layout, batch, classes, pixels, stored };
}

/** Floats as they are; every other dtype as float64 numbers (exact for integers below 2^53). */
function asFloats(data: DtypeData): Float32Array | Float64Array {
  if (data instanceof Float32Array || data instanceof Float64Array) return data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  return Float64Array.from(data);
}

/**
 * Moves axis `axis` (2 ≤ axis < rank − 1) to position 1: input `[B, A…, C, Z…]` read as
 * `[B][outer][C][inner]`, output `[B][C][outer][inner]`. One O(n) copy.
 */
function moveAxisToOne(
  data: Float32Array | Float64Array,
  shape: number[],
  axis: number,
): [Float32Array | Float64Array, number[]] {
  const batch = shape[0]!;
  const classes = shape[axis]!;
  let outer = 1;
  for (let k = 1; k < axis; k++) outer *= shape[k]!;
  const inner = data.length / (batch * outer * classes);
  const out = data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length);
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < classes; c++) {
        const from = ((b * outer + o) * classes + c) * inner;
        out.set(data.subarray(from, from + inner), ((b * classes + c) * outer + o) * inner);
      }
    }
  }
  const moved = [batch, classes, ...shape.slice(1, axis), ...shape.slice(axis + 1)];
  return [out, moved];
}
