/**
 * `.npy` and `.npz` files.
 *
 * @module
 */

import { type ReadOptions, readLimits } from '../limits';
import type { NpyArray } from '../npy/decodeNpy';
import { encodeNpyChunks, type NpyEncodeOptions } from '../npy/encodeNpy';
import { encodeNpzChunks, type NpzEncodeOptions } from '../npy/encodeNpz';
import { npyTask } from '../npy/npyTask';
import { npzTask } from '../npy/npzTask';
import type { ArrayInput } from '../types';
import { guard } from './errors';
import { runOnFile } from './runOnFile';
import { writeFileAtomic } from './writeFileAtomic';

/**
 * Reads a `.npy` file (see `decodeNpy`): `{ data, shape, dtype }`, C order, native byte order.
 * The header is read and checked against the file size first; the data is then read with
 * positional reads straight into the returned array (no intermediate copy, no 2 GiB limit; up to
 * 2^32 elements), byte-swapped in place when big-endian.
 *
 * @param options - limits (see {@link ReadOptions}; `maxHeaderBytes` applies).
 * @throws {IoFormatError} when the content is not valid NPY; {@link IoFileError} when the file
 *   cannot be read. Messages start with the path; `error.path` holds it.
 * @example
 * ```ts
 * import { readNpy } from 'rankseg/io/node';
 * const { data, shape } = await readNpy('probs.npy');
 * ```
 */
export async function readNpy(path: string, options?: ReadOptions): Promise<NpyArray> {
  return guard(path, 'read', async (p) => {
    const limits = readLimits(options);
    return runOnFile(p, (size) => npyTask(0, size, limits));
  });
}

/**
 * Writes a `.npy` file (see `encodeNpy`; byte-identical to `numpy.save`). The data is converted and
 * written block by block into a temporary file that replaces `path` only when complete.
 *
 * @throws {TypeError}/{RangeError} for a bad array, options or value (message starts with the
 *   path); {@link IoFileError} when the file cannot be written. Nothing is left behind on failure.
 * @example
 * ```ts
 * import { writeNpy } from 'rankseg/io/node';
 * await writeNpy('mask.npy', mask, { dtype: 'uint8' });
 * ```
 */
export async function writeNpy(
  path: string,
  array: ArrayInput,
  options: NpyEncodeOptions = {},
): Promise<void> {
  return guard(path, 'write', (p) => writeFileAtomic(p, encodeNpyChunks(array, options)));
}

/**
 * Reads a `.npz` archive (see `decodeNpz`): arrays keyed by member name without `.npy`. Stored
 * members are read straight into their arrays; deflated members are inflated from the file in
 * chunks into arrays sized from their headers (never the whole archive in memory).
 *
 * @param options - limits (see {@link ReadOptions}): `maxBytes` bounds the inflated members.
 * @throws {IoFormatError} when the content is not a valid archive of NPY members;
 *   {@link IoFileError} when the file cannot be read.
 * @example
 * ```ts
 * import { readNpz } from 'rankseg/io/node';
 * const { probs } = await readNpz('outputs.npz');
 * ```
 */
export async function readNpz(path: string, options?: ReadOptions): Promise<Record<string, NpyArray>> {
  return guard(path, 'read', async (p) => {
    const limits = readLimits(options);
    return runOnFile(p, (size) => npzTask(size, limits));
  });
}

/**
 * Writes a `.npz` archive (see `encodeNpz`, deflated by default) atomically, member by member in
 * chunks (the archive is never held whole in memory).
 *
 * @throws {TypeError}/{RangeError} for bad members or options; {@link IoFileError} on write failure.
 * @example
 * ```ts
 * import { writeNpz } from 'rankseg/io/node';
 * await writeNpz('out.npz', { mask, probs }, { dtypes: { mask: 'uint8', probs: 'float16' } });
 * ```
 */
export async function writeNpz(
  path: string,
  members: Record<string, ArrayInput>,
  options: NpzEncodeOptions = {},
): Promise<void> {
  return guard(path, 'write', (p) => writeFileAtomic(p, encodeNpzChunks(members, options)));
}
