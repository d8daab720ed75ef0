import { describe, expect, it } from 'vitest';
import { rankseg, solve } from '../../src/index';
import { resolveReference, topMask } from '../helpers/oracle';
import { realisticProbs } from '../helpers/random';

function maxOf(p: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < p.length; i++) m = Math.max(m, p[i]!);
  return m;
}

describe('the exact solver through the API (its index lists)', () => {
  it('gives, through the API, the masks of its per-class choices (multilabel and multiclass)', () => {
    const data = realisticProbs(59, 1, 3, [200, 200], { cell: 25 });
    const pixels = 40000;
    const multilabel = solve(
      { data, shape: [1, 3, 200, 200] },
      { solver: 'exact', outputMode: 'multilabel' },
    );
    const probs = [0, 1, 2].map((c) => data.subarray(c * pixels, (c + 1) * pixels));
    const masks = probs.map((p, c) => topMask(p, multilabel.volume[c]!));
    for (let c = 0; c < 3; c++) {
      expect(Array.from(multilabel.mask.data.subarray(c * pixels, (c + 1) * pixels))).toEqual(
        Array.from(masks[c]!),
      );
    }
    const labels = rankseg({ data, shape: [1, 3, 200, 200] }, { solver: 'exact' }).data;
    const active = probs.map((p) => maxOf(p) > 0.5);
    expect(Array.from(labels)).toEqual(resolveReference(probs, masks, active, 'dice', 0, 'max_score', 255));
  });
});
