import { describe, expect, it } from 'vitest';
import { diceScore, iouScore, SegmentationMeter } from '../../src/metrics/index';

const arr = (x: Float64Array) => Array.from(x);

// Image 1 (3×3, 3 classes):
//   pred      target
//   0 0 1     0 0 0
//   0 1 1     0 1 1
//   2 2 1     2 1 1
// flat indices 0..8 row by row.
// class 0: A = {0,1,3}, B = {0,1,2,3}: |A∩B| = 3, |A| = 3, |B| = 4 → Dice 6/7, IoU 3/4
// class 1: A = {2,4,5,8}, B = {4,5,7,8}: |A∩B| = 3, |A| = 4, |B| = 4 → Dice 6/8, IoU 3/5
// class 2: A = {6,7}, B = {6}: |A∩B| = 1, |A| = 2, |B| = 1 → Dice 2/3, IoU 1/2
const P1 = [0, 0, 1, 0, 1, 1, 2, 2, 1];
const T1 = [0, 0, 0, 0, 1, 1, 2, 1, 1];

// Image 2 (3×3): class 2 absent from both.
//   pred      target
//   0 0 0     0 0 1
//   1 1 1     1 1 1
//   0 0 0     0 0 0
// class 0: A = {0,1,2,6,7,8}, B = {0,1,6,7,8}: I = 5, |A| = 6, |B| = 5 → Dice 10/11, IoU 5/6
// class 1: A = {3,4,5}, B = {2,3,4,5}: I = 3, |A| = 3, |B| = 4 → Dice 6/7, IoU 3/4
// class 2: empty in both → NaN (0/0)
const P2 = [0, 0, 0, 1, 1, 1, 0, 0, 0];
const T2 = [0, 0, 1, 1, 1, 1, 0, 0, 0];

describe('diceScore and iouScore on hand-worked label maps', () => {
  it('score a 3×3 image per class as worked out by hand', () => {
    const pred = { data: new Uint8Array(P1), shape: [1, 3, 3] };
    const target = { data: new Uint8Array(T1), shape: [1, 3, 3] };
    const d = diceScore(pred, target, { numClasses: 3 });
    expect(arr(d.perImage)).toEqual([6 / 7, 6 / 8, 2 / 3]);
    expect(d.mean).toBeCloseTo((6 / 7 + 6 / 8 + 2 / 3) / 3, 15);
    expect(d.shape).toEqual([1, 3]);
    const j = iouScore(pred, target, { numClasses: 3 });
    expect(arr(j.perImage)).toEqual([3 / 4, 3 / 5, 1 / 2]);
    expect(j.mean).toBeCloseTo((3 / 4 + 3 / 5 + 1 / 2) / 3, 15);
  });

  it('give NaN to a class absent from both masks and skip it in the per-class and overall means', () => {
    const pred = { data: [...P1, ...P2], shape: [2, 3, 3] };
    const target = { data: [...T1, ...T2], shape: [2, 3, 3] };
    const d = diceScore(pred, target, { numClasses: 3 });
    expect(arr(d.perImage)).toEqual([6 / 7, 6 / 8, 2 / 3, 10 / 11, 6 / 7, Number.NaN]);
    // perClass: class 0 mean(6/7, 10/11), class 1 mean(6/8, 6/7), class 2 only image 1 → 2/3
    expect(d.perClass[0]).toBeCloseTo((6 / 7 + 10 / 11) / 2, 15);
    expect(d.perClass[1]).toBeCloseTo((6 / 8 + 6 / 7) / 2, 15);
    expect(d.perClass[2]).toBe(2 / 3);
    expect(d.mean).toBeCloseTo((d.perClass[0]! + d.perClass[1]! + d.perClass[2]!) / 3, 15);
    const j = iouScore(pred, target, { numClasses: 3 });
    expect(arr(j.perImage)).toEqual([3 / 4, 3 / 5, 1 / 2, 5 / 6, 3 / 4, Number.NaN]);
  });

  it('add smooth to numerator and denominator, making an absent class score 1', () => {
    const pred = { data: P2, shape: [1, 3, 3] };
    const target = { data: T2, shape: [1, 3, 3] };
    // s = 1: class 0 Dice (10+1)/(11+1), IoU (5+1)/(6+1); class 2 (0+1)/(0+1) = 1
    const d = diceScore(pred, target, { numClasses: 3, smooth: 1 });
    expect(arr(d.perImage)).toEqual([11 / 12, 7 / 8, 1]);
    const j = iouScore(pred, target, { numClasses: 3, smooth: 1 });
    expect(arr(j.perImage)).toEqual([6 / 7, 4 / 5, 1]);
  });

  it('return NaN for a class predicted nowhere and absent everywhere, and mean NaN when all are NaN', () => {
    // numClasses 3 but only class 0 anywhere; with includeBackground false everything is NaN.
    const r = iouScore({ data: [0, 0], shape: [1, 2] }, { data: [0, 0], shape: [1, 2] }, { numClasses: 3 });
    expect(arr(r.perImage)).toEqual([1, Number.NaN, Number.NaN]);
    expect(r.mean).toBe(1);
    const nb = iouScore(
      { data: [0, 0], shape: [1, 2] },
      { data: [0, 0], shape: [1, 2] },
      { numClasses: 3, includeBackground: false },
    );
    expect(arr(nb.perClass)).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(nb.mean).toBeNaN();
  });

  it('score 0, not NaN, for a class present on one side only', () => {
    const r = diceScore({ data: [1, 1], shape: [1, 2] }, { data: [0, 0], shape: [1, 2] }, { numClasses: 2 });
    expect(arr(r.perImage)).toEqual([0, 0]);
  });

  it('leave class 0 out of the means with includeBackground: false, keeping index c for class c', () => {
    const d = diceScore(
      { data: P1, shape: [1, 3, 3] },
      { data: T1, shape: [1, 3, 3] },
      {
        numClasses: 3,
        includeBackground: false,
      },
    );
    expect(arr(d.perImage)).toEqual([Number.NaN, 6 / 8, 2 / 3]);
    expect(d.mean).toBeCloseTo((6 / 8 + 2 / 3) / 2, 15);
  });
});

describe('ignoreIndex and labels that mean "no class"', () => {
  // pred      target (255 = ignore)
  // 0 1 255   0 1 1
  // 1 1 2     255 1 0
  // 7 0 0     0 255 0
  // Ignored pixels 3 and 7 (pred 1 and 0 there) count nowhere.
  // Pixel 2: pred 255 (void) → predicted as no class; target 1 → a miss for class 1.
  // Pixel 6: pred 7 (≥ C) → no class; target 0 → a miss for class 0.
  // class 0: A = {0,8} (pixel 7 is ignored), B = {0,5,6,8}: I = 2, |A| = 2, |B| = 4 → Dice 4/6, IoU 2/4
  // class 1: A = {1,4} (pixel 3 is ignored), B = {1,2,4}: I = 2, |A| = 2, |B| = 3 → Dice 4/5, IoU 2/3
  // class 2: A = {5}, B = {}: I = 0 → Dice 0, IoU 0
  const pred = { data: new Int32Array([0, 1, 255, 1, 1, 2, 7, 0, 0]), shape: [1, 3, 3] };
  const target = { data: new Int32Array([0, 1, 1, 255, 1, 0, 0, 255, 0]), shape: [1, 3, 3] };

  it('skip target pixels equal to ignoreIndex and treat labels >= C or void as predicted nowhere', () => {
    const d = diceScore(pred, target, { numClasses: 3, ignoreIndex: 255 });
    expect(arr(d.perImage)).toEqual([4 / 6, 4 / 5, 0]);
    const j = iouScore(pred, target, { numClasses: 3, ignoreIndex: 255 });
    expect(arr(j.perImage)).toEqual([2 / 4, 2 / 3, 0]);
  });

  it('count 7 pixels and 4 correct ones (0, 1, 4, 8) for pixel accuracy', () => {
    const m = new SegmentationMeter({ numClasses: 3, ignoreIndex: 255 }).update(pred, target);
    const t = m.totals();
    expect(t.pixels).toBe(7);
    expect(t.correct).toBe(4);
    expect(m.pixelAccuracy()).toBe(4 / 7);
  });

  it('accept a negative ignoreIndex in the target and as a prediction label', () => {
    // pred [-1, 0], target [0, -1]: pixel 1 ignored; pixel 0 predicted as no class, target 0.
    const r = iouScore(
      { data: [-1, 0], shape: [1, 2] },
      { data: [0, -1], shape: [1, 2] },
      {
        numClasses: 1,
        ignoreIndex: -1,
      },
    );
    expect(arr(r.perImage)).toEqual([0]);
  });
});

describe('multilabel masks and mixed forms', () => {
  // Masks [1, 2, 3, 3]:
  //   pred c0   target c0   pred c1   target c1
  //   1 1 0     1 0 0       0 0 0     0 0 0
  //   1 1 0     1 1 0       0 1 1     0 1 1
  //   0 0 0     0 0 0       0 1 1     1 1 0
  // c0: |A| = 4, |B| = 3, I = 3 → Dice 6/7, IoU 3/4
  // c1: |A| = 4, |B| = 4, I = 3 → Dice 6/8, IoU 3/5
  // pixels where both channels agree: (0,0), (1,0), (1,1), (1,2), (2,1), (2,2)? check:
  //   (0,1): c0 1 vs 0 → wrong; (2,0): c1 0 vs 1 → wrong; (2,2): c1 1 vs 0 → wrong.
  //   the other 6 agree → accuracy 6/9.
  const pred = {
    data: new Uint8Array([1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1]),
    shape: [1, 2, 3, 3],
  };
  const target = {
    data: new Uint8Array([1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0]),
    shape: [1, 2, 3, 3],
  };

  it('read two equal-rank tensors without numClasses as 0/1 masks', () => {
    expect(arr(diceScore(pred, target).perImage)).toEqual([6 / 7, 6 / 8]);
    expect(arr(iouScore(pred, target).perImage)).toEqual([3 / 4, 3 / 5]);
    expect(arr(iouScore(pred, target, { input: 'masks', numClasses: 2 }).perImage)).toEqual([3 / 4, 3 / 5]);
    expect(new SegmentationMeter().update(pred, target).pixelAccuracy()).toBe(6 / 9);
  });

  it('read a label map against one-hot masks (ranks differ by one) like the two label maps', () => {
    const oneHot = (labels: number[], C: number) => {
      const out = new Uint8Array(C * labels.length);
      labels.forEach((l, i) => {
        if (l >= 0 && l < C) out[l * labels.length + i] = 1;
      });
      return out;
    };
    const labels = diceScore(
      { data: P1, shape: [1, 3, 3] },
      { data: T1, shape: [1, 3, 3] },
      { numClasses: 3 },
    );
    const lm = diceScore({ data: P1, shape: [1, 3, 3] }, { data: oneHot(T1, 3), shape: [1, 3, 3, 3] });
    const ml = diceScore({ data: oneHot(P1, 3), shape: [1, 3, 3, 3] }, { data: T1, shape: [1, 3, 3] });
    expect(arr(lm.perImage)).toEqual(arr(labels.perImage));
    expect(arr(ml.perImage)).toEqual(arr(labels.perImage));
    // Pixel accuracy agrees across forms too: pixels 0,1,3,4,5,6,8 match → 7/9.
    const acc = (p: object, t: object, o = {}) =>
      new SegmentationMeter(o).update(p as never, t as never).pixelAccuracy();
    expect(acc({ data: P1, shape: [1, 3, 3] }, { data: T1, shape: [1, 3, 3] }, { numClasses: 3 })).toBe(
      7 / 9,
    );
    expect(acc({ data: P1, shape: [1, 3, 3] }, { data: oneHot(T1, 3), shape: [1, 3, 3, 3] })).toBe(7 / 9);
    expect(acc({ data: oneHot(P1, 3), shape: [1, 3, 3, 3] }, { data: T1, shape: [1, 3, 3] })).toBe(7 / 9);
  });

  it('apply ignoreIndex of a target label map to prediction masks too', () => {
    // pred masks C=2, 3 pixels: c0 [1,0,1], c1 [0,1,1]; target labels [0, 255, 1]
    // pixel 1 ignored. c0: A = {0,2}, B = {0}: I = 1 → IoU 1/2; c1: A = {2}, B = {2} → 1
    const r = iouScore(
      { data: [1, 0, 1, 0, 1, 1], shape: [1, 2, 3] },
      { data: [0, 255, 1], shape: [1, 3] },
      {
        ignoreIndex: 255,
      },
    );
    expect(arr(r.perImage)).toEqual([1 / 2, 1]);
  });

  it('accept onnxruntime-style tensors with dims instead of shape', () => {
    const r = iouScore({ data: P1, dims: [1, 3, 3] }, { data: T1, dims: [1, 3, 3] }, { numClasses: 3 });
    expect(arr(r.perImage)).toEqual([3 / 4, 3 / 5, 1 / 2]);
  });
});
