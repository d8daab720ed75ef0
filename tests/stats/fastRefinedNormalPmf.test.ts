import { describe, expect, it } from 'vitest';
import { fastRefinedNormalPmf } from '../../src/stats/fastRefinedNormalPmf';
import { fillRefinedNormalPmf } from '../../src/stats/fillRefinedNormalPmf';

describe('fastRefinedNormalPmf', () => {
  it('is within 1e-10 of the evaluated pmf over σ, γ and μ grids', () => {
    const exact = new Float64Array(2000);
    const fast = new Float64Array(2000);
    let worst = 0;
    for (const sd of [0.3, 1, 2.5, 7, 50, 143]) {
      for (const skew of [-2, -0.3, 0, 0.1, 1, 3, 5]) {
        for (const mean of [0.4, 3.3, 100.7, 2000.2]) {
          const lower = Math.max(0, Math.floor(mean - 5 * sd) - 1);
          const upper = Math.ceil(mean + 5 * sd) + 1;
          const massExact = fillRefinedNormalPmf(exact, lower, upper, mean, sd, skew);
          const massFast = fastRefinedNormalPmf(fast, lower, upper, mean, sd, skew);
          expect(Math.abs(massFast - massExact)).toBeLessThan(1e-9);
          for (let i = 0; i < upper - lower; i++) worst = Math.max(worst, Math.abs(exact[i]! - fast[i]!));
        }
      }
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('reports zero mass, and writes zeros, for a support that holds none', () => {
    const out = new Float64Array(3).fill(7);
    expect(fastRefinedNormalPmf(out, 0, 3, 100, 1, 0)).toBe(0);
    expect(Array.from(out)).toEqual([0, 0, 0]);
  });
});
