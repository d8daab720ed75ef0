/**
 * NPY reader.
 *
 * @module
 */

import { type ReadOptions, readLimits } from '../limits';
import { runInMemory } from '../readTask';
import { type NpyArray, npyTask } from './npyTask';

export type { NpyArray } from './npyTask';

/**
 * Decodes NPY bytes (format versions 1.0, 2.0 and 3.0).
 *
 * Big-endian data is converted to native order and Fortran-order data is reordered to C order,
 * so `data[i]` is always element i in C order of `shape`. The input is never aliased. O(n).
 *
 * Layout: magic `\x93NUMPY`, major and minor version bytes, header length (uint16 LE in 1.0, uint32
 * LE in 2.0/3.0), the header dict (Latin-1 in 1.x/2.x, UTF-8 in 3.0), then the raw data.
 *
 * @param bytes - the whole file.
 * @param options - limits (see {@link ReadOptions}): `maxHeaderBytes` (default 10,000, numpy's
 *   `max_header_size`) applies here.
 * @returns `{ data, shape, dtype }`.
 * @throws {IoFormatError} (format `'npy'`) for wrong magic, an unsupported version or dtype
 *   (complex, string, object, structured…), a malformed header or one longer than
 *   `maxHeaderBytes`, and data shorter or longer than the header's shape requires; the message
 *   says which.
 * @throws {RangeError} for an invalid option.
 * @example
 * ```ts
 * import { decodeNpy, encodeNpy } from 'rankseg/io';
 * const { data, shape, dtype } = decodeNpy(encodeNpy({ data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] }));
 * // data: Float32Array [1, 2, 3, 4], shape: [2, 2], dtype: 'float32'
 * ```
 */
export function decodeNpy(bytes: Uint8Array, options?: ReadOptions): NpyArray {
  return runInMemory(bytes, npyTask(0, bytes.length, readLimits(options)));
}
