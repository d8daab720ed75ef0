/**
 * Resource limits of the readers: how much a file may make them allocate.
 *
 * @module
 */

import { describe } from './dtype';
import { type IoFormat, IoFormatError } from './errors';

/**
 * Options of every reader (`decodeNpy`, `decodeNpz`, `decodeNifti`, `decodePng` and the Node
 * readers `readNpy`, `readNpz`, `readNifti`, `readPng`, `readArrayFile`). The limits guard against
 * hostile or corrupt files: every size a header declares is checked against them, and against the
 * bytes actually present, before anything is allocated.
 *
 * - `maxBytes` (default 2^30 = 1 GiB): most bytes that compressed content (`.npz` deflated members,
 *   `.nii.gz`, PNG image data) may inflate to, in total per read. Uncompressed data has no such
 *   limit: its bytes must be present in the file, so the file's size bounds it. Raise it for
 *   larger compressed volumes (the CLI's `--max-bytes`).
 * - `maxHeaderBytes` (default 10,000): longest `.npy` header accepted, as numpy's `max_header_size`.
 * - `maxPixels` (default 2^28): most pixels (width × height) of a PNG.
 * - `shared` (default false): the array in a SharedArrayBuffer, for `solveAsync` to share with
 *   its workers without a copy.
 *
 * @example
 * ```ts
 * import { decodeNifti } from 'rankseg/io';
 * const volume = decodeNifti(bytes, { maxBytes: 4 * 2 ** 30 }); // a .nii.gz inflating to ≤ 4 GiB
 * ```
 */
export interface ReadOptions {
  /** Most bytes compressed content may inflate to (default 2^30). */
  maxBytes?: number;
  /** Longest `.npy` header in bytes (default 10,000, numpy's `max_header_size`). */
  maxHeaderBytes?: number;
  /** Most PNG pixels, width × height (default 2^28). */
  maxPixels?: number;
  /**
   * Allocate the array in a SharedArrayBuffer (default false), so that `solveAsync` hands it to
   * its worker threads without copying it. Arrays the reader builds afterwards (byte-swapped,
   * Fortran order reordered, PNG pixels) are ordinary. Where the runtime has no
   * SharedArrayBuffer (a browser page that is not cross-origin isolated) this is a TypeError.
   */
  shared?: boolean;
}

/** {@link ReadOptions} with every limit filled in. */
export interface ReadLimits {
  maxBytes: number;
  maxHeaderBytes: number;
  maxPixels: number;
  shared: boolean;
}

/** Default of {@link ReadOptions.maxBytes}: 1 GiB. */
export const DEFAULT_MAX_BYTES = 2 ** 30;
/** Default of {@link ReadOptions.maxHeaderBytes}: numpy's `max_header_size`. */
export const DEFAULT_MAX_HEADER_BYTES = 10_000;
/** Default of {@link ReadOptions.maxPixels}. */
export const DEFAULT_MAX_PIXELS = 2 ** 28;

/**
 * Upper bound on inflated bytes per compressed byte. Deflate spends at least 2 bits (a 1-bit length
 * code, a 1-bit distance code) per 258-byte match, so n bytes inflate to at most 1032·n; the bound
 * is taken twice that, plus {@link DEFLATE_SLACK}, as a safety margin. A size declared beyond it
 * cannot be backed by the stream and is refused before anything is allocated.
 */
export const MAX_DEFLATE_RATIO = 2064;

/** Constant allowance of {@link MAX_DEFLATE_RATIO} (block headers, tiny streams). */
export const DEFLATE_SLACK = 1 << 16;

/** Most bytes `compressed` bytes of deflate data can inflate to (see {@link MAX_DEFLATE_RATIO}). */
export function maxInflatedSize(compressed: number): number {
  return compressed * MAX_DEFLATE_RATIO + DEFLATE_SLACK;
}

/** The largest typed array Node (and V8 browsers) allocate has 2^32 elements. */
export const MAX_ELEMENTS = 2 ** 32;

/**
 * Validates reader options and fills in the defaults.
 *
 * @throws {TypeError} if `options` is not an object.
 * @throws {RangeError} naming the option, for a limit that is not a positive integer.
 * @example
 * ```ts
 * readLimits({ maxBytes: 2 ** 32 }).maxHeaderBytes; // 10000
 * ```
 */
export function readLimits(options: ReadOptions | undefined): ReadLimits {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  const pick = (key: keyof ReadOptions, fallback: number): number => {
    const v: unknown = options[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new RangeError(`options.${key} must be a positive integer, got ${String(v)}`);
    }
    return v;
  };
  return {
    maxBytes: pick('maxBytes', DEFAULT_MAX_BYTES),
    maxHeaderBytes: pick('maxHeaderBytes', DEFAULT_MAX_HEADER_BYTES),
    maxPixels: pick('maxPixels', DEFAULT_MAX_PIXELS),
    shared: readShared(options.shared),
  };
}

function readShared(shared: unknown): boolean {
  if (shared === undefined) return false;
  if (typeof shared !== 'boolean')
    throw new TypeError(`options.shared must be a boolean, got ${describe(shared)}`);
  if (shared && typeof SharedArrayBuffer === 'undefined') {
    throw new TypeError(
      'options.shared: this runtime has no SharedArrayBuffer (a page must be cross-origin isolated)',
    );
  }
  return shared;
}

/**
 * The error for compressed content that would inflate beyond `maxBytes`; the message says how to
 * raise the limit.
 *
 * @example
 * ```ts
 * throw tooManyBytes('nifti', 'the NIfTI volume', 6e9, 2 ** 30);
 * ```
 */
export function tooManyBytes(format: IoFormat, what: string, bytes: number, maxBytes: number): IoFormatError {
  return new IoFormatError(
    format,
    `${what} inflates to ${bytes} bytes, more than the limit of ${maxBytes} (maxBytes); ` +
      'if the file is trusted, raise it with the maxBytes option (--max-bytes in the CLI)',
  );
}

/**
 * The error for a declared element count above one typed array's capacity ({@link MAX_ELEMENTS}).
 *
 * @example
 * ```ts
 * if (count > MAX_ELEMENTS) throw tooManyElements('npy', count);
 * ```
 */
export function tooManyElements(format: IoFormat, count: number): IoFormatError {
  return new IoFormatError(
    format,
    `the array has ${count} elements, more than one typed array can hold (2^32); split it into smaller files`,
  );
}

/**
 * Product of `dims` as an exact integer, or `Infinity` once it passes 2^53 (so a hostile shape
 * cannot wrap around into a small count).
 *
 * @example
 * ```ts
 * checkedProduct([2, 3]); // 6
 * checkedProduct([2 ** 40, 2 ** 40]); // Infinity
 * ```
 */
export function checkedProduct(dims: readonly number[], start = 1): number {
  let p = start;
  for (const d of dims) {
    p *= d;
    if (p > Number.MAX_SAFE_INTEGER) return Number.POSITIVE_INFINITY;
  }
  return p;
}

/**
 * Allocates the bytes of `count` elements of `itemSize` bytes, after checking that one typed array
 * can hold them: fresh zeros aligned for any element size, in a SharedArrayBuffer when `shared`.
 *
 * @throws {IoFormatError} (of `format`) when `count` exceeds {@link MAX_ELEMENTS}.
 * @example
 * ```ts
 * const raw = allocateElements('npy', 6, 4, false); // 24 bytes for six float32
 * ```
 */
export function allocateElements(
  format: IoFormat,
  count: number,
  itemSize: number,
  shared: boolean,
): Uint8Array {
  if (count > MAX_ELEMENTS) throw tooManyElements(format, count);
  if (!shared) return new Uint8Array(count * itemSize);
  return new Uint8Array(new SharedArrayBuffer(count * itemSize) as unknown as ArrayBuffer);
}
