import { describe, expect, it } from 'vitest';
import { expectedScoreOfMask, solveExactClass } from '../../../src/solvers/exact';
import { expectedMaskScoreDirect } from '../../../src/solvers/expectation/expectedMaskScoreDirect';
import { expectedScoreCurve } from '../../../src/solvers/expectation/expectedScoreCurve';
import { bruteForceAllMasks, prng, type Regime, randomProbs } from '../../helpers/expectationOracle';

/**
 * Golden tests against full enumeration: every label outcome (2^d) for every mask (2^d).
 * Independent of every formula in src/solvers/expectation: only the definitions of Dice and IoU.
 */

const REGIMES: Regime[] = ['extreme', 'half', 'uniform', 'mixed', 'ties'];
const SMOOTHS = [0, 0.5, 1];

interface Instance {
  probs: Float64Array;
  s: number;
}

function instances(seed: number, count: number, maxD: number): Instance[] {
  const random = prng(seed);
  const out: Instance[] = [];
  for (let k = 0; k < count; k++) {
    const d = 1 + Math.floor(random() * maxD);
    out.push({
      probs: randomProbs(random, d, REGIMES[k % REGIMES.length]!),
      s: SMOOTHS[k % SMOOTHS.length]!,
    });
  }
  return out;
}

function maxOver(values: Float64Array): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const v of values) m = Math.max(m, v);
  return m;
}

const SMALL = instances(20240601, 300, 9);
const LARGER: Instance[] = (() => {
  const random = prng(8);
  return [10, 10, 11, 11, 12, 12].map((d, k) => ({
    probs: randomProbs(random, d, REGIMES[(k + 2) % REGIMES.length]!),
    s: SMOOTHS[k % SMOOTHS.length]!,
  }));
})();

describe('exact solver against enumeration of all masks and outcomes', () => {
  for (const metric of ['dice', 'iou'] as const) {
    it(`finds the best of all 2^d masks (${metric}, 300 instances, d ≤ 9, within 1e-12)`, () => {
      let worst = 0;
      for (const { probs, s } of SMALL) {
        const best = maxOver(bruteForceAllMasks(probs, metric, s));
        const got = solveExactClass(probs, 0, probs.length, metric, s);
        worst = Math.max(worst, Math.abs(got.expected - best));
      }
      expect(worst).toBeLessThan(1e-12);
    });

    it(`finds the best of all 2^d masks for d = 10…12 (${metric})`, () => {
      for (const { probs, s } of LARGER) {
        const best = maxOver(bruteForceAllMasks(probs, metric, s));
        const got = solveExactClass(probs, 0, probs.length, metric, s);
        expect(Math.abs(got.expected - best)).toBeLessThan(1e-12);
      }
    });

    it(`returns a volume whose top-τ mask scores the reported value (${metric})`, () => {
      for (const { probs, s } of SMALL.slice(0, 120)) {
        const all = bruteForceAllMasks(probs, metric, s);
        const got = solveExactClass(probs, 0, probs.length, metric, s);
        // Bit set of a top-τ mask (any order among ties gives the same score).
        const order = Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]!);
        let bits = 0;
        for (let j = 0; j < got.volume; j++) bits |= 1 << order[j]!;
        expect(Math.abs(all[bits]! - got.expected)).toBeLessThan(1e-12);
        if (s === 0) expect(got.volume).toBeGreaterThanOrEqual(1);
      }
    });

    it(`scores arbitrary masks exactly (${metric}, 5 random masks per instance, within 1e-12)`, () => {
      const random = prng(99);
      let worst = 0;
      for (const { probs, s } of SMALL) {
        const all = bruteForceAllMasks(probs, metric, s);
        for (let k = 0; k < 5; k++) {
          const bits = Math.floor(random() * (1 << probs.length));
          const mask = Array.from(probs, (_, i) => (bits >> i) & 1);
          worst = Math.max(
            worst,
            Math.abs(expectedScoreOfMask(probs, 0, mask, 0, probs.length, metric, s) - all[bits]!),
          );
        }
      }
      expect(worst).toBeLessThan(1e-12);
    });

    it(`has O(d²) oracles that match enumeration (${metric})`, () => {
      for (const { probs, s } of SMALL.slice(0, 150)) {
        const all = bruteForceAllMasks(probs, metric, s);
        const curve = expectedScoreCurve(probs, metric, s);
        const order = Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]!);
        let bits = 0;
        for (let tau = 0; tau <= probs.length; tau++) {
          if (tau > 0) bits |= 1 << order[tau - 1]!;
          expect(Math.abs(curve[tau]! - all[bits]!)).toBeLessThan(1e-13);
        }
        const random = Math.floor(((probs[0]! * 7919) % 1) * (1 << probs.length));
        const mask = Array.from(probs, (_, i) => (random >> i) & 1);
        expect(Math.abs(expectedMaskScoreDirect(probs, mask, metric, s) - all[random]!)).toBeLessThan(1e-13);
      }
    });
  }

  it('confirms that a top-τ mask is optimal among all masks (the premise of ranking)', () => {
    for (const { probs, s } of SMALL.slice(0, 100)) {
      for (const metric of ['dice', 'iou'] as const) {
        const curve = expectedScoreCurve(probs, metric, s);
        let bestTop = Number.NEGATIVE_INFINITY;
        for (let tau = 0; tau <= probs.length; tau++) bestTop = Math.max(bestTop, curve[tau]!);
        expect(bestTop).toBeGreaterThanOrEqual(maxOver(bruteForceAllMasks(probs, metric, s)) - 1e-13);
      }
    }
  });
});
