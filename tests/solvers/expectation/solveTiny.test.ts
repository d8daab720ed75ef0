import { describe, expect, it } from 'vitest';
import { ExactWorkspace } from '../../../src/solvers/expectation/ExactWorkspace';
import { solveSlice } from '../../../src/solvers/expectation/solveSlice';
import { randomProbs } from '../../helpers/expectationOracle';
import { seededRandom } from '../../helpers/random';

describe('the exact solver on short slices (the O(d²) programme)', () => {
  it('agrees with the general route on every slice of d ≤ 32 pixels', () => {
    const random = seededRandom(53);
    const ws = new ExactWorkspace();
    let n = 0;
    for (let trial = 0; trial < 200; trial++) {
      const d = 1 + Math.floor(random() * 32);
      const regime = (['extreme', 'half', 'uniform', 'mixed', 'ties'] as const)[trial % 5]!;
      const p = randomProbs(random, d, regime);
      for (const metric of ['dice', 'iou'] as const) {
        for (const smooth of [0, 0.5]) {
          const tiny = solveSlice(ws, p, 0, d, metric, smooth);
          const general = solveSlice(ws, p, 0, d, metric, smooth, 0);
          expect(tiny.path).toBe('programme');
          expect(general.path).not.toBe('programme');
          expect(Math.abs(tiny.expected - general.expected)).toBeLessThanOrEqual(
            1e-12 * Math.max(1e-300, general.expected),
          );
          n++;
        }
      }
    }
    expect(n).toBe(800);
  });
});
