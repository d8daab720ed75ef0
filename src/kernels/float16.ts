/**
 * IEEE 754 binary16 (half precision) conversions.
 *
 * @module
 */

/**
 * The number a binary16 bit pattern stands for.
 *
 * value = (−1)^s · 2^(e−15) · (1 + f/1024) for 0 < e < 31; (−1)^s · 2^−24 · f for e = 0 (subnormal);
 * ±∞ or NaN for e = 31. O(1).
 *
 * @param bits - the 16-bit pattern (sign 1, exponent 5, fraction 10 bits).
 * @throws never: bits above the low 16 are ignored.
 * @example
 * ```ts
 * halfToFloat(0x3c00); // 1
 * halfToFloat(0x7bff); // 65504 (largest finite half)
 * ```
 */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const f = bits & 0x3ff;
  if (e === 0) return sign * f * 2 ** -24;
  if (e === 31) return f === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1024 + f) * 2 ** (e - 25);
}

/**
 * The binary16 bit pattern nearest to `x` (round half to even, as IEEE 754 and numpy's `astype`).
 * Values of magnitude ≥ 65520 (halfway between 65504 and 2^16) become ±∞; NaN becomes 0x7e00. O(1).
 *
 * @param x - any number; rounding is from its exact double value (so float32 inputs round once).
 * @throws never: every number has a nearest half (±∞ and NaN included).
 * @example
 * ```ts
 * floatToHalf(1 + 2 ** -11); // 0x3c00: a tie between 1 and 1 + 2^-10, the even one wins
 * floatToHalf(65520);        // 0x7c00 (+∞)
 * ```
 */
export function floatToHalf(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) {
    // subnormal: multiples of 2^-24; rounding up to 1024 lands exactly on the smallest normal
    return sign | roundHalfEven(a * 2 ** 24);
  }
  let e = Math.floor(Math.log2(a));
  // log2 can be off by one near powers of two; 2 ** e is exact, so correct against it
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  let frac = roundHalfEven((a / 2 ** e - 1) * 1024); // exact: scaling by powers of two
  if (frac === 1024) {
    frac = 0;
    e += 1;
  }
  return sign | ((e + 15) << 10) | frac;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * {@link floatToHalf} for a value given by its float32 bit pattern, with integer operations only
 * (the hot path for `Float32Array` data; exact, since the float32 value is the input). O(1).
 *
 * @param bits - the float32 bit pattern (e.g. from a `Uint32Array` view of a `Float32Array`).
 * @example
 * ```ts
 * float32BitsToHalf(0x3f800000); // 0x3c00 (1.0)
 * ```
 */
export function float32BitsToHalf(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const e = (bits >>> 23) & 0xff;
  const m = bits & 0x7fffff;
  if (e === 255) return sign | (m === 0 ? 0x7c00 : 0x7e00);
  const e16 = e - 112; // rebias 127 → 15
  if (e16 >= 31) return sign | 0x7c00;
  if (e16 <= 0) {
    if (e16 < -10) return sign; // below 2^-25: rounds to ±0
    const full = m | 0x800000;
    const shift = 14 - e16; // 14…24 bits dropped
    let half = full >>> shift;
    const rem = full & ((1 << shift) - 1);
    const tie = 1 << (shift - 1);
    if (rem > tie || (rem === tie && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e16 << 10) | (m >>> 13);
  const rem = m & 0x1fff;
  // round half to even; a carry out of the fraction bumps the exponent, up to 0x7c00 (∞)
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

let table: Float32Array | undefined;

/** All 65536 halves as float32, built on first use (256 KiB), for decoding in bulk. */
export function halfTable(): Float32Array {
  if (table === undefined) {
    table = new Float32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) table[h] = halfToFloat(h);
  }
  return table;
}

/**
 * Decodes binary16 bit patterns (onnxruntime's and transformers.js's `float16` tensors hold them in
 * a Uint16Array) into a new Float32Array, which represents every half value exactly. One table
 * lookup per value. O(n).
 *
 * @example
 * ```ts
 * decodeFloat16(new Uint16Array([0x3c00, 0x3555])); // Float32Array [1, 0.333251953125]
 * ```
 */
export function decodeFloat16(bits: Uint16Array): Float32Array {
  const lookup = halfTable();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = lookup[bits[i]!]!;
  return out;
}
