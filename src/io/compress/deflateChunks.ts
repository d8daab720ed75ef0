/**
 * Streaming deflate and gzip of a chunk sequence (the writers' side of the inflate decoders).
 *
 * @module
 */

import { Deflate } from 'fflate';
import { crc32 } from '../checksum/crc32';

/** The running totals of a {@link deflateChunks} pass, filled in as it goes. */
export interface DeflateTotals {
  /** CRC-32 of the input (when asked for). */
  crc: number;
  /** Input bytes. */
  size: number;
  /** Output bytes. */
  compressedSize: number;
}

/**
 * Deflates `chunks` (raw deflate, RFC 1951) as they come, yielding compressed pieces; `level` 0
 * stores. `totals` is updated as the input is consumed, complete when the generator finishes;
 * `checksum` (e.g. CRC-32) is folded over the input. Memory: one input chunk and its output.
 *
 * @example
 * ```ts
 * const totals = { crc: 0, size: 0, compressedSize: 0 };
 * for (const piece of deflateChunks(encodeNpyChunks(array), 6, totals, crc32)) write(piece);
 * ```
 */
export function* deflateChunks(
  chunks: Iterable<Uint8Array>,
  level: number,
  totals: DeflateTotals,
  checksum?: (bytes: Uint8Array, previous: number) => number,
): Generator<Uint8Array, void, undefined> {
  let out: Uint8Array[] = [];
  const deflate = new Deflate({ level: level as 0 }, (piece) => {
    if (piece.length > 0) out.push(piece);
  });
  const drain = function* (): Generator<Uint8Array, void, undefined> {
    for (const piece of out) {
      totals.compressedSize += piece.length;
      yield piece;
    }
    out = [];
  };
  for (const chunk of chunks) {
    if (checksum !== undefined) totals.crc = checksum(chunk, totals.crc);
    totals.size += chunk.length;
    deflate.push(chunk, false);
    yield* drain();
  }
  deflate.push(new Uint8Array(0), true);
  yield* drain();
}

/**
 * Gzips `chunks` as they come: the 10-byte header, the deflated data, then CRC-32 and ISIZE.
 *
 * @param level - deflate level 0…9 (default 6).
 * @example
 * ```ts
 * await writeFileAtomic('scan.nii.gz', gzipChunks(niftiChunks));
 * ```
 */
export function* gzipChunks(chunks: Iterable<Uint8Array>, level = 6): Generator<Uint8Array, void, undefined> {
  // ID1 ID2 CM=8 FLG=0 MTIME=0 XFL (2: slowest, 4: fastest) OS=255 (unknown)
  yield Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, level >= 9 ? 2 : level <= 1 ? 4 : 0, 255);
  const totals = { crc: 0, size: 0, compressedSize: 0 };
  yield* deflateChunks(chunks, level, totals, crc32);
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, totals.crc, true);
  view.setUint32(4, totals.size % 2 ** 32, true);
  yield trailer;
}
