/**
 * NPZ reader.
 *
 * @module
 */

import { type ReadOptions, readLimits } from '../limits';
import { runInMemory } from '../readTask';
import type { NpyArray } from './npyTask';
import { npzTask } from './npzTask';

/**
 * Decodes an `.npz` archive (as written by `numpy.savez` — stored entries — and
 * `numpy.savez_compressed` — deflated entries) into its arrays, keyed by member name without the
 * `.npy` suffix (`probs.npy` → `probs`, positional `arr_0.npy` → `arr_0`).
 *
 * The archive is verified as it is read: the central directory must account for every byte it
 * spans (no hidden members), each member's local header must agree with it, and each member's
 * CRC-32 and sizes must match its data. A deflated member is inflated straight into an array
 * sized from its NPY header, after checking that size against the directory and `maxBytes`.
 * Members that do not end in `.npy` are skipped (numpy would return them as raw bytes). The result
 * has no prototype, so any member name is a plain key. O(total size).
 *
 * @param bytes - the whole archive.
 * @param options - limits (see {@link ReadOptions}): `maxBytes` (default 1 GiB) bounds the
 *   inflated size of the deflated members; `maxHeaderBytes` each NPY header.
 * @returns a record of {@link NpyArray}s.
 * @throws {IoFormatError} (format `'npz'`) when the bytes are not a zip archive; the directory is
 *   corrupt, truncated or inconsistent; a member's local header disagrees with it; a member is
 *   encrypted or uses a compression other than stored/deflate; a CRC-32 or size does not match;
 *   a member would inflate beyond `maxBytes`; or a member is not valid NPY (the message names the
 *   member and the problem).
 * @throws {RangeError} for an invalid option.
 * @example
 * ```ts
 * import { decodeNpz, encodeNpz } from 'rankseg/io';
 * const npz = decodeNpz(encodeNpz({ labels: { data: new Uint8Array([0, 1]), shape: [2] } }));
 * npz.labels.shape; // [2]
 * ```
 */
export function decodeNpz(bytes: Uint8Array, options?: ReadOptions): Record<string, NpyArray> {
  return runInMemory(bytes, npzTask(bytes.length, readLimits(options)));
}
