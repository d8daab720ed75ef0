import { describe, expect, it } from 'vitest';
import { normalPdf, normalQuantile } from '../../src/stats/normal';
import { refinedNormalStdCdf } from '../../src/stats/refinedNormal';
import { refinedNormalQuantile } from '../../src/stats/refinedNormalQuantile';
import { loadRefinedNormalReference } from '../helpers/refinedNormalReference';

/** G'(z) = φ(z)(1 + γ(z³ − 3z)/6). */
function slope(z: number, skew: number): number {
  return normalPdf(z) * (1 + (skew * (z * z * z - 3 * z)) / 6);
}

/** The interval levels SciPy uses for confidence 1 − eps. */
function levels(eps: number): [number, number] {
  const confidence = 1 - eps;
  return [(1 - confidence) / 2, (1 + confidence) / 2];
}

describe('refinedNormalQuantile', () => {
  it("returns SciPy's z for every (γ, eps) of the fixture grid, within SciPy's own rounding", () => {
    // SciPy computes G − q with G near 1 rounded, which moves its root by up to 2^-53/G'(z)
    // (~5e-9 at eps = 1e-8); ours is accurate to ~1e-15 there, so compare within that noise.
    const { rows } = loadRefinedNormalReference().quantiles;
    expect(rows.length).toBe(567);
    let compared = 0;
    for (const [skew, eps, zLow, zHigh] of rows) {
      const [qLow, qHigh] = levels(eps);
      for (const [ours, theirs] of [
        [refinedNormalQuantile(qLow, skew), zLow],
        [refinedNormalQuantile(qHigh, skew), zHigh],
      ] as const) {
        const tolerance = 1e-12 + 2 ** -52 / Math.abs(slope(theirs, skew));
        expect(Math.abs(ours - theirs), `γ = ${skew}, eps = ${eps}`).toBeLessThanOrEqual(tolerance);
        compared++;
      }
    }
    expect(compared).toBe(1134);
  });

  it('picks the zero SciPy picks when G(z) = q has three (γ = ±7, ±7.75, ±10; eps = 1e-4)', () => {
    // From the fixture: γ = 7 keeps the upper-tail zero, γ = 7.75 and 10 the inner one near 0.
    const [qLow, qHigh] = levels(1e-4);
    expect(refinedNormalQuantile(qHigh, 7)).toBeCloseTo(4.96137397392833, 9);
    expect(refinedNormalQuantile(qHigh, 7.75)).toBeCloseTo(-0.03597891452272228, 9);
    expect(refinedNormalQuantile(qHigh, 10)).toBeCloseTo(-0.25637291164707565, 9);
    expect(refinedNormalQuantile(qLow, -7)).toBeCloseTo(-4.96137397392833, 9);
    expect(refinedNormalQuantile(qLow, -7.75)).toBeCloseTo(0.03597891452272228, 9);
    // The inner zero is a genuine solution of G(z) = q, not a failure.
    expect(refinedNormalStdCdf(refinedNormalQuantile(qHigh, 7.75), 7.75)).toBeCloseTo(qHigh, 14);
  });

  it('inverts G where it is monotone (|γ| ≤ 3): G(quantile(q)) = q', () => {
    for (const skew of [-3, -1.7, -0.2, 0, 0.9, 2.4, 3]) {
      for (const q of [1e-12, 5e-9, 5e-5, 0.01, 0.2, 0.5, 0.77, 0.99, 1 - 5e-5, 1 - 5e-9]) {
        const z = refinedNormalQuantile(q, skew);
        const g = refinedNormalStdCdf(z, skew);
        // Relative in the lower tail; near 1, G itself is only resolved to 2^-53.
        expect(Math.abs(g - q), `γ = ${skew}, q = ${q}`).toBeLessThanOrEqual(
          1e-13 * Math.min(q, 1 - q) + 2 ** -53,
        );
      }
    }
  });

  it('is the normal quantile when γ = 0', () => {
    for (const q of [1e-10, 0.001, 0.3, 0.5, 0.8, 0.999]) {
      expect(refinedNormalQuantile(q, 0), `q = ${q}`).toBeCloseTo(normalQuantile(q), 12);
    }
  });

  it('mirrors: quantile(1 − q; −γ) = −quantile(q; γ) where G is monotone', () => {
    for (const skew of [-2.5, 0.6, 3]) {
      for (const q of [0.001, 0.25, 0.5]) {
        expect(refinedNormalQuantile(1 - q, -skew)).toBeCloseTo(-refinedNormalQuantile(q, skew), 12);
      }
    }
  });

  it('returns ∓Infinity at q = 0 and 1 and NaN for q outside [0, 1], NaN, or a non-finite γ', () => {
    expect(refinedNormalQuantile(0, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(refinedNormalQuantile(1, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(refinedNormalQuantile(-0.01, 1)).toBeNaN();
    expect(refinedNormalQuantile(1.01, 1)).toBeNaN();
    expect(refinedNormalQuantile(Number.NaN, 1)).toBeNaN();
    expect(refinedNormalQuantile(0.3, Number.NaN)).toBeNaN();
    expect(refinedNormalQuantile(0.3, Number.POSITIVE_INFINITY)).toBeNaN();
  });

  it('widens the bracket beyond ±10 for extreme q (q = 1e-30 with γ = −½ needs z < −10)', () => {
    const z = refinedNormalQuantile(1e-30, -0.5);
    expect(z).toBeLessThan(-10);
    expect(Math.abs(refinedNormalStdCdf(z, -0.5) - 1e-30)).toBeLessThan(1e-42);
    // With γ > 0, G < 0 (clipped to 0) in the far left, so tiny q sit where G leaves 0.
    expect(refinedNormalQuantile(1e-30, 0.5)).toBeCloseTo(refinedNormalQuantile(1e-20, 0.5), 6);
  });
});
