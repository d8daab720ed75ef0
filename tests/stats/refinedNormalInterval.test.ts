import { describe, expect, it } from 'vitest';
import { refinedNormalInterval } from '../../src/stats/refinedNormalInterval';
import { refinedNormalQuantile } from '../../src/stats/refinedNormalQuantile';
import { loadRefinedNormalReference } from '../helpers/refinedNormalReference';

describe('refinedNormalInterval', () => {
  it("equals the reference's RefinedNormalPB.interval on every fixture case (golden)", () => {
    const cases = loadRefinedNormalReference().intervals;
    expect(cases.length).toBe(138);
    for (const c of cases) {
      const label = `d=${c.d} eps=${c.eps} μ=${c.mean} σ=${c.sd} γ=${c.skew}`;
      expect(refinedNormalInterval(c.eps, c.mean, c.sd, c.skew, c.d), label).toEqual({
        lower: c.lower,
        upper: c.upper,
      });
    }
  });

  it('hand-worked: μ = 50, σ = 5, γ = 0, eps = 1e-4, d = 100 gives k = 29 … 69', () => {
    // z = ∓3.890591886: ⌊5·(−3.8906) + 50⌋ − 1 = ⌊30.547⌋ − 1 = 29, ⌈5·3.8906 + 50⌉ = ⌈69.453⌉ = 70.
    expect(refinedNormalQuantile(5e-5, 0)).toBeCloseTo(-3.890591886413, 10);
    expect(refinedNormalInterval(1e-4, 50, 5, 0, 100)).toEqual({ lower: 29, upper: 70 });
  });

  it('clips to 0 below and to d above (the count d itself is never inside [lower, upper))', () => {
    expect(refinedNormalInterval(1e-4, 0.5, 0.5, 0, 100)).toEqual({ lower: 0, upper: 3 });
    expect(refinedNormalInterval(1e-4, 99.5, 0.5, 0, 100)).toEqual({ lower: 96, upper: 100 });
    for (const [mean, sd, skew, d] of [
      [0, 0.3, 2, 7],
      [7, 0.3, -2, 7],
      [3, 20, 0.1, 10],
      [0.99, 0.0995, -9.85, 100],
    ] as const) {
      const { lower, upper } = refinedNormalInterval(1e-4, mean, sd, skew, d);
      expect(lower).toBeGreaterThanOrEqual(0);
      expect(upper).toBeLessThanOrEqual(d);
      expect(Number.isInteger(lower) && Number.isInteger(upper)).toBe(true);
    }
  });

  it('returns an empty support as the reference does (μ = 0.01, σ = 0.0995, γ = 9.85 → [0, 0))', () => {
    // z_hi ≈ −0.26 (the inner zero, see refinedNormalQuantile): ⌈0.0995·(−0.26) + 0.01⌉ = 0.
    const interval = refinedNormalInterval(1e-4, 0.01, 0.0995, 9.85, 100);
    expect(interval).toEqual({ lower: 0, upper: 0 });
    expect(Object.is(interval.upper, -0)).toBe(false);
  });

  it('narrows as eps grows', () => {
    let previous = refinedNormalInterval(1e-8, 400, 15, 0.2, 1000);
    for (const eps of [1e-6, 1e-4, 1e-2, 0.5]) {
      const current = refinedNormalInterval(eps, 400, 15, 0.2, 1000);
      expect(current.lower).toBeGreaterThanOrEqual(previous.lower);
      expect(current.upper).toBeLessThanOrEqual(previous.upper);
      previous = current;
    }
  });

  it('throws RangeError naming the parameter for out-of-range arguments', () => {
    expect(() => refinedNormalInterval(0, 1, 1, 0, 10)).toThrow(RangeError);
    expect(() => refinedNormalInterval(1, 1, 1, 0, 10)).toThrow(/eps must be in \(0, 1\), got 1/);
    expect(() => refinedNormalInterval(Number.NaN, 1, 1, 0, 10)).toThrow(/eps/);
    expect(() => refinedNormalInterval(1e-4, Number.NaN, 1, 0, 10)).toThrow(/mean must be finite, got NaN/);
    expect(() => refinedNormalInterval(1e-4, 1, 0, 0, 10)).toThrow(/sd must be a finite number > 0, got 0/);
    expect(() => refinedNormalInterval(1e-4, 1, Number.POSITIVE_INFINITY, 0, 10)).toThrow(/sd/);
    expect(() => refinedNormalInterval(1e-4, 1, 1, Number.NaN, 10)).toThrow(/skew must be finite/);
    expect(() => refinedNormalInterval(1e-4, 1, 1, 0, 2.5)).toThrow(/d must be an integer >= 0, got 2.5/);
    expect(() => refinedNormalInterval(1e-4, 1, 1, 0, -1)).toThrow(RangeError);
  });
});
