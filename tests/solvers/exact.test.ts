import { describe, expect, it } from 'vitest';
import { expectedScore, rankseg, solve } from '../../src/index';
import { loadFixtures } from '../helpers/fixtures';
import { enumeratedScore, resolveReference } from '../helpers/oracle';
import { realisticProbs, seededRandom } from '../helpers/random';

describe('the exact solver through the public API', () => {
  it('returns the best of all 2^d masks, scored by enumeration, for small random slices', () => {
    const random = seededRandom(17);
    for (let trial = 0; trial < 40; trial++) {
      const d = 2 + (trial % 8);
      const p = Array.from({ length: d }, () => (trial % 3 === 0 ? random() ** 3 : random()));
      for (const metric of ['dice', 'iou'] as const) {
        for (const smooth of [0, 0.5]) {
          const sol = solve(
            { data: p, shape: [1, 1, d] },
            { solver: 'exact', metric, smooth, outputMode: 'multilabel', pruningProb: 0 },
          );
          let best = Number.NEGATIVE_INFINITY;
          for (let m = 0; m < 1 << d; m++) {
            const mask = Array.from({ length: d }, (_, i) => (m >> i) & 1);
            best = Math.max(best, enumeratedScore(p, mask, metric, smooth));
          }
          expect(sol.expected[0]).toBeCloseTo(best, 12);
          expect(enumeratedScore(p, Array.from(sol.mask.data), metric, smooth)).toBeCloseTo(best, 12);
        }
      }
    }
  });

  it('reports as expected the exact score of its own mask, and beats RMA, BA and argmax', () => {
    const shape = [2, 4, 48, 64];
    const data = loadFixtures().cases.find((c) => c.name.startsWith('blobs'))!.data;
    for (const metric of ['dice', 'iou'] as const) {
      const exact = solve({ data, shape }, { solver: 'exact', metric, outputMode: 'multilabel' });
      const mine = expectedScore({ data, shape }, exact.mask, { metric });
      for (let k = 0; k < 8; k++) expect(mine[k]).toBeCloseTo(exact.expected[k]!, 12);
      const others = [
        rankseg({ data, shape }, { metric, outputMode: 'multilabel' }),
        rankseg({ data, shape }, { metric: 'acc', outputMode: 'multilabel' }),
        ...(metric === 'dice' ? [rankseg({ data, shape }, { solver: 'ba', outputMode: 'multilabel' })] : []),
      ];
      for (const other of others) {
        const score = expectedScore({ data, shape }, other, { metric });
        for (let k = 0; k < 8; k++) expect(score[k]!).toBeLessThanOrEqual(exact.expected[k]! + 1e-12);
      }
    }
  });

  it('goes through the overlap resolution of DESIGN §3.5 in multiclass output', () => {
    const shape = [1, 3, 30, 30];
    const data = realisticProbs(31, 1, 3, [30, 30], { cell: 6 });
    for (const metric of ['dice', 'iou'] as const) {
      const labels = rankseg({ data, shape }, { solver: 'exact', metric }).data;
      const masks = rankseg({ data, shape }, { solver: 'exact', metric, outputMode: 'multilabel' }).data;
      const probs = [0, 1, 2].map((c) => data.subarray(c * 900, (c + 1) * 900));
      const perClass = [0, 1, 2].map((c) => masks.slice(c * 900, (c + 1) * 900));
      const active = probs.map((p) => Math.max(...p) > 0.5);
      expect(Array.from(labels)).toEqual(
        resolveReference(probs, perClass, active, metric, 0, 'max_score', 255),
      );
    }
  });
});
