/**
 * Streaming zlib decoder (RFC 1950): checks the 2-byte header, inflates, checks the Adler-32
 * trailer, and refuses bytes after it.
 *
 * @module
 */

import { adler32 } from '../checksum/adler32';
import { RawInflater } from './RawInflater';
import { StreamError } from './StreamError';

/**
 * Decodes one zlib stream pushed in chunks (PNG image data arrives split over IDAT chunks).
 * Inflated bytes go to `onData` in pieces sized by `allowed`; problems are thrown as
 * {@link StreamError}s.
 *
 * @example
 * ```ts
 * const z = new ZlibDecoder((piece) => out.push(piece));
 * for (const idat of idats) z.push(idat);
 * z.finish();
 * ```
 */
export class ZlibDecoder {
  private header: number[] = [];
  private trailer: number[] = [];
  private readonly inflater: RawInflater;
  private adler = 1;

  /**
   * @param onData - receives each inflated piece.
   * @param allowed - output bytes the owner still accepts (see RawInflater).
   */
  constructor(onData: (piece: Uint8Array) => void, allowed?: () => number) {
    this.inflater = new RawInflater((piece) => {
      this.adler = adler32(piece, this.adler);
      onData(piece);
    }, allowed);
  }

  /**
   * Decodes the next bytes.
   *
   * @throws {StreamError} for a bad header, corrupt deflate data, an Adler-32 mismatch or bytes after
   *   the stream; or whatever `onData` throws.
   */
  push(input: Uint8Array): void {
    let i = 0;
    if (this.header.length < 2) {
      while (i < input.length && this.header.length < 2) this.header.push(input[i++]!);
      if (this.header.length < 2) return;
      checkHeader(this.header[0]!, this.header[1]!);
    }
    if (i === input.length) return;
    if (!this.inflater.done) {
      i += this.inflater.push(input.subarray(i));
      if (!this.inflater.done) return;
    }
    for (; i < input.length; i++) {
      if (this.trailer.length === 4) throw new StreamError('data continues after the end of the zlib stream');
      this.trailer.push(input[i]!);
    }
  }

  /**
   * Declares the input finished and checks the Adler-32 trailer.
   *
   * @throws {StreamError} for a truncated stream or a checksum mismatch.
   */
  finish(): void {
    if (this.header.length < 2) throw new StreamError('zlib stream is truncated (no header)');
    this.inflater.finish();
    if (this.trailer.length < 4)
      throw new StreamError('zlib stream is truncated (inside the Adler-32 trailer)');
    const [a, b, c, d] = this.trailer as [number, number, number, number];
    const stored = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    if (stored !== this.adler) {
      throw new StreamError(
        `Adler-32 mismatch (the stream says 0x${stored.toString(16)}, the data gives 0x${this.adler.toString(16)})`,
      );
    }
  }
}

function checkHeader(cmf: number, flg: number): void {
  if ((cmf & 0x0f) !== 8)
    throw new StreamError(`zlib compression method ${cmf & 0x0f}, only 8 (deflate) exists`);
  if (cmf >> 4 > 7) throw new StreamError(`zlib window size 2^${(cmf >> 4) + 8} exceeds 2^15`);
  if ((cmf * 256 + flg) % 31 !== 0) throw new StreamError('zlib header check bits are wrong');
  if (flg & 0x20) throw new StreamError('zlib stream needs a preset dictionary, which PNG never uses');
}
