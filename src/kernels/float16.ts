/**
 * The number an IEEE 754 binary16 bit pattern stands for:
 * (−1)^s · 2^(e−15) · (1 + f/1024) for 0 < e < 31, (−1)^s · 2^−24 · f for e = 0 (subnormal),
 * ±∞ or NaN for e = 31. O(1).
 *
 * @example
 * halfToFloat(0x3c00); // 1
 * halfToFloat(0x3800); // 0.5
 */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const f = bits & 0x3ff;
  if (e === 0) return sign * f * 2 ** -24;
  if (e === 31) return f === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1024 + f) * 2 ** (e - 25);
}

let table: Float32Array | undefined;

/**
 * Decodes binary16 bit patterns (onnxruntime's and transformers.js's `float16` tensors hold them in
 * a Uint16Array) into a new Float32Array, which represents every half value exactly. A 65536-entry
 * table, built on first use, makes it one lookup per value. O(n).
 *
 * @example
 * decodeFloat16(new Uint16Array([0x3c00, 0x3555])); // Float32Array [1, 0.333251953125]
 */
export function decodeFloat16(bits: Uint16Array): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let b = 0; b < 65536; b++) table[b] = halfToFloat(b);
  }
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]!]!;
  return out;
}
