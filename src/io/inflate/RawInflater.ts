/**
 * Streaming raw-deflate decoder (RFC 1951) that bounds what one push may produce and says where
 * the deflate stream ended.
 *
 * @module
 */

import { Inflate } from 'fflate';
import { StreamError } from './StreamError';

/**
 * The fields of fflate 0.8's `Inflate` read here (its own `Gunzip` reads the same ones to find
 * where a gzip member ends; fflate has no public end-of-stream position):
 * `s.f` the final block has started, `s.l` a block is in progress (null between blocks),
 * `s.p` the bit position inside `p`, `p` the input not yet consumed.
 */
interface InflateState {
  s: { f?: number; l?: unknown; p?: number };
  p: Uint8Array;
}

/** Deflate inflates at most 1032 bytes per input byte (a 2-bit code per 258-byte match). */
const MAX_RATIO = 1032;
/** Smallest and largest input slice fed to fflate at once. */
const MIN_SLICE = 1 << 10;
const MAX_SLICE = 1 << 16;

/**
 * Input bytes to feed next so that their output cannot exceed `allowed` by much: one slice
 * inflates to at most 1032 × its size, so a slice of `allowed / 1032` bytes (within 1 KiB…64 KiB)
 * keeps every push's output below max(`allowed`, ~1 MiB) and below ~66 MiB. A stream that runs
 * past what its container declared is thus stopped after one small push, however hostile.
 */
function sliceFor(allowed: number): number {
  return Math.max(MIN_SLICE, Math.min(MAX_SLICE, Math.floor(allowed / MAX_RATIO)));
}

/**
 * A raw deflate stream decoded chunk by chunk. `push` returns how many input bytes belonged to the
 * stream, so a container (gzip member, zlib trailer) can read what follows. Output goes to
 * `onData` in pieces; `allowed()` says how many more output bytes the owner accepts (what its
 * header declared, minus what arrived), and sizes the pieces so that an oversized stream is
 * stopped (by `onData` throwing) after at most ~max(allowed, 1 MiB) extra bytes.
 *
 * @example
 * ```ts
 * const inflater = new RawInflater((piece) => out.push(piece));
 * const used = inflater.push(compressed); // < compressed.length when the stream ended inside it
 * inflater.finish(); // throws if the stream has not ended
 * ```
 */
export class RawInflater {
  private readonly inflate: Inflate;
  private readonly state: InflateState;
  private isDone = false;

  /**
   * @param onData - receives each inflated piece (a fresh array it may keep).
   * @param allowed - output bytes still acceptable (default: unbounded, pieces ≤ ~66 MiB).
   */
  constructor(
    onData: (piece: Uint8Array) => void,
    private readonly allowed: () => number = () => Number.POSITIVE_INFINITY,
  ) {
    this.inflate = new Inflate((piece) => {
      if (piece.length > 0) onData(piece);
    });
    this.state = this.inflate as unknown as InflateState;
    if (typeof this.state.s !== 'object' || !(this.state.p instanceof Uint8Array)) {
      throw new Error('fflate Inflate internals changed: cannot find the end of a deflate stream');
    }
  }

  /** True once the final block has ended. */
  get done(): boolean {
    return this.isDone;
  }

  /**
   * Decodes `input`, the next bytes of the stream.
   *
   * @returns how many bytes of `input` the stream used: all of them unless it ended inside.
   * @throws {StreamError} for invalid deflate data; whatever `onData` throws.
   */
  push(input: Uint8Array): number {
    if (this.isDone) return 0;
    for (let start = 0, end = 0; start < input.length; start = end) {
      end = Math.min(input.length, start + sliceFor(this.allowed()));
      try {
        this.inflate.push(input.subarray(start, end), false);
      } catch (e) {
        // fflate marks its own errors with a numeric code; anything else came from onData
        if (typeof (e as { code?: unknown }).code !== 'number') throw e;
        throw new StreamError(`corrupt deflate data (${(e as Error).message})`, { cause: e });
      }
      const s = this.state.s;
      if (s.f && !s.l) {
        this.isDone = true;
        // the unconsumed bytes start at the byte holding bit s.p (its remaining bits are padding)
        const unused = this.state.p.length - ((s.p ?? 0) > 0 ? 1 : 0);
        return Math.max(start, end - unused);
      }
    }
    return input.length;
  }

  /**
   * Declares the input finished.
   *
   * @throws {StreamError} when the stream has not reached its final block's end (truncated data).
   */
  finish(): void {
    if (!this.isDone) throw new StreamError('the deflate stream is truncated');
  }
}
