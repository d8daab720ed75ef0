/**
 * Label maps and masks from files, for `rankseg evaluate`.
 *
 * @module
 */

import { type ArrayFormat, isArrayFormat } from '../../io/formats';
import type { NiftiHeader } from '../../io/nifti/niftiHeader';
import { type ArrayFile, readArrayFile } from '../../io/node/arrayFile';
import type { MetricInputForm } from '../../metrics/types';

/** A label map `[B, ...spatial]` or 0/1 masks `[B, C, ...spatial]` read from a file. */
export interface LabelInput {
  data: ArrayLike<number>;
  shape: number[];
  /** What the file says it is: PNGs know (palette/grayscale labels, black/white masks), arrays do not. */
  kind: 'labels' | 'masks' | 'unknown';
  /** NIfTI files: the header (its geometry, to compare a prediction's with its target's). */
  header?: NiftiHeader;
}

/** How to read a label file. */
export interface LabelReadOptions {
  /** `.npz` member to read. */
  key?: string;
  /** `--input`: forces labels or masks. */
  input: MetricInputForm;
  /** Whether `--num-classes` was given (a black/white PNG is then the label map 0/1). */
  numClassesGiven: boolean;
  /** Most bytes compressed content may inflate to (`--max-bytes`). */
  maxBytes?: number;
}

/**
 * Reads a prediction or target:
 * - `.npy`/`.npz`: the array as stored, `[B, ...spatial]` labels or `[B, C, ...spatial]` masks; a
 *   2-D array is one image `[1, H, W]`. 64-bit integers become float64 numbers.
 * - NIfTI: one volume, `[1, ...shape]` with shape = NIfTI dims reversed, so a label volume
 *   (x, y, z) is `[1, Z, Y, X]` and masks (x, y, z, class) are `[1, C, Z, Y, X]`.
 * - PNG: palette and grayscale images hold labels `[1, H, W]`; a black/white grayscale image (only 0
 *   and 1, or 0 and the maximum 255/65535) is a binary mask: with `--num-classes` the label map 0/1,
 *   without it a one-class 0/1 mask `[1, 1, H, W]`. `--input labels` keeps the stored values as
 *   labels; `--input masks` reads `[1, 1, H, W]`.
 *
 * @throws {RangeError} for an RGB(A) PNG; the io layer's errors for unreadable files.
 * @example
 * ```ts
 * const target = await readLabelFile('gt.png', { input: 'auto', numClassesGiven: true }); // shape [1, H, W]
 * ```
 */
export async function readLabelFile(path: string, options: LabelReadOptions): Promise<LabelInput> {
  const file = await readArrayFile(path, {
    ...(options.key === undefined ? {} : { key: options.key }),
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
  });
  const raw = file.data;
  const data: ArrayLike<number> =
    raw instanceof BigInt64Array || raw instanceof BigUint64Array ? Float64Array.from(raw, Number) : raw;
  if (isArrayFile(file)) {
    // an N-D array format: as stored
    return { data, shape: file.shape.length === 2 ? [1, ...file.shape] : file.shape, kind: 'unknown' };
  }
  switch (file.format) {
    case 'nifti':
      return { data, shape: [1, ...file.shape], kind: 'unknown', header: file.header };
    case 'png':
      break;
    default:
      return unknownFormat(file);
  }
  if (file.shape.length !== 2) {
    const what = file.shape[2] === 2 ? 'gray+alpha' : file.shape[2] === 3 ? 'RGB' : 'RGBA';
    throw new RangeError(`${path}: an ${what} PNG; label images are palette or single-channel grayscale`);
  }
  const [h, w] = file.shape as [number, number];
  if (options.input === 'masks')
    return { data: binary(file.data, file.bitDepth) ?? data, shape: [1, 1, h, w], kind: 'masks' };
  if (options.input === 'labels' || file.palette !== undefined)
    return { data, shape: [1, h, w], kind: 'labels' };
  const mask = binary(file.data, file.bitDepth);
  if (mask === undefined) return { data, shape: [1, h, w], kind: 'labels' };
  return options.numClassesGiven
    ? { data: mask, shape: [1, h, w], kind: 'labels' }
    : { data: mask, shape: [1, 1, h, w], kind: 'masks' };
}

/** A file of an N-D array format (see `ArrayFormat`). */
function isArrayFile(file: ArrayFile): file is Extract<ArrayFile, { format: ArrayFormat }> {
  return isArrayFormat(file.format);
}

function unknownFormat(file: never): never {
  throw new Error(`no label reader for format ${String((file as { format: unknown }).format)}`);
}

/** 0/1 of a black/white image (values only 0 and 1, or only 0 and 2^bits − 1); undefined otherwise. */
function binary(samples: Uint8Array | Uint16Array, bitDepth: number): Uint8Array | undefined {
  const max = 2 ** bitDepth - 1;
  let onlyOne = true;
  let onlyMax = true;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (v !== 0 && v !== 1) onlyOne = false;
    if (v !== 0 && v !== max) onlyMax = false;
    if (!onlyOne && !onlyMax) return undefined;
  }
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! === 0 ? 0 : 1;
  return out;
}
