import { describe, expect, it } from 'vitest';
import {
  ClassSelection,
  listSelected,
  markSelection,
  nextUp,
  passSelection,
  settleHull,
  WHOLE_SLICE,
} from '../../src/kernels/ClassSelection';

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

describe('passSelection, settleHull and listSelected', () => {
  it('a pass without output leaves the rule, cutoff and volume a marking pass gives; the rule lists the marked pixels', () => {
    const data = new Float32Array([0.5, 0.9, 0.5, 0.2, 0.5, 0.7]);
    const marked = new Uint8Array(6);
    const a = new ClassSelection();
    a.setTies(0.5, 2, 4, 0.8); // 0.9, 0.7 and the first two ties (indices 0, 2)
    markSelection(data, 0, 6, a, marked, 0);
    a.close(6);
    const b = new ClassSelection();
    b.setTies(0.5, 2, 4, 0.8);
    passSelection(data, 0, 6, b);
    settleHull(b);
    b.close(6);
    expect([b.threshold, b.lastTie, b.cutoff, b.volume]).toEqual([
      a.threshold,
      a.lastTie,
      a.cutoff,
      a.volume,
    ]);
    expect([b.threshold, b.lastTie, b.volume]).toEqual([0.5, 2, 4]);
    const list = new Int32Array(b.volume);
    expect(listSelected(data, 0, 6, b.threshold, b.lastTie, WHOLE_SLICE, list)).toBe(4);
    expect(Array.from(list)).toEqual([0, 1, 2, 5]);
    expect(Array.from(marked)).toEqual([1, 1, 1, 0, 0, 1]);
    // Over a listed scope only the listed pixels are visited.
    const scope = { indices: new Int32Array([1, 2, 4]), count: 3 };
    expect(listSelected(data, 0, 6, b.threshold, b.lastTie, scope, list)).toBe(2);
    expect(Array.from(list.subarray(0, 2))).toEqual([1, 2]);
  });
});
