/**
 * The internal error of the stream decoders (deflate, gzip, zlib): corrupt or truncated compressed
 * data. Readers turn it into an `IoFormatError` naming the file and the format.
 *
 * @module
 */

/**
 * Corrupt, truncated or trailing compressed data, as found by a stream decoder.
 *
 * @example
 * ```ts
 * try { gz.finish(); } catch (e) { if (e instanceof StreamError) throw new IoFormatError('nifti', e.message); }
 * ```
 */
export class StreamError extends Error {
  override readonly name = 'StreamError';
}
