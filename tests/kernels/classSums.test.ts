import { describe, expect, it } from 'vitest';
import { findClassSumViolation } from '../../src/kernels/classSums';
import { seededRandom } from '../helpers/random';

/** Brute force: sums along axis k of a C-order array, every position, in float64. */
function sumsAlong(data: ArrayLike<number>, shape: number[], k: number): number[] {
  const outer = shape.slice(0, k).reduce((a, b) => a * b, 1);
  const inner = shape.slice(k + 1).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let s = 0;
      for (let c = 0; c < shape[k]!; c++) s += data[(o * shape[k]! + c) * inner + i]!;
      out.push(s);
    }
  }
  return out;
}

describe('findClassSumViolation', () => {
  it('reports the first position whose class values miss 1, with its sum (hand-worked)', () => {
    // channels first [1, 2, 2]: pixel 0 sums 0.25 + 0.75 = 1, pixel 1 sums 0.5 + 0.25 = 0.75
    const found = findClassSumViolation(new Float64Array([0.25, 0.5, 0.75, 0.25]), 1, 2, 2, 1e-3);
    expect(found).toEqual({ kind: 'sum', index: 1, value: 0.75 });
    expect(findClassSumViolation(new Float64Array([0.25, 0.5, 0.75, 0.5]), 1, 2, 2, 1e-3)).toBeUndefined();
  });

  it('a sum within the tolerance passes, one just outside fails', () => {
    const at = (s: number) => findClassSumViolation(new Float64Array([0.5, s - 0.5]), 1, 2, 1, 1e-3);
    expect(at(1.0009)).toBeUndefined();
    expect(at(0.9991)).toBeUndefined();
    expect(at(1.0011)?.kind).toBe('sum');
    expect(at(0.9989)?.value).toBeCloseTo(0.9989, 12);
  });

  it('a sum that is off because of a value outside [0, 1] (or NaN) reports the first such value of its block', () => {
    // pixel 1 sums 1.5 + 0.5 = 2; its block's first bad value is data[1] = 1.5
    expect(findClassSumViolation(new Float32Array([0.5, 1.5, 0.5, 0.5]), 1, 2, 2, 1e-3)).toEqual({
      kind: 'range',
      index: 1,
      value: 1.5,
    });
    expect(findClassSumViolation(new Float64Array([0.5, Number.NaN]), 1, 2, 1, 1e-3)?.kind).toBe('range');
    // values out of range whose sum is 1 are left to the solvers' own pass (see the api test)
    expect(findClassSumViolation(new Float64Array([1.25, -0.25]), 1, 2, 1, 1e-3)).toBeUndefined();
  });

  it('agrees with brute force along every axis of random arrays, across blocks of 2048 positions', () => {
    const random = seededRandom(5);
    for (const shape of [
      [3, 4, 5],
      [2, 3, 2100],
      [1, 5, 3, 700],
    ]) {
      const n = shape.reduce((a, b) => a * b, 1);
      for (let k = 0; k < shape.length; k++) {
        // values that sum to 1 along axis k, then one position knocked off
        const data = new Float64Array(n).map(() => random());
        const sums = sumsAlong(data, shape, k);
        const outer = shape.slice(0, k).reduce((a, b) => a * b, 1);
        const inner = shape.slice(k + 1).reduce((a, b) => a * b, 1);
        for (let o = 0; o < outer; o++)
          for (let c = 0; c < shape[k]!; c++)
            for (let i = 0; i < inner; i++) data[(o * shape[k]! + c) * inner + i]! /= sums[o * inner + i]!;
        expect(findClassSumViolation(data, outer, shape[k]!, inner, 1e-9)).toBeUndefined();
        const bad = Math.floor(random() * outer * inner);
        const [o, i] = [Math.floor(bad / inner), bad % inner];
        data[(o * shape[k]! + 0) * inner + i]! *= 0.5;
        const found = findClassSumViolation(data, outer, shape[k]!, inner, 1e-9);
        expect(found?.kind).toBe('sum');
        expect(found?.index).toBe(bad);
        expect(found?.value).toBeCloseTo(sumsAlong(data, shape, k)[bad]!, 12);
      }
    }
  });
});
