import { describe, expect, it } from 'vitest';
import { countPair } from '../../../src/cli/evaluate/pairCounts';
import { diceScore, iouScore, SegmentationMeter } from '../../../src/index';
import { seededRandom } from '../../helpers/random';

describe('countPair: one pass gives what diceScore, iouScore and SegmentationMeter give', () => {
  it('hand-worked: two images, three classes, an ignored pixel', () => {
    // image 0: pred 0 1 1 2, target 0 1 0 255 → c0: I1 P1 T2; c1: I1 P2 T1; c2: I0 P0 T0 (pixel ignored)
    // image 1: pred 2 2 0 0, target 2 1 0 1   → c0: I1 P2 T1; c1: I0 P0 T2; c2: I1 P2 T1
    const pred = { data: [0, 1, 1, 2, 2, 2, 0, 0], shape: [2, 4] };
    const target = { data: [0, 1, 0, 255, 2, 1, 0, 1], shape: [2, 4] };
    const counts = countPair(pred, target, { numClasses: 3, ignoreIndex: 255 });
    expect(Array.from(counts.intersection)).toEqual([2, 1, 1]);
    expect(Array.from(counts.predicted)).toEqual([3, 2, 2]);
    expect(Array.from(counts.target)).toEqual([3, 3, 1]);
    expect([counts.pixels, counts.correct, counts.images, counts.classes]).toEqual([7, 4, 2, 3]);
    expect(Array.from(counts.dice)).toEqual([2 / 3, 2 / 3, Number.NaN, 2 / 3, 0, 2 / 3]);
    expect(Array.from(counts.iou)).toEqual([1 / 2, 1 / 2, Number.NaN, 1 / 2, 0, 1 / 2]);
  });

  it.each([
    ['label maps', false],
    ['0/1 masks', true],
  ])('random %s: per-image scores and totals equal the library’s bit for bit', (_, masks) => {
    const random = seededRandom(masks ? 5 : 4);
    for (let trial = 0; trial < 20; trial++) {
      const B = 1 + Math.floor(random() * 3);
      const C = 1 + Math.floor(random() * 5);
      const N = 1 + Math.floor(random() * 40);
      const draw = (n: number, k: number) => Array.from({ length: n }, () => Math.floor(random() * k));
      const shape = masks ? [B, C, N] : [B, N];
      const size = masks ? B * C * N : B * N;
      const pred = { data: draw(size, masks ? 2 : C), shape };
      const target = { data: draw(size, masks ? 2 : C), shape };
      const options = masks ? { input: 'masks' as const } : { numClasses: C };
      const counts = countPair(pred, target, options);
      expect(counts.dice).toEqual(diceScore(pred, target, options).perImage);
      expect(counts.iou).toEqual(iouScore(pred, target, options).perImage);
      const totals = new SegmentationMeter(options).update(pred, target).totals();
      expect(counts.intersection).toEqual(totals.intersection);
      expect(counts.predicted).toEqual(totals.predicted);
      expect(counts.target).toEqual(totals.target);
      expect([counts.pixels, counts.correct, counts.images]).toEqual([
        totals.pixels,
        totals.correct,
        totals.images,
      ]);
    }
  });

  it('refuses what diceScore refuses, with its message', () => {
    const pred = { data: [0, 3], shape: [1, 2] };
    const target = { data: [0, 1], shape: [1, 2] };
    expect(() => countPair(target, pred, { numClasses: 2 })).toThrow(
      /target\.data\[1\] = 3 must be a class label in \[0, 2\)/,
    );
  });
});
