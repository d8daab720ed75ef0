/**
 * NPZ writer.
 *
 * @module
 */

import { type Zippable, zipSync } from 'fflate';
import { type Dtype, describe } from '../dtype';
import type { ArrayInput } from '../types';
import { encodeNpy } from './encodeNpy';

/** Options of {@link encodeNpz}. */
export interface NpzEncodeOptions {
  /** `'deflate'` [default] (like `numpy.savez_compressed`) or `'store'` (like `numpy.savez`). */
  compression?: 'deflate' | 'store';
  /** Deflate level 1…9 (default 6); ignored when storing. */
  level?: number;
  /** Per-member dtype overrides, e.g. `{ probs: 'float16', labels: 'uint8' }`. */
  dtypes?: Record<string, Dtype>;
}

/** Entries carry a fixed timestamp (1980-01-01, the zip epoch) so equal inputs give equal bytes. */
const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 0);

/**
 * Encodes named arrays as an `.npz` archive that `numpy.load` opens: member `name` becomes
 * `name.npy` (written by {@link encodeNpy}). O(total size).
 *
 * @param members - `{ name: { data, shape } }`; names must be non-empty.
 * @param options - compression, level, per-member dtypes.
 * @throws {TypeError} if `members` is not an object or a member is not `{ data, shape }`.
 * @throws {RangeError} for an empty name, a dtype override naming no member, a bad level, or any
 *   {@link encodeNpy} error (the message names the member).
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
  const files: Zippable = {};
  for (const [name, array] of Object.entries(members)) {
    if (name.length === 0) throw new RangeError('member names must be non-empty');
    let npy: Uint8Array;
    try {
      const dtype = Object.hasOwn(dtypes, name) ? dtypes[name] : undefined;
      npy = encodeNpy(array, dtype === undefined ? {} : { dtype });
    } catch (e) {
      const Ctor = e instanceof TypeError ? TypeError : RangeError;
      throw new Ctor(`member "${name}": ${(e as Error).message}`, { cause: e });
    }
    files[`${name}.npy`] = npy;
  }
  return zipSync(files, { level: compression === 'store' ? 0 : (level as 1), mtime: ZIP_EPOCH });
}
