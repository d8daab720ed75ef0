import { describe, expect, it } from 'vitest';
import { normalCdf, normalPdf } from '../../src/stats/normal';
import {
  refinedNormalCdf,
  refinedNormalPmf,
  refinedNormalSide,
  refinedNormalStdCdf,
} from '../../src/stats/refinedNormal';

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/** Exact Poisson-binomial pmf of ΣYᵢ by the O(d²) convolution (an independent oracle). */
function exactPoissonBinomial(probs: number[]): Float64Array {
  let pmf = new Float64Array([1]);
  for (const p of probs) {
    const next = new Float64Array(pmf.length + 1);
    for (let k = 0; k < pmf.length; k++) {
      next[k]! += pmf[k]! * (1 - p);
      next[k + 1]! += pmf[k]! * p;
    }
    pmf = next;
  }
  return pmf;
}

describe('refinedNormalStdCdf', () => {
  it('matches G(z) = Φ(z) + γ(1 − z²)φ(z)/6 from 50-digit mpmath to 1e-15 relative', () => {
    // mpmath 1.2.1, mp.ncdf(z) + γ(1 − z²)·mp.npdf(z)/6 at 50 digits.
    expect(relativeError(refinedNormalStdCdf(-8, -2), Number('1.0671978881170191646e-13'))).toBeLessThan(
      1e-15,
    );
    expect(relativeError(refinedNormalStdCdf(-0.3, 1.5), Number('0.46885430582831659733'))).toBeLessThan(
      1e-15,
    );
    expect(relativeError(refinedNormalStdCdf(0.4, 2.5), Number('0.78431629071648732875'))).toBeLessThan(
      1e-15,
    );
  });

  it('is Φ when γ = 0 (to one rounding near 1)', () => {
    for (let z = -39; z <= 9; z += 0.0131) {
      expect(Math.abs(refinedNormalStdCdf(z, 0) - normalCdf(z)), `z = ${z}`).toBeLessThanOrEqual(2 ** -53);
      if (z <= 0) expect(refinedNormalStdCdf(z, 0)).toBe(normalCdf(z));
    }
  });

  it('hand-worked: the correction vanishes at z = ±1 and is γφ(0)/6 at z = 0', () => {
    for (const skew of [-2.5, 0.3, 2.9]) {
      expect(refinedNormalStdCdf(-1, skew)).toBe(normalCdf(-1));
      expect(refinedNormalStdCdf(1, skew)).toBeCloseTo(normalCdf(1), 15);
      expect(refinedNormalStdCdf(0, skew)).toBeCloseTo(0.5 + (skew * normalPdf(0)) / 6, 15);
    }
  });

  it('is clipped to [0, 1]: G(−3; 0.7) < 0 becomes 0, G(2.2; −1.3) > 1 becomes 1', () => {
    // Unclipped (mpmath): −0.0027864938195120452 and Number('1.0156114137345659447').
    expect(refinedNormalStdCdf(-3, 0.7)).toBe(0);
    expect(refinedNormalStdCdf(2.2, -1.3)).toBe(1);
    expect(refinedNormalStdCdf(0, 10)).toBe(1); // ½ + 10·φ(0)/6 = 1.16
    for (let z = -12; z <= 12; z += 0.01) {
      for (const skew of [-10, -4, 4, 10]) {
        const g = refinedNormalStdCdf(z, skew);
        expect(g >= 0 && g <= 1, `z = ${z}, γ = ${skew}`).toBe(true);
      }
    }
  });

  it('mirrors: G(−z; −γ) = 1 − G(z; γ)', () => {
    for (let z = -6; z <= 6; z += 0.173) {
      for (const skew of [-7, -1.2, 0.4, 3.3, 9]) {
        expect(refinedNormalStdCdf(-z, -skew), `z = ${z}, γ = ${skew}`).toBeCloseTo(
          1 - refinedNormalStdCdf(z, skew),
          15,
        );
      }
    }
  });

  it('is nondecreasing for |γ| ≤ 3 and decreases somewhere for γ = 5 (non-monotone)', () => {
    for (const skew of [-3, -1, 0.5, 3]) {
      let previous = 0;
      let decreases = 0;
      for (let z = -15; z <= 15; z += 0.001) {
        const g = refinedNormalStdCdf(z, skew);
        if (g < previous) decreases++;
        previous = g;
      }
      expect(decreases, `γ = ${skew}`).toBe(0);
    }
    // γ > 3: G'(z) = φ(z)(1 + γ(z³ − 3z)/6) < 0 at z = 1 (1 + 5·(−2)/6 < 0).
    expect(refinedNormalStdCdf(1.05, 5)).toBeLessThan(refinedNormalStdCdf(0.95, 5));
  });

  it('gives 0 and 1 at ∓Infinity and beyond |z| = 40, NaN for NaN', () => {
    expect(refinedNormalStdCdf(Number.NEGATIVE_INFINITY, 2)).toBe(0);
    expect(refinedNormalStdCdf(Number.POSITIVE_INFINITY, -2)).toBe(1);
    expect(refinedNormalStdCdf(-1e300, 5)).toBe(0);
    expect(refinedNormalStdCdf(Number.NaN, 1)).toBeNaN();
    expect(refinedNormalStdCdf(0.5, Number.NaN)).toBeNaN();
  });
});

describe('refinedNormalSide', () => {
  it('keeps 1 − G(z) accurate in the right tail (z = 7, γ = ½; mpmath 3.78186941773442e-11)', () => {
    expect(relativeError(refinedNormalSide(7, 0.5), Number('3.7818694177344208376e-11'))).toBeLessThan(1e-14);
    expect(refinedNormalSide(-7, 0.5)).toBe(0); // G(−7; ½) = −3.5e-11 < 0, clipped
  });
});

describe('refinedNormalCdf', () => {
  it('applies the continuity correction: F(k) = G((k + ½ − μ)/σ)', () => {
    expect(refinedNormalCdf(2, 2.5, 1, 0)).toBe(0.5);
    expect(refinedNormalCdf(7, 3.25, 2, 0.8)).toBe(refinedNormalStdCdf((7.5 - 3.25) / 2, 0.8));
  });
});

describe('refinedNormalPmf', () => {
  it('is F(k) − F(k − 1) where G is monotone', () => {
    for (let k = 0; k <= 30; k++) {
      const expected = refinedNormalCdf(k, 12.3, 3.1, 0.9) - refinedNormalCdf(k - 1, 12.3, 3.1, 0.9);
      expect(refinedNormalPmf(k, 12.3, 3.1, 0.9), `k = ${k}`).toBeCloseTo(expected, 15);
    }
  });

  it('is the normal pmf Φ((k + ½ − μ)/σ) − Φ((k − ½ − μ)/σ) when γ = 0', () => {
    for (let k = 0; k <= 20; k++) {
      const expected = normalCdf((k + 0.5 - 8) / 2.5) - normalCdf((k - 0.5 - 8) / 2.5);
      expect(refinedNormalPmf(k, 8, 2.5, 0), `k = ${k}`).toBeCloseTo(expected, 15);
    }
  });

  it('keeps tail values to 1e-14 relative where F(k) − F(k−1) would round to 0 (mpmath)', () => {
    // μ = 10, σ = 1: pmf(20) = G(10.5) − G(9.5); mpmath 50 digits.
    expect(relativeError(refinedNormalPmf(20, 10, 1, 0), Number('1.049408317473082657e-21'))).toBeLessThan(
      1e-14,
    );
    expect(relativeError(refinedNormalPmf(0, 10, 1, 0), Number('1.049408317473082657e-21'))).toBeLessThan(
      1e-14,
    );
    expect(relativeError(refinedNormalPmf(20, 10, 1, 0.5), Number('7.5999887314385536214e-20'))).toBeLessThan(
      1e-14,
    );
    // Where G decreases the difference is negative (mpmath: −7.39e-20) and is clipped to 0.
    expect(refinedNormalPmf(0, 10, 1, 0.5)).toBe(0);
  });

  it('is clipped at 0 where G decreases (γ = 5 around z = 1)', () => {
    // k = 10, μ = 5, σ = 5: z runs from 0.9 to 1.1, and G(1.1; 5) < G(0.9; 5).
    expect(refinedNormalStdCdf(1.1, 5)).toBeLessThan(refinedNormalStdCdf(0.9, 5));
    expect(refinedNormalPmf(10, 5, 5, 5)).toBe(0);
  });

  it('approximates an exact Poisson-binomial pmf, better than the plain normal on skewed data', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const probs = Array.from({ length: 400 }, () => 0.05 * random()); // μ ≈ 10, σ ≈ 3.1, γ ≈ 0.3
    const exact = exactPoissonBinomial(probs);
    let mean = 0;
    let variance = 0;
    let third = 0;
    for (const p of probs) {
      mean += p;
      variance += p * (1 - p);
      third += p * (1 - p) * (1 - 2 * p);
    }
    const sd = Math.sqrt(variance);
    const skew = third / variance ** 1.5;
    expect(skew).toBeGreaterThan(0.25);
    let refinedError = 0;
    let normalError = 0;
    for (let k = 0; k < exact.length; k++) {
      refinedError = Math.max(refinedError, Math.abs(refinedNormalPmf(k, mean, sd, skew) - exact[k]!));
      normalError = Math.max(normalError, Math.abs(refinedNormalPmf(k, mean, sd, 0) - exact[k]!));
    }
    // Observed: 1.3e-3 against 9.4e-3 for the plain normal.
    expect(refinedError).toBeLessThan(2e-3);
    expect(refinedError).toBeLessThan(normalError / 4);
  });
});
