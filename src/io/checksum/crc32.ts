/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of zip members, gzip members
 * and PNG chunks.
 *
 * @module
 */

import { NATIVE_LITTLE_ENDIAN } from '../bytes';

/**
 * Eight 256-entry tables for "slicing by 8": table 0 is the classic byte table, table k the CRC of
 * a byte followed by k zero bytes, so eight input bytes are folded with eight lookups.
 */
const TABLES = buildTables();

function buildTables(): Uint32Array {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c >>> 0;
    }
  }
  return t;
}

/**
 * Continues a CRC-32 over `bytes[start..end)`: `crc32(b)` is the checksum of `b`, and
 * `crc32(b2, crc32(b1))` that of `b1` followed by `b2`. O(n), about 1 GB/s.
 *
 * @param bytes - the data.
 * @param crc - the CRC of the bytes before (0 to start).
 * @param start - first byte (default 0).
 * @param end - one past the last byte (default `bytes.length`).
 * @returns the CRC as an unsigned 32-bit integer.
 * @example
 * ```ts
 * crc32(new Uint8Array([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39])); // 0xcbf43926 ("123456789")
 * ```
 */
export function crc32(bytes: Uint8Array, crc = 0, start = 0, end = bytes.length): number {
  const t = TABLES;
  let c = ~crc;
  let i = start;
  if (NATIVE_LITTLE_ENDIAN && end - start >= 64) {
    // bytes up to a 4-byte boundary, then 8 bytes per step read as two little-endian words
    const head = Math.min(end, start + ((4 - ((bytes.byteOffset + start) & 3)) & 3));
    for (; i < head; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, ((end - i) >> 3) << 1);
    for (let w = 0; w < words.length; w += 2) {
      const lo = c ^ words[w]!;
      const hi = words[w + 1]!;
      c =
        t[1792 + (lo & 0xff)]! ^
        t[1536 + ((lo >>> 8) & 0xff)]! ^
        t[1280 + ((lo >>> 16) & 0xff)]! ^
        t[1024 + (lo >>> 24)]! ^
        t[768 + (hi & 0xff)]! ^
        t[512 + ((hi >>> 8) & 0xff)]! ^
        t[256 + ((hi >>> 16) & 0xff)]! ^
        t[hi >>> 24]!;
    }
    i += words.length * 4;
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * Continues a CRC-32 by one byte (for header fields read byte by byte).
 *
 * @example
 * ```ts
 * crc32Byte(0x39, crc32(new Uint8Array([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38]))); // 0xcbf43926
 * ```
 */
export function crc32Byte(byte: number, crc: number): number {
  const c = ~crc;
  return ~(TABLES[(c ^ byte) & 0xff]! ^ (c >>> 8)) >>> 0;
}
