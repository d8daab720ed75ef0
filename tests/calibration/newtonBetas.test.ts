import { describe, expect, it } from 'vitest';
import { BETA_MAX, BETA_MIN, newtonBetas } from '../../src/calibration/newtonBetas';
import type { PassSums } from '../../src/calibration/temperaturePass';

/** Runs the iteration on given derivatives f'(β), f''(β) per group; returns β and the passes. */
function run(
  derivatives: ((beta: number) => [number, number])[],
  counts: number[] = derivatives.map(() => 1),
): { beta: number[]; passes: number; visited: number[][] } {
  const K = derivatives.length;
  const steps = newtonBetas(K);
  let step = steps.next();
  let passes = 0;
  const visited: number[][] = [];
  while (!step.done) {
    passes++;
    visited.push(Array.from(step.value));
    const sums: PassSums = {
      nll: new Float64Array(K),
      grad: new Float64Array(K),
      curv: new Float64Array(K),
      count: Float64Array.from(counts),
    };
    for (let k = 0; k < K; k++) [sums.grad[k], sums.curv[k]] = derivatives[k]!(step.value[k]!);
    step = steps.next(sums);
    expect(passes).toBeLessThan(100);
  }
  return { beta: Array.from(step.value), passes, visited };
}

describe('the safeguarded Newton iteration in β', () => {
  it('a linear f′ (quadratic f) is solved by one Newton step and stops at once', () => {
    const { beta, passes } = run([(b) => [3 * (b - 0.4), 3]]);
    expect(beta[0]).toBeCloseTo(0.4, 14);
    expect(passes).toBeLessThanOrEqual(3);
  });

  it('stops when Newton’s step rounds onto β itself, though f′ is not exactly 0 there (no bisection crawl)', () => {
    // the root lies 1e-17 above 0.25, closer than a double can step: f′(0.25) = −1e-11 < 0
    const { beta, passes } = run([(b) => [1e6 * (b - 0.25) - 1e-11, 1e6]]);
    expect(beta[0]).toBe(0.25);
    expect(passes).toBeLessThanOrEqual(4);
  });

  it('f′ = ln β − ln 2.5 (f″ = 1/β): the root to 1e-10 relative in a handful of passes', () => {
    const { beta, passes } = run([(b) => [Math.log(b) - Math.log(2.5), 1 / b]]);
    expect(Math.abs(beta[0]! / 2.5 - 1)).toBeLessThan(1e-10);
    expect(passes).toBeLessThanOrEqual(10);
  });

  it('a Newton step that leaves the range is replaced (the first step from β = 1 would go negative)', () => {
    // f′ = β − 0.01 scaled so that Newton from 1 is exact, and one whose Newton step overshoots below 0
    const { beta, visited } = run([(b) => [Math.exp(8 * (b - 0.05)) - 1, 8 * Math.exp(8 * (b - 0.05))]]);
    expect(beta[0]).toBeCloseTo(0.05, 10);
    for (const [b] of visited) expect(b!).toBeGreaterThan(0);
  });

  it('f′ < 0 everywhere runs to the upper bound of β, f′ > 0 everywhere to the lower', () => {
    const up = run([(b) => [-1 / (1 + b) ** 2, 2 / (1 + b) ** 3]]);
    expect(up.beta[0]).toBe(BETA_MAX);
    expect(up.passes).toBeLessThan(30);
    const down = run([(b) => [1 / (1 + b) ** 2, 1e-9]]);
    expect(down.beta[0]).toBe(BETA_MIN);
    expect(down.passes).toBeLessThan(30);
  });

  it('groups converge independently, and a group with nothing scored keeps β = 1', () => {
    const { beta, visited } = run(
      [(b) => [3 * (b - 0.4), 3], (b) => [Math.log(b) - Math.log(7), 1 / b], () => [5, 1]],
      [1, 1, 0],
    );
    expect(beta[0]).toBeCloseTo(0.4, 14);
    expect(Math.abs(beta[1]! / 7 - 1)).toBeLessThan(1e-10);
    expect(beta[2]).toBe(1);
    // group 0 is done after its first step and keeps its β while group 1 goes on
    const last = visited.at(-1)!;
    expect(last[0]).toBeCloseTo(0.4, 14);
  });
});
