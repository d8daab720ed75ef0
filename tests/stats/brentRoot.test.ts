import { describe, expect, it } from 'vitest';
import { brentRoot } from '../../src/stats/brentRoot';

/**
 * SciPy 1.10.1 `scipy.optimize.brentq(f, a, b, full_output=True)` (default xtol 2e-12,
 * rtol 4·2^-52): root and `function_calls`. Several have more than one zero in [a, b]; which
 * one is found, and after how many calls, pins the step rules.
 */
const SCIPY: { name: string; f: (x: number) => number; a: number; b: number; root: number; calls: number }[] =
  [
    { name: 'x² − 2 on [0, 2]', f: (x) => x * x - 2, a: 0, b: 2, root: 1.4142135623731364, calls: 9 },
    { name: 'sin on [−10, 10]', f: Math.sin, a: -10, b: 10, root: 0, calls: 3 },
    { name: 'sin on [−4, 10]', f: Math.sin, a: -4, b: 10, root: -Math.PI, calls: 12 },
    { name: 'x³ − x on [−2, 3]', f: (x) => x ** 3 - x, a: -2, b: 3, root: -1, calls: 3 },
    { name: 'x³ − x on [−3, 1.5]', f: (x) => x ** 3 - x, a: -3, b: 1.5, root: 1, calls: 10 },
    {
      name: 'clip(x³ + 0.3, 0, 1) − ½ on [−10, 10] (flat ends)',
      f: (x) => Math.min(1, Math.max(0, x * x * x + 0.3)) - 0.5,
      a: -10,
      b: 10,
      root: 0.5848035476425709,
      calls: 13,
    },
  ];

describe('brentRoot', () => {
  it("finds the same zero as SciPy's brentq with the same number of evaluations", () => {
    for (const { name, f, a, b, root, calls } of SCIPY) {
      const result = brentRoot(f, a, b);
      expect(result.root, name).toBeCloseTo(root, 12);
      expect(result.evaluations, name).toBe(calls);
      expect(result.converged, name).toBe(true);
    }
  });

  it('reaches the requested tolerance: √2 to 1e-15 with xtol = 1e-15', () => {
    const { root } = brentRoot((x) => x * x - 2, 0, 2, 1e-15);
    expect(Math.abs(root - Math.SQRT2)).toBeLessThanOrEqual(1e-15);
  });

  it('returns a bracket end that is already a zero without iterating', () => {
    expect(brentRoot((x) => x - 1, 1, 5)).toEqual({ root: 1, evaluations: 2, converged: true });
    expect(brentRoot((x) => x - 5, 1, 5)).toEqual({ root: 5, evaluations: 2, converged: true });
  });

  it('returns NaN when the ends do not bracket a sign change', () => {
    const result = brentRoot((x) => x * x + 1, -1, 2);
    expect(result.root).toBeNaN();
    expect(result.converged).toBe(false);
  });

  it('reports non-convergence when the iteration cap is hit', () => {
    const result = brentRoot((x) => x * x - 2, 0, 2, 1e-15, 8.881784197001252e-16, 3);
    expect(result.converged).toBe(false);
    expect(result.evaluations).toBe(5);
  });
});
