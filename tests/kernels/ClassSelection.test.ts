import { describe, expect, it } from 'vitest';
import { ClassSelection, markSelection, nextUp } from '../../src/kernels/ClassSelection';

describe('ClassSelection', () => {
  it('takes the first ties at the threshold in index order, then the threshold rule agrees', () => {
    const data = new Float32Array([0.5, 0.9, 0.5, 0.2, 0.5, 0.5]);
    const sel = new ClassSelection();
    sel.setTies(0.5, 1, 3, 0); // 0.9, then two of the four 0.5s
    const out = new Uint8Array(6);
    markSelection(data, 0, 6, sel, out, 0);
    sel.close(6);
    expect(Array.from(out)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(sel.threshold).toBe(0.5);
    expect(sel.lastTie).toBe(2);
    expect(sel.cutoff).toBe(0.5);
  });

  it('nextUp(v) is the next float64: p ≥ nextUp(v) exactly when p > v', () => {
    for (const v of [0, 0.5, Math.fround(0.3), 1 - 2 ** -53, 1e-300]) {
      const up = nextUp(v);
      expect(up).toBeGreaterThan(v);
      expect((v + up) / 2 === v || (v + up) / 2 === up).toBe(true);
    }
  });
});
