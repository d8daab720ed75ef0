/**
 * The NPY reader as a {@link ReadTask}: header first (bounded by `maxHeaderBytes`), the size
 * checked against the file, then the data read straight into the array returned.
 *
 * @module
 */

import type { Dtype, DtypeData } from '../dtype';
import { allocateElements, type ReadLimits } from '../limits';
import { type ReadTask, readInto } from '../readTask';
import { finishNpy, NPY_PREAMBLE_BYTES, type NpyLayout, npyLengthError, parseNpyLayout } from './npyLayout';

/** A decoded `.npy` array: C-order data in its natural typed array. */
export interface NpyArray {
  /**
   * float16 → `Float32Array`, float32 → `Float32Array`, float64 → `Float64Array`, (u)int8/16/32 →
   * `(Ui|I)nt{8,16,32}Array`, (u)int64 → `Big(Ui|I)nt64Array`, bool → `Uint8Array` of 0/1.
   */
  data: DtypeData;
  /** Dimensions (C order; `[]` for a 0-d array). */
  shape: number[];
  /** The element type stored in the file. */
  dtype: Dtype;
}

/**
 * Reads the header of an NPY file of `size` bytes starting at `offset` (an `.npz` member is a
 * file inside the archive).
 *
 * @example
 * ```ts
 * const layout = yield* npyHeaderTask(0, fileSize, limits);
 * ```
 */
export function* npyHeaderTask(offset: number, size: number, limits: ReadLimits): ReadTask<NpyLayout> {
  let head = yield { at: offset, length: Math.min(size, NPY_PREAMBLE_BYTES) };
  let layout = parseNpyLayout(head, limits, size);
  while (typeof layout === 'number') {
    head = yield { at: offset, length: layout };
    layout = parseNpyLayout(head, limits, size);
  }
  return layout;
}

/**
 * Reads an uncompressed NPY file of `size` bytes at `offset`: the header, then exactly the data
 * bytes it implies (a different file size is an error, checked before allocating).
 *
 * @param onData - sees the raw bytes (header and data) before they are decoded, e.g. for a CRC.
 * @throws {IoFormatError} (format `'npy'`) as `decodeNpy`.
 * @example
 * ```ts
 * const array = runInMemory(bytes, npyTask(0, bytes.length, limits));
 * ```
 */
export function* npyTask(
  offset: number,
  size: number,
  limits: ReadLimits,
  onData?: (header: Uint8Array, data: Uint8Array) => void,
): ReadTask<NpyArray> {
  const layout = yield* npyHeaderTask(offset, size, limits);
  const have = size - layout.dataOffset;
  if (have !== layout.dataBytes) throw npyLengthError(layout, have);
  let header: Uint8Array | undefined;
  if (onData !== undefined) header = (yield { at: offset, length: layout.dataOffset }).slice();
  const raw = allocateElements('npy', layout.count, layout.itemSize, limits.shared);
  const got = yield* readInto(raw, offset + layout.dataOffset);
  if (got !== raw.length) throw npyLengthError(layout, got); // the file shrank while being read
  if (onData !== undefined) onData(header!, raw);
  return { data: finishNpy(raw, layout), shape: layout.shape, dtype: layout.dtype };
}
