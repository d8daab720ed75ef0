import { describe, expect, it } from 'vitest';
import { diceScore, iouScore, SegmentationMeter } from '../../src/metrics/index';

// The @example blocks of the exported TSDoc, run as written, with the values their comments state.
describe('documented examples', () => {
  it('diceScore example gives perClass [6/7, 6/8, 2/3] and mean 0.7579365079365079', () => {
    const pred = { data: new Uint8Array([0, 0, 1, 0, 1, 1, 2, 2, 1]), shape: [1, 3, 3] };
    const target = { data: new Uint8Array([0, 0, 0, 0, 1, 1, 2, 1, 1]), shape: [1, 3, 3] };
    const r = diceScore(pred, target, { numClasses: 3 });
    expect(Array.from(r.perClass)).toEqual([6 / 7, 0.75, 2 / 3]);
    expect(r.mean).toBe(0.7579365079365079);
  });

  it('iouScore example gives [0.5, NaN], mean 0.5, and [2/3, 1] with smooth 1', () => {
    const pred = { data: [1, 1, 0, 0, 0, 0], shape: [1, 2, 3] };
    const target = { data: [1, 0, 0, 0, 0, 0], shape: [1, 2, 3] };
    const r = iouScore(pred, target);
    expect(Array.from(r.perImage)).toEqual([0.5, Number.NaN]);
    expect(r.mean).toBe(0.5);
    expect(Array.from(iouScore(pred, target, { smooth: 1 }).perImage)).toEqual([2 / 3, 1]);
  });

  it('SegmentationMeter examples give IoU [0.5, 0.75], mean 0.625, accuracy 0.8, Dice 2/3', () => {
    const meter = new SegmentationMeter({ numClasses: 2, ignoreIndex: 255 });
    meter.update({ data: [0, 1, 1, 0], shape: [1, 4] }, { data: [0, 1, 0, 255], shape: [1, 4] });
    meter.update({ data: [1, 1], shape: [1, 2] }, { data: [1, 1], shape: [1, 2] });
    expect(meter.iou()).toEqual({ perClass: new Float64Array([0.5, 0.75]), mean: 0.625 });
    expect(meter.pixelAccuracy()).toBe(0.8);
    const m = new SegmentationMeter();
    m.update({ data: [1, 0], shape: [1, 1, 2] }, { data: [1, 1], shape: [1, 1, 2] });
    expect(m.dice().mean).toBe(2 / 3);
  });
});
