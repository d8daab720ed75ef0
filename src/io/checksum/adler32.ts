/**
 * Adler-32 (RFC 1950), the checksum that ends a zlib stream (PNG image data).
 *
 * @module
 */

/** Bytes between reductions: B grows by at most 255·n²/2 + 65521·n ≈ 1.4e14 < 2^53, so sums stay exact. */
const BLOCK = 1 << 20;

/**
 * Continues an Adler-32 over `bytes`: `adler32(b)` is the checksum of `b`, `adler32(b2, adler32(b1))`
 * that of `b1` followed by `b2`. A = 1 + Σ bytes, B = Σ A after each byte, both mod 65521;
 * result B·65536 + A. O(n).
 *
 * @param bytes - the data.
 * @param adler - the checksum of the bytes before (1 to start).
 * @returns the checksum as an unsigned 32-bit integer.
 * @example
 * ```ts
 * adler32(new Uint8Array([0x57, 0x69, 0x6b, 0x69, 0x70, 0x65, 0x64, 0x69, 0x61])); // 0x11e60398 ("Wikipedia")
 * ```
 */
export function adler32(bytes: Uint8Array, adler = 1): number {
  let a = adler & 0xffff;
  let b = adler >>> 16;
  for (let start = 0; start < bytes.length; start += BLOCK) {
    const end = Math.min(bytes.length, start + BLOCK);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return (b * 65536 + a) >>> 0;
}
