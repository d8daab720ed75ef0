import { describe, expect, it } from 'vitest';
import { solve } from '../../src/index';
import { Correlator } from '../../src/kernels/Correlator';
import { SliceRanking } from '../../src/kernels/SliceRanking';
import { scanMoments } from '../../src/kernels/scanMoments';
import { BaWorkspace, solveBa } from '../../src/solvers/ba';
import { prepareRankDice, RankDiceWorkspace } from '../../src/solvers/rankDiceProblem';
import { topMask } from '../helpers/oracle';
import { realisticProbs, seededRandom } from '../helpers/random';

describe('BA through the histogram and hull, against BA on a full ranking', () => {
  const random = seededRandom(47);
  const cases: [string, Float64Array][] = [
    ['a realistic blob 120×120', Float64Array.from(realisticProbs(48, 1, 1, [120, 120], { cell: 15 }))],
    ['a realistic blob 300×300', Float64Array.from(realisticProbs(49, 1, 1, [300, 300], { cell: 30 }))],
    [
      'a small object',
      Float64Array.from({ length: 5000 }, (_, i) => (i < 40 ? 0.6 + 0.3 * random() : 0.01 * random())),
    ],
    ['uniform values', Float64Array.from({ length: 3000 }, random)],
    ['ties', Float64Array.from({ length: 4000 }, () => Math.floor(random() * 9) / 8)],
    [
      'a large confident class',
      Float64Array.from({ length: 70000 }, (_, i) => (i < 60000 ? 1 - 1e-3 * random() : 0.4 * random())),
    ],
  ];
  for (const [name, data] of cases) {
    for (const smooth of [0, 1]) {
      it(`chooses the same τ and value on ${name} (smooth ${smooth})`, () => {
        const sol = solve(
          { data, shape: [1, 1, data.length] },
          { solver: 'ba', smooth, outputMode: 'multilabel', pruningProb: 0 },
        );
        const scan = { mean: 0, variance: 0, thirdCentral: 0, max: 0, halfCount: 0, halfSum: 0 };
        scanMoments(data, 0, data.length, scan);
        const figures = { sum: scan.mean, max: scan.max, halfCount: scan.halfCount, halfSum: scan.halfSum };
        const ranking = new SliceRanking();
        const problem = prepareRankDice(
          data,
          0,
          data.length,
          figures,
          smooth,
          1e-4,
          ranking,
          new RankDiceWorkspace(),
        );
        const ranked = solveBa(problem, smooth, ranking, new Correlator(), new BaWorkspace());
        expect(sol.volume[0]).toBe(ranked.top.volume);
        expect(Math.abs(sol.expected[0]! - ranked.expected)).toBeLessThanOrEqual(1e-12 * ranked.expected);
        expect(Array.from(sol.mask.data)).toEqual(Array.from(topMask(data, ranked.top.volume)));
      });
    }
  }
});
