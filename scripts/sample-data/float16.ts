/**
 * IEEE 754 binary16 encoding of a JavaScript number (a binary64), rounded once, to nearest, ties to
 * even (going through float32 first would round twice and can be off by one ulp at ties).
 */

const f64 = new Float64Array(1);
const hi = new Uint32Array(f64.buffer);
// Float64Array shares the platform byte order; the high word holds sign and exponent.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Rounds q ≥ 0 to the nearest integer, ties to even. */
function roundHalfEven(q: number): number {
  const f = Math.floor(q);
  const d = q - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * The 16 bits of the binary16 value nearest to `x`.
 *
 * Normal halves: |x| ∈ [2⁻¹⁴, 65504], 10 fraction bits. Subnormals: |x| < 2⁻¹⁴ is stored as the
 * integer round(|x|·2²⁴) (step 2⁻²⁴); a result of 1024 is exactly the smallest normal's encoding.
 * |x| ≥ 65520 (half-way between 65504 and 2¹⁶, a tie that goes to the even pattern) → ±Infinity.
 * NaN → 0x7e00. The sign of −0 is kept.
 *
 * @example toFloat16Bits(1) === 0x3c00; toFloat16Bits(2 ** -24) === 0x0001; toFloat16Bits(0.1) === 0x2e66
 */
export function toFloat16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24); // ×2²⁴ is exact: a power of two
  f64[0] = a;
  let e = ((hi[HI]! >>> 20) & 0x7ff) - 1023; // a ≥ 2⁻¹⁴ is a normal double
  let m = roundHalfEven((a / 2 ** e - 1) * 1024); // a/2^e ∈ [1, 2): both steps exact
  if (m === 1024) {
    e += 1;
    m = 0;
  }
  return sign | ((e + 15) << 10) | m;
}

/** The number a binary16 bit pattern stands for (used to report what was actually written). */
export function fromFloat16Bits(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1;
  const e = (bits >>> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m === 0 ? s * Infinity : Number.NaN;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}
