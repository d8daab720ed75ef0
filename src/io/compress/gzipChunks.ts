/**
 * Streaming gzip (RFC 1952) of a chunk sequence: one member, no name, mtime 0, so equal inputs
 * give equal bytes.
 *
 * @module
 */

import { crc32 } from '../checksum/crc32';
import { deflateChunks } from './deflateChunks';

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
