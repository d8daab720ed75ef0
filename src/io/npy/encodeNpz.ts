/**
 * NPZ writer.
 *
 * @module
 */

import { concatChunks } from '../bytes';
import { type Dtype, describe } from '../dtype';
import type { ArrayInput } from '../types';
import { type ZipMemberSource, zipChunks } from '../zip/zipChunks';
import { encodeNpyChunks } from './encodeNpy';

/** Options of {@link encodeNpz}. */
export interface NpzEncodeOptions {
  /** `'deflate'` [default] (like `numpy.savez_compressed`) or `'store'` (like `numpy.savez`). */
  compression?: 'deflate' | 'store';
  /** Deflate level 1…9 (default 6); ignored when storing. */
  level?: number;
  /** Per-member dtype overrides, e.g. `{ probs: 'float16', labels: 'uint8' }`. */
  dtypes?: Record<string, Dtype>;
}

/**
 * Encodes named arrays as an `.npz` archive that `numpy.load` opens: member `name` becomes
 * `name.npy` (written by `encodeNpy`). O(total size).
 *
 * @param members - `{ name: { data, shape } }`; names must be non-empty.
 * @param options - compression, level, per-member dtypes.
 * @throws {TypeError} if `members` is not an object or a member is not `{ data, shape }`.
 * @throws {RangeError} for an empty name, a dtype override naming no member, a bad level, or any
 *   `encodeNpy` error (the message names the member).
 * @example
 * ```ts
 * import { encodeNpz } from 'rankseg/io';
 * const zip = encodeNpz(
 *   { probs: { data: new Float32Array(6), shape: [1, 2, 3] }, mask: { data: new Uint8Array(3), shape: [1, 3] } },
 *   { dtypes: { probs: 'float16' } },
 * );
 * ```
 */
export function encodeNpz(members: Record<string, ArrayInput>, options: NpzEncodeOptions = {}): Uint8Array {
  return concatChunks(encodeNpzChunks(members, options));
}

/**
 * The encoding of {@link encodeNpz} as a sequence of chunks: each member's NPY bytes are converted
 * block by block and deflated as they come, so an archive is never held whole in memory (the Node
 * layer streams the chunks into a temporary file). Members carry their CRC-32 and sizes in a data
 * descriptor after their data. Arguments are validated at the first `next()`.
 *
 * @throws as {@link encodeNpz}, from `next()`; also `RangeError` when the archive outgrows
 *   4 GiB (zip64 is not written; use `.npy` for arrays that large).
 * @example
 * ```ts
 * for (const chunk of encodeNpzChunks({ mask })) write(chunk);
 * ```
 */
export function* encodeNpzChunks(
  members: Record<string, ArrayInput>,
  options: NpzEncodeOptions = {},
): Generator<Uint8Array, void, undefined> {
  if (typeof members !== 'object' || members === null || Array.isArray(members)) {
    throw new TypeError(`members must be an object { name: { data, shape } }, got ${describe(members)}`);
  }
  const compression = options.compression ?? 'deflate';
  if (compression !== 'deflate' && compression !== 'store') {
    throw new RangeError(
      `options.compression must be 'deflate' or 'store'; got ${JSON.stringify(compression)}`,
    );
  }
  const level = options.level ?? 6;
  if (!Number.isInteger(level) || level < 1 || level > 9) {
    throw new RangeError(`options.level must be an integer in [1, 9]; got ${String(level)}`);
  }
  const dtypes = options.dtypes ?? {};
  for (const name of Object.keys(dtypes)) {
    if (!Object.hasOwn(members, name)) throw new RangeError(`options.dtypes.${name} names no member`);
  }
  const sources: ZipMemberSource[] = [];
  for (const [name, array] of Object.entries(members)) {
    if (name.length === 0) throw new RangeError('member names must be non-empty');
    const dtype = Object.hasOwn(dtypes, name) ? dtypes[name] : undefined;
    // validate every member before writing any: a bad one fails the write at its start
    try {
      encodeNpyChunks(array, dtype === undefined ? {} : { dtype }).next();
    } catch (e) {
      throw memberError(name, e);
    }
    sources.push({ name: `${name}.npy`, chunks: memberChunks(name, array, dtype) });
  }
  yield* zipChunks(sources, compression === 'store' ? 0 : level);
}

function* memberChunks(
  name: string,
  array: ArrayInput,
  dtype: Dtype | undefined,
): Generator<Uint8Array, void, undefined> {
  try {
    yield* encodeNpyChunks(array, dtype === undefined ? {} : { dtype });
  } catch (e) {
    throw memberError(name, e);
  }
}

function memberError(name: string, e: unknown): Error {
  const Ctor = e instanceof TypeError ? TypeError : RangeError;
  return new Ctor(`member "${name}": ${(e as Error).message}`, { cause: e });
}
