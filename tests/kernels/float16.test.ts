import { describe, expect, it } from 'vitest';
import { floatToHalf, halfToFloat } from '../../src/io/index';
import { float32BitsToHalf, halfTable } from '../../src/kernels/float16';

describe('halfToFloat decodes IEEE 754 binary16 bit patterns', () => {
  it('hand-worked values: normals, subnormals, zeros, infinities, NaN', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0400)).toBe(2 ** -14); // smallest normal
    expect(halfToFloat(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfToFloat(0x03ff)).toBe(1023 * 2 ** -24); // largest subnormal
    expect(halfToFloat(0x3555)).toBe(0.333251953125);
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});

describe('floatToHalf rounds to the nearest half, ties to even', () => {
  it('hand-worked ties and overflow', () => {
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // tie → even (down)
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
    expect(floatToHalf(65519.99)).toBe(0x7bff);
    expect(floatToHalf(65520)).toBe(0x7c00);
    expect(floatToHalf(-1e9)).toBe(0xfc00);
    expect(floatToHalf(2 ** -25)).toBe(0x0000); // tie between 0 and the smallest subnormal → 0
    expect(floatToHalf(3 * 2 ** -25)).toBe(0x0002);
    expect(floatToHalf(2 ** -14 - 2 ** -25)).toBe(0x0400); // rounds up into the normals
    expect(floatToHalf(-0)).toBe(0x8000);
    expect(floatToHalf(Number.NaN)).toBe(0x7e00);
    expect(floatToHalf(Infinity)).toBe(0x7c00);
  });

  it('inverts halfToFloat on all 63,488 non-NaN bit patterns', () => {
    let mismatches = 0;
    for (let h = 0; h < 0x10000; h++) {
      const exp = (h >> 10) & 0x1f;
      if (exp === 31 && (h & 0x3ff) !== 0) continue; // NaN
      if (floatToHalf(halfToFloat(h)) !== h) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('is monotone and rounds to a neighbour: |half(x) − x| ≤ half a unit in the last place', () => {
    let prev = -Infinity;
    for (let k = 0; k < 20000; k++) {
      const x = -70000 + k * 7.00003;
      const h = halfToFloat(floatToHalf(x));
      expect(h).toBeGreaterThanOrEqual(prev);
      prev = h;
      if (Math.abs(x) < 65504) {
        const e = Math.max(Math.floor(Math.log2(Math.abs(x) || 1)), -14);
        expect(Math.abs(h - x)).toBeLessThanOrEqual(2 ** (e - 11));
      }
    }
  });
});

describe('float32BitsToHalf (the Float32Array fast path) agrees with floatToHalf', () => {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  const viaDouble = (bits: number): number => {
    u32[0] = bits;
    return floatToHalf(f32[0]!);
  };

  it('at every midpoint between neighbouring halves and one float32 ulp either side (ties and near-ties)', () => {
    let mismatches = 0;
    for (let h = 0; h < 0x7c00; h++) {
      for (const sign of [0, 0x8000]) {
        f32[0] = (halfToFloat(h | sign) + halfToFloat((h + 1) | sign)) / 2; // exact: 12 significant bits
        const mid = u32[0]!;
        for (const bits of [mid - 1, mid, mid + 1]) {
          const got = float32BitsToHalf(bits);
          const want = viaDouble(bits);
          // past −∞ lies a NaN pattern: both give NaN (the bit path keeps its sign)
          if (got !== want && !(Number.isNaN(halfToFloat(got)) && Number.isNaN(halfToFloat(want))))
            mismatches++;
        }
      }
    }
    expect(mismatches).toBe(0);
  });

  it('on a stride through all 2^32 float32 bit patterns (NaNs map to 0x7e00 or 0xfe00)', () => {
    let mismatches = 0;
    for (let bits = 0; bits < 2 ** 32; bits += 8191) {
      const got = float32BitsToHalf(bits);
      const want = viaDouble(bits);
      if (got !== want && !(Number.isNaN(halfToFloat(got)) && Number.isNaN(halfToFloat(want)))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('halfTable holds halfToFloat of every pattern', () => {
    const table = halfTable();
    expect(table.length).toBe(65536);
    expect(table[0x3c00]).toBe(1);
    expect(table[0x0001]).toBe(2 ** -24);
    expect(halfTable()).toBe(table);
  });
});
