/**
 * Streaming zip writer: each member's local header, its (deflated or stored) data as it is
 * produced, a data descriptor with its CRC-32 and sizes, then the central directory. Entries carry
 * a fixed timestamp (1980-01-01, the zip epoch) so equal inputs give equal bytes.
 *
 * @module
 */

import { utf8Encode } from '../bytes';
import { crc32 } from '../checksum/crc32';
import { deflateChunks } from '../compress/deflateChunks';
import { DESCRIPTOR_SIGNATURE, EOCD_SIGNATURE, LOCAL_SIGNATURE } from './zipDirectory';

/** One member to write. */
export interface ZipMemberSource {
  name: string;
  /** The member's bytes, produced lazily. */
  chunks: Iterable<Uint8Array>;
}

/** Largest size or offset a classic (non-zip64) archive can hold. */
const MAX_CLASSIC = 0xffffffff;

/** DOS date of 1980-01-01 (time 00:00:00 is 0). */
const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1;

/**
 * Writes a zip archive of `members`: `level` 0 stores, 1…9 deflates. Every member uses a data
 * descriptor (flag bit 3), so its data is streamed without knowing its CRC or sizes in advance.
 *
 * @throws {RangeError} when a member or the archive outgrows 4 GiB (zip64 is not written; use
 *   `.npy` for arrays that large).
 * @example
 * ```ts
 * await writeFileAtomic('out.npz', zipChunks([{ name: 'a.npy', chunks: encodeNpyChunks(a) }], 6));
 * ```
 */
export function* zipChunks(
  members: Iterable<ZipMemberSource>,
  level: number,
): Generator<Uint8Array, void, undefined> {
  const central: Uint8Array[] = [];
  let offset = 0;
  let count = 0;
  const method = level === 0 ? 0 : 8;
  for (const member of members) {
    const name = utf8Encode(member.name);
    const utf8 = name.some((b) => b >= 0x80) ? 0x800 : 0;
    const flags = 0x8 | utf8;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL_SIGNATURE, true);
    lv.setUint16(4, 20, true); // version needed: 2.0 (deflate)
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, 0, true);
    lv.setUint16(12, DOS_DATE_1980, true);
    // CRC and sizes (14…25) stay 0: the data descriptor carries them
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const localOffset = offset;
    yield local;
    offset += local.length;
    const totals = { crc: 0, size: 0, compressedSize: 0 };
    const data =
      method === 0 ? storeChunks(member.chunks, totals) : deflateChunks(member.chunks, level, totals, crc32);
    for (const piece of data) {
      offset += piece.length;
      if (offset > MAX_CLASSIC) throw tooLarge(member.name);
      yield piece;
    }
    if (totals.size > MAX_CLASSIC) throw tooLarge(member.name);
    const descriptor = new Uint8Array(16);
    const dv = new DataView(descriptor.buffer);
    dv.setUint32(0, DESCRIPTOR_SIGNATURE, true);
    dv.setUint32(4, totals.crc, true);
    dv.setUint32(8, totals.compressedSize, true);
    dv.setUint32(12, totals.size, true);
    yield descriptor;
    offset += descriptor.length;
    const entry = new Uint8Array(46 + name.length);
    const cv = new DataView(entry.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // made by: MS-DOS, version 2.0
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, DOS_DATE_1980, true);
    cv.setUint32(16, totals.crc, true);
    cv.setUint32(20, totals.compressedSize, true);
    cv.setUint32(24, totals.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, localOffset, true);
    entry.set(name, 46);
    central.push(entry);
    count++;
  }
  const cdOffset = offset;
  let cdSize = 0;
  for (const entry of central) {
    cdSize += entry.length;
    yield entry;
  }
  if (count > 0xffff || cdOffset + cdSize > MAX_CLASSIC) throw tooLarge('the central directory');
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, EOCD_SIGNATURE, true);
  ev.setUint16(8, count, true);
  ev.setUint16(10, count, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, cdOffset, true);
  yield end;
}

function* storeChunks(
  chunks: Iterable<Uint8Array>,
  totals: { crc: number; size: number; compressedSize: number },
): Generator<Uint8Array, void, undefined> {
  for (const chunk of chunks) {
    totals.crc = crc32(chunk, totals.crc);
    totals.size += chunk.length;
    totals.compressedSize += chunk.length;
    yield chunk;
  }
}

function tooLarge(what: string): RangeError {
  return new RangeError(
    `${what} outgrows 4 GiB, which a zip archive without zip64 cannot hold; write the array as .npy instead`,
  );
}
