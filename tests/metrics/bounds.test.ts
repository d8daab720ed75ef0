import { describe, expect, it } from 'vitest';
import { diceScore, iouScore, SegmentationMeter } from '../../src/metrics/index';
import { MAX_NUM_CLASSES, MAX_SCORE_ENTRIES } from '../../src/metrics/validate';

const four = { data: new Uint8Array([0, 1, 1, 0]), shape: [1, 4] };

describe('numClasses is bounded before anything is allocated', () => {
  it('diceScore and iouScore refuse numClasses above 65,536 with a RangeError naming it (and return at once)', () => {
    for (const score of [diceScore, iouScore]) {
      const t0 = performance.now();
      expect(() => score(four, four, { numClasses: 1e9 })).toThrow(
        /options\.numClasses must be at most 65536 \(2\^16\), got 1000000000/,
      );
      expect(() => score(four, four, { numClasses: MAX_NUM_CLASSES + 1 })).toThrow(RangeError);
      expect(performance.now() - t0).toBeLessThan(1000); // generous: it allocates nothing
    }
  });

  it('new SegmentationMeter({ numClasses: 1e8 }) is a RangeError, 65,536 classes is fine', () => {
    expect(() => new SegmentationMeter({ numClasses: 1e8 })).toThrow(
      /options\.numClasses must be at most 65536/,
    );
    const meter = new SegmentationMeter({ numClasses: MAX_NUM_CLASSES });
    meter.update(four, four);
    expect(meter.iou().perClass.length).toBe(MAX_NUM_CLASSES);
    expect(meter.iou().perClass[1]).toBe(1);
  });

  it('the largest numClasses scores classes absent from both maps as NaN, like any other', () => {
    const r = diceScore(four, four, { numClasses: MAX_NUM_CLASSES });
    expect(r.perImage.length).toBe(MAX_NUM_CLASSES);
    expect([r.perClass[0], r.perClass[1]]).toEqual([1, 1]);
    expect(Number.isNaN(r.perClass[2]!)).toBe(true);
    expect(r.mean).toBe(1);
  });

  it('two label maps whose B · numClasses exceeds 2^24 (image, class) scores are refused, naming both', () => {
    const B = MAX_SCORE_ENTRIES / 4096 + 1; // 4097 one-pixel images
    const maps = { data: new Uint8Array(B), shape: [B, 1] };
    expect(() => diceScore(maps, maps, { numClasses: 4096 })).toThrow(
      /options\.numClasses \(4096\) × 4097 images = 16781312 \(image, class\) scores, more than 16777216 per call/,
    );
    expect(() => new SegmentationMeter({ numClasses: 4096 }).update(maps, maps)).toThrow(RangeError);
    // masks carry their own class count: the bound does not apply to them
    const masks = { data: new Uint8Array(2 * 3 * 1), shape: [2, 3, 1] };
    expect(diceScore(masks, masks).shape).toEqual([2, 3]);
  });
});
