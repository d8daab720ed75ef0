import { describe, expect, it } from 'vitest';
import {
  FLOAT32_VARIANCE_FLOOR,
  FLOAT64_VARIANCE_FLOOR,
  poissonBinomialMoments,
  poissonBinomialSd,
  poissonBinomialSkew,
} from '../../src/stats/poissonBinomialMoments';
import { loadRefinedNormalReference } from '../helpers/refinedNormalReference';

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe('poissonBinomialMoments', () => {
  it('hand-worked: two fair coins have μ = 1, σ² = ½, m₃ = 0, γ = 0', () => {
    const m = poissonBinomialMoments(new Float64Array([0.5, 0.5]), 0, 2);
    expect(m).toEqual({ mean: 1, variance: 0.5, thirdCentral: 0, sd: Math.sqrt(0.5), skew: 0 });
  });

  it('hand-worked: one p = 0.1 has σ² = 0.09, m₃ = 0.072, γ = 0.072/0.027 = 8/3', () => {
    const m = poissonBinomialMoments(new Float64Array([0.1]), 0, 1);
    expect(m.mean).toBe(0.1);
    expect(m.variance).toBeCloseTo(0.09, 16);
    expect(m.thirdCentral).toBeCloseTo(0.072, 16);
    expect(m.sd).toBeCloseTo(0.3, 15);
    expect(m.skew).toBeCloseTo(8 / 3, 14);
  });

  it('reads only the slice data[offset … offset + length − 1]', () => {
    const data = new Float32Array([1, 1, 0.25, 0.75, 0.5, 1, 1]);
    const m = poissonBinomialMoments(data, 2, 3);
    expect(m.mean).toBe(1.5);
    expect(m.variance).toBe(0.25 * 0.75 * 2 + 0.25);
    expect(m.thirdCentral).toBeCloseTo(0.1875 * 0.5 + 0.1875 * -0.5, 16);
    expect(Array.from(data)).toEqual([1, 1, 0.25, 0.75, 0.5, 1, 1]);
  });

  it('equals the moments of the exact distribution of ΣYᵢ (convolution oracle)', () => {
    const probs = [0.9, 0.05, 0.3, 0.61, 0.999, 0.002, 0.47, 0.13];
    let pmf = [1];
    for (const p of probs) {
      const next = new Array<number>(pmf.length + 1).fill(0);
      pmf.forEach((v, k) => {
        next[k]! += v * (1 - p);
        next[k + 1]! += v * p;
      });
      pmf = next;
    }
    const mean = pmf.reduce((s, v, k) => s + v * k, 0);
    const variance = pmf.reduce((s, v, k) => s + v * (k - mean) ** 2, 0);
    const third = pmf.reduce((s, v, k) => s + v * (k - mean) ** 3, 0);
    const m = poissonBinomialMoments(Float64Array.from(probs), 0, probs.length);
    expect(relativeError(m.mean, mean)).toBeLessThan(1e-14);
    expect(relativeError(m.variance, variance)).toBeLessThan(1e-14);
    expect(relativeError(m.thirdCentral, third)).toBeLessThan(1e-12);
    expect(relativeError(m.skew, third / variance ** 1.5)).toBeLessThan(1e-12);
  });

  it("matches the reference's float32 moments to float32 accuracy (golden fixture)", () => {
    for (const c of loadRefinedNormalReference().moments) {
      const m = poissonBinomialMoments(Float32Array.from(c.probs), 0, c.probs.length);
      expect(relativeError(m.mean, c.mean)).toBeLessThan(1e-6);
      expect(relativeError(m.variance, c.variance)).toBeLessThan(1e-6);
      expect(relativeError(m.sd, c.sd)).toBeLessThan(1e-6);
      expect(relativeError(m.thirdCentral, c.thirdCentral)).toBeLessThan(1e-5);
      expect(relativeError(m.skew, c.skew)).toBeLessThan(1e-5);
    }
  });

  it('floors σ² when every p is 0 or 1: σ = 2^-26 (float64 eps) or 2^-11.5 (float32 eps), γ = 0', () => {
    const data = new Float64Array([0, 1, 1, 0]);
    const m = poissonBinomialMoments(data, 0, 4);
    expect(m).toEqual({ mean: 2, variance: 0, thirdCentral: 0, sd: 2 ** -26, skew: 0 });
    expect(poissonBinomialMoments(data, 0, 4, FLOAT32_VARIANCE_FLOOR).sd).toBe(Math.sqrt(2 ** -23));
  });

  it('handles an empty slice: μ = σ² = m₃ = 0, σ = √floor', () => {
    expect(poissonBinomialMoments(new Float64Array(3), 1, 0)).toEqual({
      mean: 0,
      variance: 0,
      thirdCentral: 0,
      sd: Math.sqrt(FLOAT64_VARIANCE_FLOOR),
      skew: 0,
    });
  });
});

describe('poissonBinomialSd and poissonBinomialSkew', () => {
  it('floor the variance, including a slightly negative leave-one-out difference', () => {
    expect(poissonBinomialSd(0.25)).toBe(0.5);
    expect(poissonBinomialSd(-1e-17)).toBe(2 ** -26);
    expect(poissonBinomialSd(1e-10, FLOAT32_VARIANCE_FLOOR)).toBe(Math.sqrt(2 ** -23));
    expect(poissonBinomialSkew(0.2, 0.25)).toBeCloseTo(1.6, 15);
    expect(poissonBinomialSkew(1e-20, -1e-17)).toBeCloseTo(1e-20 / 2 ** -78, 6);
  });
});
