import { describe, expect, it } from 'vitest';
import { fillRefinedNormalPmf } from '../../src/stats/fillRefinedNormalPmf';
import {
  poissonBinomialMoments,
  poissonBinomialSd,
  poissonBinomialSkew,
} from '../../src/stats/poissonBinomialMoments';
import { refinedNormalPmf } from '../../src/stats/refinedNormal';
import { refinedNormalInterval } from '../../src/stats/refinedNormalInterval';
import { refinedNormalQuantile } from '../../src/stats/refinedNormalQuantile';
import { loadRefinedNormalReference } from '../helpers/refinedNormalReference';

/** Σ pmf(k) for k = from … to − 1 (no renormalization). */
function rawMass(from: number, to: number, mean: number, sd: number, skew: number): number {
  let sum = 0;
  for (let k = from; k < to; k++) sum += refinedNormalPmf(k, mean, sd, skew);
  return sum;
}

/** Deterministic uniform numbers in [0, 1). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('fillRefinedNormalPmf', () => {
  it("matches the reference's float32 pmf on its support to 1e-6, raw and renormalized (golden)", () => {
    const out = new Float64Array(200);
    for (const c of loadRefinedNormalReference().pmfs) {
      const label = `d=${c.d} μ=${c.mean} σ=${c.sd} γ=${c.skew}`;
      expect(refinedNormalInterval(c.eps, c.mean, c.sd, c.skew, c.d), label).toEqual({
        lower: c.lower,
        upper: c.upper,
      });
      expect(c.pmf.length).toBe(c.upper - c.lower);
      const referenceSum = c.pmf.reduce((s, v) => s + v, 0);
      const mass = fillRefinedNormalPmf(out, c.lower, c.upper, c.mean, c.sd, c.skew);
      expect(Math.abs(mass - referenceSum), label).toBeLessThan(1e-6);
      c.pmf.forEach((value, i) => {
        expect(Math.abs(refinedNormalPmf(c.lower + i, c.mean, c.sd, c.skew) - value), label).toBeLessThan(
          1e-6,
        );
        expect(Math.abs(out[i]! - value / referenceSum), label).toBeLessThan(1e-6);
      });
    }
  });

  it('writes pmf(lower + i)/mass bit for bit and returns the raw mass', () => {
    const out = new Float64Array(64);
    const [lower, upper, mean, sd, skew] = [11, 52, 30.7, 6.2, -1.4];
    const mass = fillRefinedNormalPmf(out, lower, upper, mean, sd, skew);
    expect(mass).toBe(rawMass(lower, upper, mean, sd, skew));
    for (let i = 0; i < upper - lower; i++) {
      expect(out[i]).toBe(refinedNormalPmf(lower + i, mean, sd, skew) / mass);
    }
  });

  it('renormalizes: the values sum to 1 within n·2^-53', () => {
    const out = new Float64Array(2000);
    for (const [mean, sd, skew, d, eps] of [
      [30.25, 4.5, 0.3, 100, 1e-4],
      [900, 25, -0.05, 2000, 1e-6],
      [25, 3, 5, 50, 1e-4],
      [25, 3, -7.75, 50, 1e-4],
      [2, 0.8, 2.5, 20, 1e-2],
    ] as const) {
      const { lower, upper } = refinedNormalInterval(eps, mean, sd, skew, d);
      fillRefinedNormalPmf(out, lower, upper, mean, sd, skew);
      let sum = 0;
      for (let i = 0; i < upper - lower; i++) sum += out[i]!;
      expect(Math.abs(sum - 1), `μ=${mean} σ=${sd} γ=${skew}`).toBeLessThanOrEqual(
        (upper - lower) * 2 ** -53,
      );
    }
  });

  it('holds mass ≥ 1 − eps on the inclusive [lq, uq] when |γ| ≤ 3 and neither end is clipped', () => {
    const random = lcg(99);
    let checked = 0;
    for (let trial = 0; trial < 300; trial++) {
      const d = 10000;
      const mean = 50 + random() * 5000;
      const sd = 0.3 + random() * 40;
      const skew = -3 + 6 * random();
      const eps = 10 ** (-8 + 6 * random());
      const { lower, upper } = refinedNormalInterval(eps, mean, sd, skew, d);
      if (lower === 0 || upper === d) continue;
      checked++;
      // G is monotone here, so the sum telescopes to G((uq + ½ − μ)/σ) − G((lq − ½ − μ)/σ).
      expect(
        rawMass(lower, upper + 1, mean, sd, skew),
        `μ=${mean} σ=${sd} γ=${skew} eps=${eps}`,
      ).toBeGreaterThanOrEqual(1 - eps);
    }
    expect(checked).toBeGreaterThan(250);
  });

  it('holds mass ≥ 1 − eps on the half-open [lq, uq) of earlier reference releases only when lq > 0 and uq − ½ ≥ σ·z_hi + μ', () => {
    const random = lcg(7);
    let checked = 0;
    for (let trial = 0; trial < 300; trial++) {
      const mean = 50 + random() * 500;
      const sd = 0.3 + random() * 30;
      const skew = -3 + 6 * random();
      const eps = 10 ** (-8 + 6 * random());
      const { lower, upper } = refinedNormalInterval(eps, mean, sd, skew, 10000);
      const zHigh = refinedNormalQuantile((1 + (1 - eps)) / 2, skew);
      if (lower === 0 || upper - 0.5 < sd * zHigh + mean) continue;
      checked++;
      const out = new Float64Array(upper - lower);
      expect(fillRefinedNormalPmf(out, lower, upper, mean, sd, skew)).toBeGreaterThanOrEqual(1 - eps);
    }
    expect(checked).toBeGreaterThan(50);
    // Counterexample: σ·z_hi + μ = 52.9958 just below 53, so uq = 53 and k = 53 (z = 2.58) is
    // dropped while the cut at z = 2.08 leaves 1.9% > eps/2 = 0.5% in the upper tail.
    const { lower, upper } = refinedNormalInterval(1e-2, 50.42, 1, 0, 10000);
    expect({ lower, upper }).toEqual({ lower: 46, upper: 53 });
    const mass = fillRefinedNormalPmf(new Float64Array(7), lower, upper, 50.42, 1, 0);
    expect(mass).toBeLessThan(0.99);
    expect(mass).toBeGreaterThan(0.98);
  });

  it('serves TRNA: Γ₋ⱼ (moments minus pixel j) on Γ’s support still renormalizes to 1', () => {
    const random = lcg(3);
    const probs = Float64Array.from({ length: 2000 }, () => random() ** 3);
    const m = poissonBinomialMoments(probs, 0, probs.length);
    const { lower, upper } = refinedNormalInterval(1e-4, m.mean, m.sd, m.skew, probs.length);
    const out = new Float64Array(upper - lower);
    for (const j of [0, 17, 1999]) {
      const p = probs[j]!;
      const variance = m.variance - p * (1 - p);
      const third = m.thirdCentral - p * (1 - p) * (1 - 2 * p);
      const mass = fillRefinedNormalPmf(
        out,
        lower,
        upper,
        m.mean - p,
        poissonBinomialSd(variance),
        poissonBinomialSkew(third, variance),
      );
      expect(mass).toBeGreaterThan(0.999);
      expect(out.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 13);
    }
  });

  it('writes nothing past upper − lower and nothing at all for an empty support', () => {
    const out = new Float64Array([7, 7, 7, 7, 7]);
    fillRefinedNormalPmf(out, 3, 6, 4, 1, 0);
    expect(Array.from(out.subarray(3))).toEqual([7, 7]);
    const untouched = new Float64Array([7, 7]);
    expect(fillRefinedNormalPmf(untouched, 0, 0, 0.01, 0.0995, 9.85)).toBe(0);
    expect(fillRefinedNormalPmf(untouched, 5, 3, 4, 1, 0)).toBe(0);
    expect(Array.from(untouched)).toEqual([7, 7]);
  });

  it('returns 0 and leaves zeros when the support holds no mass (all p = 1: Γ = d, outside k = lq … uq − 1)', () => {
    const d = 100;
    const m = poissonBinomialMoments(new Float64Array(d).fill(1), 0, d);
    const { lower, upper } = refinedNormalInterval(1e-4, m.mean, m.sd, m.skew, d);
    expect({ lower, upper }).toEqual({ lower: 98, upper: 100 });
    const out = new Float64Array(2).fill(7);
    expect(fillRefinedNormalPmf(out, lower, upper, m.mean, m.sd, m.skew)).toBe(0);
    expect(Array.from(out)).toEqual([0, 0]);
  });

  it('throws RangeError when out is shorter than the support', () => {
    expect(() => fillRefinedNormalPmf(new Float64Array(2), 0, 3, 1, 1, 0)).toThrow(
      /out.length must be >= upper - lower = 3, got 2/,
    );
  });
});
