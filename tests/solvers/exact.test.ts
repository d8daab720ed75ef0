import { describe, expect, it } from 'vitest';
import { expectedScore, rankseg, solve } from '../../src/index';
import { loadFixtures } from '../helpers/fixtures';
import { resolveReference } from '../helpers/oracle';
import { realisticProbs, seededRandom } from '../helpers/random';

/** E[Dice] or E[IoU] of a mask by enumerating every label outcome (d ≤ 12). */
function enumerated(p: number[], mask: number[], metric: 'dice' | 'iou', smooth: number): number {
  let total = 0;
  for (let y = 0; y < 1 << p.length; y++) {
    let prob = 1;
    let inter = 0;
    let labels = 0;
    let selected = 0;
    for (let i = 0; i < p.length; i++) {
      const yi = (y >> i) & 1;
      prob *= yi ? p[i]! : 1 - p[i]!;
      labels += yi;
      selected += mask[i]!;
      inter += yi & mask[i]!;
    }
    const num = metric === 'dice' ? 2 * inter + smooth : inter + smooth;
    const den = metric === 'dice' ? selected + labels + smooth : selected + labels - inter + smooth;
    total += prob * (den === 0 ? 0 : num / den);
  }
  return total;
}

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
            best = Math.max(best, enumerated(p, mask, metric, smooth));
          }
          expect(sol.expected[0]).toBeCloseTo(best, 12);
          expect(enumerated(p, Array.from(sol.mask.data), metric, smooth)).toBeCloseTo(best, 12);
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

describe('expectedScore', () => {
  const shape = [1, 3, 8, 8];
  const data = realisticProbs(2, 1, 3, [8, 8], { cell: 3 });

  it('scores a label map as the one-hot masks of its labels, with void labels selecting nothing', () => {
    const labels = rankseg({ data, shape }, { unassignedPolicy: 'void', pruningProb: 0.9 });
    const oneHot = new Uint8Array(3 * 64);
    for (let i = 0; i < 64; i++) if (labels.data[i]! < 3) oneHot[labels.data[i]! * 64 + i] = 1;
    expect(Array.from(expectedScore({ data, shape }, labels))).toEqual(
      Array.from(expectedScore({ data, shape }, { data: oneHot, shape })),
    );
  });

  it('equals the enumerated expectation of a random mask', () => {
    const random = seededRandom(4);
    const p = Array.from({ length: 10 }, random);
    const mask = p.map(() => (random() < 0.5 ? 1 : 0));
    for (const metric of ['dice', 'iou'] as const) {
      for (const smooth of [0, 1]) {
        const value = expectedScore(
          { data: p, shape: [1, 1, 10] },
          { data: mask, shape: [1, 1, 10] },
          { metric, smooth },
        );
        expect(value[0]).toBeCloseTo(enumerated(p, mask, metric, smooth), 12);
      }
    }
  });

  it('rejects masks of the wrong shape, values or kind, and bad options', () => {
    expect(() => expectedScore({ data, shape }, { data: new Uint8Array(10), shape: [1, 10] })).toThrow(
      /mask shape \[1, 10\] matches neither labels \[1, 8, 8\] nor masks \[1, 3, 8, 8\]/,
    );
    expect(() => expectedScore({ data, shape }, { data: new Uint8Array(3 * 64).fill(2), shape })).toThrow(
      /mask\.data\[0\] is 2; masks hold 0 or 1/,
    );
    expect(() =>
      expectedScore({ data, shape }, { data: new Float32Array(64).fill(0.5), shape: [1, 8, 8] }),
    ).toThrow(/labels must be integers >= 0/);
    expect(() => expectedScore({ data, shape }, null as never)).toThrow(TypeError);
    expect(() =>
      expectedScore({ data, shape }, { data: new Uint8Array(64), shape: [1, 8, 8] }, { metric: 'acc' }),
    ).toThrow(/unknown metric "acc" for expectedScore; valid: dice, iou/);
    expect(() =>
      expectedScore({ data, shape }, { data: new Uint8Array(64), shape: [1, 8, 8] }, { smooth: -2 }),
    ).toThrow(RangeError);
  });
});
