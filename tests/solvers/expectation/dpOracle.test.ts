import { describe, expect, it } from 'vitest';
import { expectedScoreOfMask, solveExactClass } from '../../../src/solvers/exact';
import { ExactWorkspace } from '../../../src/solvers/expectation/ExactWorkspace';
import { expectedMaskScoreDirect } from '../../../src/solvers/expectation/expectedMaskScoreDirect';
import { expectedScoreCurve } from '../../../src/solvers/expectation/expectedScoreCurve';
import { PowerSums } from '../../../src/solvers/expectation/powerSums';
import { solveRanked } from '../../../src/solvers/expectation/solveRanked';
import { solveSlice } from '../../../src/solvers/expectation/solveSlice';
import { blobSlice, prng } from '../../helpers/expectationOracle';

/**
 * Golden tests against the O(d²) dynamic programme (expectedScoreCurve, itself checked against
 * enumeration in bruteForce.test.ts) on realistic shapes: many near-0 pixels, a blob of near-1
 * pixels, an uncertain boundary; from tiny objects (μ < 20) to large ones.
 */

const curves = new Map<string, Float64Array>();

/** The programme's curve, computed once per slice, metric and smooth. */
function curveOf(probs: Float32Array, metric: 'dice' | 'iou', s: number): Float64Array {
  const key = `${probs[0]}:${probs.length}:${metric}:${s}`;
  let curve = curves.get(key);
  if (!curve) {
    curve = expectedScoreCurve(probs, metric, s);
    curves.set(key, curve);
  }
  return curve;
}

function bestOf(curve: Float64Array, s: number): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let tau = s > 0 ? 0 : 1; tau < curve.length; tau++) best = Math.max(best, curve[tau]!);
  return best;
}

function sumOf(p: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < p.length; i++) m += p[i]!;
  return m;
}

/** Slices of 900…2025 pixels: a smooth logit field ×6 + shift through a sigmoid. */
const CASES = Array.from({ length: 14 }, (_, k) => {
  const shift = [-12, -9, -7, -5, -3, 0, 2][k % 7]!;
  return { seed: 100 + k, side: 30 + 2 * k, shift, probs: blobSlice(100 + k, 30 + 2 * k, 4, 6, shift) };
});

describe('exact solver against the O(d²) programme on realistic slices', () => {
  it('covers tiny, small and large objects', () => {
    const means = CASES.map((c) => sumOf(c.probs));
    expect(Math.min(...means)).toBeLessThan(20);
    expect(Math.max(...means)).toBeGreaterThan(1000);
  });

  for (const metric of ['dice', 'iou'] as const) {
    for (const s of [0, 1]) {
      it(`matches the best volume's objective within 1e-10 (${metric}, smooth ${s})`, () => {
        for (const { probs } of CASES) {
          const curve = curveOf(probs, metric, s);
          const best = bestOf(curve, s);
          const got = solveExactClass(probs, 0, probs.length, metric, s);
          expect(Math.abs(got.expected - best)).toBeLessThanOrEqual(1e-10 * best);
          expect(Math.abs(curve[got.volume]! - best)).toBeLessThanOrEqual(1e-10 * best);
        }
      });
    }

    it(`scores arbitrary masks like the direct double sum (${metric})`, () => {
      const random = prng(5);
      for (const { probs } of CASES.slice(0, 8)) {
        const masks = [
          Array.from(probs, (p) => (p > 0.5 ? 1 : 0)),
          Array.from(probs, () => (random() < 0.01 ? 1 : 0)),
          Array.from(probs, (p) => (p > 0.2 && random() < 0.7 ? 1 : 0)),
        ];
        for (const mask of masks) {
          for (const s of [0, 0.5]) {
            const exact = expectedMaskScoreDirect(probs, mask, metric, s);
            const got = expectedScoreOfMask(probs, 0, mask, 0, probs.length, metric, s);
            expect(Math.abs(got - exact)).toBeLessThanOrEqual(1e-10 * exact + 1e-300);
          }
        }
      }
    });
  }

  it('exercises both scoring paths (moment expansion and exact law) on these slices', () => {
    const ws = new ExactWorkspace();
    const paths = new Set<string>();
    for (const { probs } of CASES) {
      for (const metric of ['dice', 'iou'] as const) {
        const choice = solveSlice(ws, probs, 0, probs.length, metric, 0);
        paths.add(`${choice.path} ${choice.cumulantOrder}`);
      }
    }
    expect(paths.has('moments 11')).toBe(true);
    expect(paths.has('pmf 0')).toBe(true);
  });

  it('finds the same optimum through every path of the ranked core (plug-in form: top-K + rest)', () => {
    // The library's selection kernel will hand the core a sorted top-K and a summary of the
    // rest. Order-3 summaries of a medium object force an escalation to order 10 and, for the
    // smallest objects, a fall back to the exact law; all must agree with the programme.
    const ws = new ExactWorkspace();
    const seen = new Set<string>();
    for (const { probs } of CASES) {
      const sorted = Float64Array.from(probs).sort().reverse();
      for (const metric of ['dice', 'iou'] as const) {
        const curve = curveOf(probs, metric, 0);
        const best = bestOf(curve, 0);
        let tauStar = 1;
        while (curve[tauStar]! !== best) tauStar++;
        const k = Math.min(sorted.length, tauStar + 40);
        const band = Float64Array.from(sorted.subarray(0, k));
        const head = new PowerSums();
        head.reset(3);
        const tail = new PowerSums();
        tail.reset(3);
        for (let i = k; i < sorted.length; i++) tail.addPixel(sorted[i]!);
        const slice = { data: probs, offset: 0, length: probs.length, band, bandLength: k, head, tail };
        const choice = solveRanked(
          ws,
          { ...slice, restPruned: false, lowerBound: Number.NEGATIVE_INFINITY },
          metric,
          0,
        );
        if (choice === null) continue; // the rest could not be ruled out with a lump bound: caller widens K
        seen.add(choice.path);
        expect(Math.abs(choice.expected - best)).toBeLessThanOrEqual(1e-10 * best);
        expect(choice.error).toBeLessThanOrEqual(1e-13 * choice.expected);
      }
    }
    expect(seen.has('moments-escalated')).toBe(true);
    expect(seen.has('pmf')).toBe(true);
  });

  it('declines (null) when a top-K band is too short to contain the optimum', () => {
    const probs = blobSlice(7, 40, 4, 6, 0);
    const sorted = Float64Array.from(probs).sort().reverse();
    const band = Float64Array.from(sorted.subarray(0, 5)); // far fewer than the optimum's volume
    const head = new PowerSums();
    head.reset(3);
    const tail = new PowerSums();
    tail.reset(3);
    for (let i = 5; i < sorted.length; i++) tail.addPixel(sorted[i]!);
    const slice = { data: probs, offset: 0, length: probs.length, band, bandLength: 5, head, tail };
    expect(
      solveRanked(new ExactWorkspace(), { ...slice, restPruned: false, lowerBound: -1 }, 'dice', 0),
    ).toBeNull();
  });

  it('agrees across scoring paths on 128×128 slices, beyond the reach of the O(d²) programme', () => {
    // Same slice, three ways: the solver's own route; the ranked core on a ±300 band with
    // order-3 summaries (escalating if needed); the core with order-10 summaries from the start.
    const ws = new ExactWorkspace();
    const orders = new Set<number>();
    for (const [seed, shift] of [
      [31, 0],
      [32, -6],
      [33, -11],
      [34, -15],
    ] as const) {
      const probs = blobSlice(seed, 128, 8, 6, shift);
      const sorted = Float64Array.from(probs).sort().reverse();
      for (const metric of ['dice', 'iou'] as const) {
        const own = solveSlice(ws, probs, 0, probs.length, metric, 0);
        orders.add(own.cumulantOrder);
        const { volume, expected } = own;
        const lo = Math.max(0, volume - 300);
        const hi = Math.min(sorted.length, volume + 300);
        const band = Float64Array.from(sorted.subarray(lo, hi));
        for (const order of [3, 10]) {
          const head = new PowerSums();
          head.reset(order);
          const tail = new PowerSums();
          tail.reset(order);
          for (let i = 0; i < lo; i++) head.addPixel(sorted[i]!);
          for (let i = hi; i < sorted.length; i++) tail.addPixel(sorted[i]!);
          const slice = {
            data: probs,
            offset: 0,
            length: probs.length,
            band,
            bandLength: hi - lo,
            head,
            tail,
          };
          const core = solveRanked(
            ws,
            { ...slice, restPruned: true, lowerBound: Number.NEGATIVE_INFINITY },
            metric,
            0,
          )!;
          expect(core.volume).toBe(volume);
          expect(Math.abs(core.expected - expected)).toBeLessThanOrEqual(1e-12 * expected);
        }
      }
    }
    expect(orders.has(11)).toBe(true);
    expect(orders.has(0)).toBe(true);
  });
});
