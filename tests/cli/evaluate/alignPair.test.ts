import { describe, expect, it } from 'vitest';
import type { LabelInput } from '../../../src/cli/common/readLabels';
import { alignPair } from '../../../src/cli/evaluate/alignPair';

const input = (values: number[], shape: number[], kind: LabelInput['kind'] = 'unknown'): LabelInput => ({
  data: Uint8Array.from(values),
  shape,
  kind,
});
const auto = { input: 'auto' as const };

describe('alignPair', () => {
  it("predict's (1, 1, H, W) one-class mask against an (H, W) 0/1 target: both one-class masks", () => {
    const pair = alignPair(input([1, 0, 1, 1], [1, 1, 2, 2]), input([1, 0, 0, 1], [1, 2, 2]), auto);
    expect(pair.pred.shape).toEqual([1, 1, 2, 2]);
    expect(pair.target.shape).toEqual([1, 1, 2, 2]);
    expect(pair.options.input).toBe('masks');
    expect(pair.inferred).toBeUndefined();
  });

  it('equal content behind different singleton axes: both take the shorter shape', () => {
    const pair = alignPair(input([0, 2, 1, 1], [1, 1, 1, 4]), input([0, 2, 1, 0], [1, 4]), auto);
    expect([pair.pred.shape, pair.target.shape]).toEqual([
      [1, 4],
      [1, 4],
    ]);
    expect(pair.inferred).toBe(3);
    expect(pair.options).toEqual({ input: 'labels', numClasses: 3 });
  });

  it('masks (1, C, H, W) against labels (H, W, 1): the classes of one image', () => {
    const pair = alignPair(input(new Array(12).fill(0), [1, 3, 2, 2]), input([0, 1, 2, 0], [2, 2, 1]), auto);
    expect([pair.pred.shape, pair.target.shape]).toEqual([
      [1, 3, 2, 2],
      [1, 2, 2],
    ]);
  });

  it('a black/white PNG against a 0/1 array of the same shape is two masks; other equal shapes are label maps', () => {
    const bw = input([1, 0, 0, 1], [1, 1, 2, 2], 'masks');
    expect(alignPair(input([1, 1, 0, 0], [1, 1, 2, 2]), bw, auto).options.input).toBe('masks');
    const labels = alignPair(input([1, 1, 0, 0], [1, 1, 2, 2]), input([0, 1, 1, 0], [1, 1, 2, 2]), auto);
    expect(labels.options).toEqual({ input: 'labels', numClasses: 2 });
  });

  it('infers max label + 1 over both, --ignore-index aside; --num-classes wins', () => {
    const p = input([0, 3, 1, 1], [1, 4]);
    const t = input([0, 1, 255, 4], [1, 4]);
    expect(alignPair(p, t, { ...auto, ignoreIndex: 255 }).inferred).toBe(5);
    expect(alignPair(p, t, { ...auto, numClasses: 7, ignoreIndex: 255 }).options.numClasses).toBe(7);
  });

  it('a one-class mask against other labels, or shapes that disagree without singletons, are errors', () => {
    expect(() => alignPair(input([1, 0, 1, 1], [1, 1, 2, 2]), input([2, 0, 0, 1], [1, 2, 2]), auto)).toThrow(
      /pred \[1, 1, 2, 2\] is a one-class 0\/1 mask, but target holds labels up to 2/,
    );
    expect(() =>
      alignPair(input([0, 1, 0, 1, 0, 1], [1, 2, 3]), input([0, 1, 0, 1, 0, 1], [1, 3, 2]), auto),
    ).toThrow(/disagree, also with the axes of size 1 left out \(\[2, 3\] and \[3, 2\]\)/);
  });
});
