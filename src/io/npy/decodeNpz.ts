/**
 * NPZ reader.
 *
 * @module
 */

import { unzipSync } from 'fflate';
import { showBytes } from '../bytes';
import { IoFormatError } from '../errors';
import { decodeNpy, type NpyArray } from './decodeNpy';

/**
 * Decodes an `.npz` archive (as written by `numpy.savez` — stored entries — and
 * `numpy.savez_compressed` — deflated entries) into its arrays, keyed by member name without the
 * `.npy` suffix (`probs.npy` → `probs`, positional `arr_0.npy` → `arr_0`).
 *
 * Members that do not end in `.npy` are skipped (numpy would return them as raw bytes). The result
 * has no prototype, so any member name is a plain key. O(total size).
 *
 * @param bytes - the whole archive.
 * @returns a record of {@link NpyArray}s.
 * @throws {IoFormatError} (format `'npz'`) when the bytes are not a zip archive, the archive is
 *   corrupt or truncated, an entry uses a compression other than stored/deflate, or a
 *   member is not valid NPY (the message names the member and the NPY problem).
 * @example
 * ```ts
 * import { decodeNpz, encodeNpz } from 'rankseg/io';
 * const npz = decodeNpz(encodeNpz({ labels: { data: new Uint8Array([0, 1]), shape: [2] } }));
 * npz.labels.shape; // [2]
 * ```
 */
export function decodeNpz(bytes: Uint8Array): Record<string, NpyArray> {
  const isZip =
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
  if (!isZip) {
    throw new IoFormatError(
      'npz',
      `not NPZ data: wrong magic ${showBytes(bytes.subarray(0, 4))}, expected a zip archive ("PK\\x03\\x04")`,
    );
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name.endsWith('.npy') });
  } catch (e) {
    throw new IoFormatError('npz', `NPZ archive is corrupt or truncated (${(e as Error).message})`, {
      cause: e,
    });
  }
  const out: Record<string, NpyArray> = Object.create(null);
  for (const [name, member] of Object.entries(files)) {
    try {
      out[name.slice(0, -4)] = decodeNpy(member);
    } catch (e) {
      throw new IoFormatError('npz', `NPZ member "${name}": ${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}
