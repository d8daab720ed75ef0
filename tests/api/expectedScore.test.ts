import { describe, expect, it } from 'vitest';
import { expectedScore, rankseg } from '../../src/index';
import { enumeratedScore } from '../helpers/oracle';
import { realisticProbs, seededRandom } from '../helpers/random';

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
        expect(value[0]).toBeCloseTo(enumeratedScore(p, mask, metric, smooth), 12);
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

  it('rejects unknown option names, listing the valid ones (a typo is never ignored)', () => {
    const mask = { data: new Uint8Array(64), shape: [1, 8, 8] };
    expect(() => expectedScore({ data, shape }, mask, { smoth: 1 } as never)).toThrow(
      /^expectedScore: unknown option "smoth"; valid options: metric, smooth, activation, layout$/,
    );
    expect(() => expectedScore({ data, shape }, mask, { solver: 'exact' } as never)).toThrow(RangeError);
    expect(() => expectedScore({ data, shape }, mask, { smooth: undefined })).not.toThrow();
  });
});
