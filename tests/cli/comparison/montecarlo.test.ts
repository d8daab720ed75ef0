import { describe, expect, it } from 'vitest';
import { uniformGenerator } from '../../../src/cli/common/random';
import { meanAndError, monteCarloScores } from '../../../src/cli/comparison/montecarlo';
import { expectedScore } from '../../../src/index';

/** Runs monteCarloScores on one slice and returns per-mask per-draw Dice and IoU. */
function run(
  p: ArrayLike<number>,
  patterns: ArrayLike<number>,
  masks: number,
  draws: number,
  seed = 1,
  smooth = 0,
) {
  const dice = new Float64Array(masks * draws);
  const iou = new Float64Array(masks * draws);
  monteCarloScores(
    Float64Array.from(p),
    0,
    p.length,
    Uint32Array.from(patterns),
    masks,
    { draws, seed, stream: 0, smooth },
    dice,
    iou,
  );
  return { dice, iou };
}

/** Probabilities that reach every code path: p = 0 and 1, tiny p and 1 − p (thinned tiers), mid-range. */
function mixedProbs(d: number, seed: number): Float64Array {
  const u = uniformGenerator(seed);
  const p = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const r = u();
    if (r < 0.1) p[i] = 0;
    else if (r < 0.2) p[i] = 1;
    else if (r < 0.5)
      p[i] = 0.1 * u() ** 6; // down to ~1e-7: tiers k = 4…24
    else if (r < 0.8) p[i] = 1 - 0.1 * u() ** 6;
    else p[i] = u();
  }
  return p;
}

describe('meanAndError', () => {
  it('gives the mean and sd/√n (hand-worked: 1, 2, 3, 4 → 2.5 and √(5/3)/2)', () => {
    const e = meanAndError([1, 2, 3, 4], 0, 4);
    expect(e.mean).toBe(2.5);
    expect(e.se).toBeCloseTo(Math.sqrt(5 / 3) / 2, 15);
  });

  it('reads the range it is given and has no error estimate for one value', () => {
    expect(meanAndError([9, 1, 3, 9], 1, 2)).toEqual({ mean: 2, se: 1 });
    expect(meanAndError([7], 0, 1).se).toBeNaN();
    expect(() => meanAndError([1, 2], 1, 2)).toThrow(RangeError);
  });
});

describe('monteCarloScores', () => {
  it('scores one pixel at p = ½ as Dice 1 or 0 on each draw, and an empty mask as 0 (0/0 counted as 0)', () => {
    const { dice, iou } = run([0.5], [1], 2, 400);
    const first = Array.from(dice.subarray(0, 400));
    expect(first.every((x) => x === 0 || x === 1)).toBe(true);
    expect(first.filter((x) => x === 1).length).toBeGreaterThan(150);
    expect(first.filter((x) => x === 1).length).toBeLessThan(250);
    expect(Array.from(iou.subarray(0, 400))).toEqual(first); // one pixel: IoU = Dice
    expect(Array.from(dice.subarray(400)).every((x) => x === 0)).toBe(true);
  });

  it('is exact without randomness when every p is 0 or 1 (every draw equals the true score)', () => {
    // labels Y = (1, 1, 0, 0); mask A = (1, 0, 1, 0): Dice = 2·1/(2 + 2) = ½, IoU = 1/3
    const { dice, iou } = run([1, 1, 0, 0], [1, 0, 1, 0], 1, 50);
    expect(new Set(dice)).toEqual(new Set([0.5]));
    expect(new Set(iou)).toEqual(new Set([1 / 3]));
  });

  it('adds smooth to numerator and denominator: an empty mask on all-zero p scores 1', () => {
    const { dice, iou } = run([0, 0, 0], [0, 0, 0], 1, 10, 1, 1);
    expect(Array.from(dice)).toEqual(new Array(10).fill(1));
    expect(Array.from(iou)).toEqual(new Array(10).fill(1));
  });

  it('gives the same numbers for the same seed and different numbers for another seed', () => {
    const p = mixedProbs(500, 3);
    const patterns = Array.from(p, (x) => (x > 0.5 ? 1 : 0) | (x > 0.3 ? 2 : 0));
    const a = run(p, patterns, 2, 100, 11);
    expect(run(p, patterns, 2, 100, 11)).toEqual(a);
    expect(run(p, patterns, 2, 100, 12).dice).not.toEqual(a.dice);
  });

  it('draws |Y| with mean Σp (all-ones mask: IoU·d = |Y|), also through the thinned tiers', () => {
    const p = mixedProbs(2000, 8);
    const T = 4000;
    const { iou } = run(p, new Array(p.length).fill(1), 1, T, 21);
    const labels = meanAndError(
      iou.map((x) => x * p.length),
      0,
      T,
    );
    const sum = p.reduce((s, x) => s + x, 0);
    expect(Math.abs(labels.mean - sum)).toBeLessThan(4 * labels.se);
  });

  it('agrees with the exact expectedScore within 4 standard errors for several masks (golden: independent oracle)', () => {
    const p = mixedProbs(1500, 4);
    const masks = [
      Array.from(p, (x) => (x > 0.5 ? 1 : 0)),
      Array.from(p, (x) => (x > 0.2 ? 1 : 0)),
      Array.from(p, (x) => (x < 0.01 ? 1 : 0)),
    ];
    const patterns = p.map((_, i) => masks.reduce((bits, m, k) => bits | (m[i]! << k), 0));
    const T = 3000;
    const { dice, iou } = run(p, patterns, 3, T, 2);
    const probs = { data: p, shape: [1, 1, p.length] };
    masks.forEach((m, k) => {
      const mask = { data: m, shape: [1, 1, p.length] };
      const d = meanAndError(dice, k * T, T);
      const j = meanAndError(iou, k * T, T);
      expect(Math.abs(d.mean - expectedScore(probs, mask)[0]!)).toBeLessThan(4 * d.se);
      expect(Math.abs(j.mean - expectedScore(probs, mask, { metric: 'iou' })[0]!)).toBeLessThan(4 * j.se);
    });
  });

  it('refuses probabilities outside [0, 1], more than 32 masks and zero draws', () => {
    expect(() => run([0.5, 1.5], [1, 1], 1, 10)).toThrow(/probs\[1\] = 1.5 is not a probability/);
    expect(() => run([Number.NaN], [1], 1, 10)).toThrow(RangeError);
    expect(() => run([0.5], [1], 33, 10)).toThrow(/masks must be 1…32/);
    expect(() => run([0.5], [1], 1, 0)).toThrow(/draws/);
  });
});
