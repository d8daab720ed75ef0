import { describe, expect, it } from 'vitest';
import { solve } from '../../src/index';
import { Correlator } from '../../src/kernels/Correlator';
import { SliceRanking } from '../../src/kernels/SliceRanking';
import {
  beatsAtSinglePrecision,
  prepareRankDice,
  RankDiceWorkspace,
} from '../../src/solvers/rankDiceProblem';
import { solveTrna, TrnaWorkspace, verifiedNodes } from '../../src/solvers/trna';
import { loadFixtures, toOurOptions } from '../helpers/fixtures';
import { resolveReference, topMask } from '../helpers/oracle';
import { realisticProbs, seededRandom } from '../helpers/random';
import { argmaxFirst, rankDiceCurves } from '../helpers/rankDiceOracle';

const { cases } = loadFixtures();
const SOLVERS = ['ba', 'trna', 'ba+trna'];

function problemOf(data: Float32Array | Float64Array, smooth: number) {
  // The slice's figures: Σp, max p, and the count and Σp of the pixels above ½.
  let sum = 0;
  let max = 0;
  let halfCount = 0;
  let halfSum = 0;
  for (const p of data) {
    sum += p;
    max = Math.max(max, p);
    if (p > 0.5) {
      halfCount++;
      halfSum += p;
    }
  }
  const ranking = new SliceRanking();
  const problem = prepareRankDice(
    data,
    0,
    data.length,
    { sum, max, halfCount, halfSum },
    smooth,
    1e-4,
    ranking,
    new RankDiceWorkspace(),
  );
  return { problem, ranking };
}

describe('BA, TRNA and BA+TRNA against the reference package', () => {
  let pairs = 0;
  let equal = 0;
  for (const fixture of cases) {
    for (const output of fixture.outputs) {
      const solver = String(output.options.solver).toLowerCase();
      if (!SOLVERS.includes(solver)) continue;
      it(`${fixture.name} ${JSON.stringify(output.options)}: same τ, or a near-tie below float32 resolution one pixel away`, () => {
        const options = toOurOptions(output.options);
        const sol = solve({ data: fixture.data, shape: fixture.shape }, options);
        const [batch, classes] = fixture.shape as [number, number];
        const pixels = fixture.data.length / (batch * classes);
        for (let at = 0; at < batch * classes; at++) {
          const ref = output.pred.slice(at * pixels, (at + 1) * pixels);
          const refVolume = ref.reduce((a, b) => a + b, 0);
          const ours = sol.mask.data.subarray(at * pixels, (at + 1) * pixels);
          pairs++;
          if (sol.volume[at] === refVolume) {
            equal++;
            expect(Array.from(ours)).toEqual(ref);
            continue;
          }
          // A mismatch must be a near-tie: one pixel apart, float64 objectives within 2e-7 (a few
          // float32 ulps, the reference's rounding), ours the first maximizer at single precision.
          const probs = fixture.data.subarray(at * pixels, (at + 1) * pixels);
          const curves = rankDiceCurves(probs, options.smooth ?? 0);
          const useBa = solver === 'ba' || (solver === 'ba+trna' && 1 / curves.sd < 0.2);
          const curve = useBa ? curves.ba : curves.trna;
          const gap = curve[sol.volume[at]!]! - curve[refVolume]!;
          expect(Math.abs(sol.volume[at]! - refVolume)).toBe(1);
          expect(Math.abs(gap)).toBeLessThan(2e-7);
          expect(sol.volume[at]).toBe(argmaxFirst(curve.map(Math.fround)));
        }
      });
    }
  }
  it('selects the reference τ for at least 95% of image-class pairs (the rest are float32 near-ties)', () => {
    expect(pairs).toBe(140);
    expect(equal / pairs).toBeGreaterThanOrEqual(0.95);
  });
});

describe('BA and TRNA against plain loops (oracle)', () => {
  const random = seededRandom(5);
  const slices: { name: string; data: Float64Array }[] = [
    { name: 'blob 40x40', data: Float64Array.from(realisticProbs(1, 1, 1, [40, 40], { cell: 10 })) },
    {
      name: 'small object',
      data: Float64Array.from({ length: 300 }, (_, i) => (i < 6 ? 0.55 + 0.1 * random() : 0.02 * random())),
    },
    { name: 'uniform', data: Float64Array.from({ length: 500 }, random) },
    { name: 'confident', data: Float64Array.from({ length: 400 }, () => (random() < 0.2 ? 0.999 : 0.001)) },
  ];
  for (const { name, data } of slices) {
    for (const smooth of [0, 1]) {
      for (const solver of ['ba', 'trna'] as const) {
        it(`${solver} on ${name}, smooth ${smooth}: the first maximizer at single precision and its value`, () => {
          const sol = solve(
            { data, shape: [1, 1, data.length] },
            { solver, smooth, outputMode: 'multilabel', pruningProb: 0 },
          );
          const curves = rankDiceCurves(data, smooth);
          const curve = solver === 'ba' ? curves.ba : curves.trna;
          const tau = argmaxFirst(curve.map(Math.fround));
          const chosen = sol.volume[0]!;
          if (chosen !== tau) expect(curve[tau]! - curve[chosen]!).toBeLessThan(1e-10);
          expect(sol.expected[0]).toBeCloseTo(curve[chosen]!, 9);
          expect(Array.from(sol.mask.data)).toEqual(Array.from(topMask(data, chosen)));
        });
      }
    }
  }
});

describe('the single-precision tie rule of BA and TRNA', () => {
  it('counts scores that round to the same float32 as tied, so the earlier (smaller) τ stays', () => {
    expect(beatsAtSinglePrecision(0.5 + 1e-9, 0.5)).toBe(false);
    expect(beatsAtSinglePrecision(0.5 + 2 ** -24, 0.5)).toBe(true); // one float32 ulp at 0.5
    expect(beatsAtSinglePrecision(0.5, 0.5 + 1e-9)).toBe(false);
    expect(beatsAtSinglePrecision(1e-3, 0)).toBe(true);
  });
});

describe('BA by FFT', () => {
  it("gives BA's objective for every τ equal to the direct sum to 1e-12 relative", () => {
    const data = realisticProbs(3, 1, 1, [128, 128], { cell: 16 });
    const { problem } = problemOf(data, 0);
    const { pmf, lower, width, tauUp } = problem;
    expect(tauUp * width).toBeGreaterThan(1 << 16);
    const reciprocal = Float64Array.from({ length: width + tauUp - 1 }, (_, m) => 1 / (lower + m + 2));
    const direct = new Float64Array(tauUp);
    const fft = new Float64Array(tauUp);
    const correlator = new Correlator();
    correlator.correlate(pmf, reciprocal, direct, tauUp, 'direct');
    correlator.correlate(pmf, reciprocal, fft, tauUp, 'fft');
    for (let j = 0; j < tauUp; j++) {
      const ba = (values: Float64Array) => 2 * problem.cum[j + 1]! * values[j]!;
      expect(Math.abs(ba(fft) - ba(direct)) / ba(direct)).toBeLessThan(1e-12);
    }
  });
});

describe('TRNA interpolation in p', () => {
  for (const [name, data] of [
    ['a large blob (interpolated path)', realisticProbs(4, 1, 1, [160, 160], { cell: 20 })],
    ['a softmax class', realisticProbs(8, 1, 4, [96, 96], { cell: 12 }).subarray(96 * 96, 2 * 96 * 96)],
  ] as const) {
    it(`matches one pmf per pixel on ${name}`, () => {
      for (const smooth of [0, 1]) {
        const a = problemOf(data, smooth);
        const direct = solveTrna(
          a.problem,
          smooth,
          a.ranking,
          new Correlator(),
          new TrnaWorkspace(),
          'direct',
        );
        const b = problemOf(data, smooth);
        const { sorted, tauUp } = b.problem;
        expect(verifiedNodes(b.problem, sorted[tauUp - 1]!, sorted[0]!, new TrnaWorkspace())).not.toBeNull();
        const interpolated = solveTrna(
          b.problem,
          smooth,
          b.ranking,
          new Correlator(),
          new TrnaWorkspace(),
          'interpolated',
        );
        expect(Math.abs(interpolated.expected - direct.expected)).toBeLessThan(1e-9);
        if (interpolated.top.volume !== direct.top.volume) {
          expect(Math.abs(interpolated.top.volume - direct.top.volume)).toBe(1);
        }
      }
    });
  }
});

describe('distribution solvers in multiclass output', () => {
  for (const solver of ['ba', 'trna', 'ba+trna'] as const) {
    it(`${solver} masks go through the overlap resolution of DESIGN §3.5`, () => {
      const shape = [1, 3, 30, 30];
      const data = realisticProbs(9, 1, 3, [30, 30], { cell: 6 });
      const labels = solve({ data, shape }, { solver }).mask.data;
      const multilabel = solve({ data, shape }, { solver, outputMode: 'multilabel' });
      const pixels = 900;
      const probs = [0, 1, 2].map((c) => data.subarray(c * pixels, (c + 1) * pixels));
      const masks = [0, 1, 2].map((c) => multilabel.mask.data.slice(c * pixels, (c + 1) * pixels));
      const active = probs.map((p) => Math.max(...p) > 0.5);
      expect(Array.from(labels)).toEqual(resolveReference(probs, masks, active, 'dice', 0, 'max_score', 255));
    });
  }
});
