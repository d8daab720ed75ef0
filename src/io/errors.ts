/**
 * The error thrown for a malformed file.
 *
 * @module
 */

/** File formats of `rankseg/io`. */
export type IoFormat = 'npy' | 'npz' | 'nifti' | 'png';

/** Options of {@link IoFormatError}. */
export interface IoFormatErrorOptions {
  /** The file the bytes came from (set by the Node layer, `rankseg/io/node`). */
  path?: string;
  /** The error that revealed the problem (a decompressor's, a PNG decoder's). */
  cause?: unknown;
}

/**
 * Bytes that are not a valid file of the expected format: wrong magic, truncated data, an
 * unsupported dtype or datatype, a header whose shape disagrees with the data length, a corrupt
 * compressed stream.
 *
 * Problems with the caller's arguments are not format errors: they throw `TypeError` (wrong
 * kind of value) or `RangeError` (bad value), like the rest of rankseg.
 *
 * @example
 * ```ts
 * import { decodeNpy, IoFormatError } from 'rankseg/io';
 * try {
 *   decodeNpy(new Uint8Array([1, 2, 3]));
 * } catch (e) {
 *   if (e instanceof IoFormatError) console.log(e.format, e.message); // 'npy', 'NPY data is truncated: …'
 * }
 * ```
 */
export class IoFormatError extends Error {
  override readonly name = 'IoFormatError';
  /** Which format the bytes failed to be. */
  readonly format: IoFormat;
  /** The file, when the bytes were read from or written to one; `undefined` for in-memory bytes. */
  readonly path: string | undefined;

  /**
   * @param format - the format that was expected.
   * @param message - what is wrong, e.g. `NPY data is truncated: …`.
   * @param options - the file path and the underlying cause.
   */
  constructor(format: IoFormat, message: string, options: IoFormatErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.format = format;
    this.path = options.path;
  }
}
