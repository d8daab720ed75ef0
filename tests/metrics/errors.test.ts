import { describe, expect, it } from 'vitest';
import { diceScore, iouScore, SegmentationMeter } from '../../src/metrics/index';

// biome-ignore lint/suspicious/noExplicitAny: the tests pass values the types forbid on purpose.
type Any = any;
const L = (data: Any, shape: Any = [1, data?.length ?? 0]) => ({ data, shape });
const ok = L([0, 1]);

function expectThrow(fn: () => unknown, type: typeof TypeError | typeof RangeError, message: RegExp) {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  expect((error as Error).constructor).toBe(type);
  expect((error as Error).message).toMatch(message);
}

describe('TypeError for arguments of the wrong kind, naming the parameter', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'pred is null',
      () => diceScore(null as Any, ok, { numClasses: 2 }),
      /^pred must be an object \{ data, shape \}, got null/,
    ],
    [
      'pred is a number',
      () => diceScore(3 as Any, ok, { numClasses: 2 }),
      /^pred must be an object.*got a number/,
    ],
    [
      'target is an array',
      () => iouScore(ok, [0, 1] as Any, { numClasses: 2 }),
      /^target must be an object.*got an array/,
    ],
    [
      'pred is a typed array',
      () => iouScore(new Uint8Array(2) as Any, ok, { numClasses: 2 }),
      /^pred must be an object.*Uint8Array/,
    ],
    [
      'data missing',
      () => diceScore({ shape: [1, 2] } as Any, ok, { numClasses: 2 }),
      /^pred\.data must be a numeric typed array or an array of numbers, got undefined/,
    ],
    [
      'data a string',
      () => diceScore(L('01', [1, 2]), ok, { numClasses: 2 }),
      /^pred\.data must be .*got a string/,
    ],
    [
      'data a DataView',
      () => diceScore(ok, L(new DataView(new ArrayBuffer(2)), [1, 2]), { numClasses: 2 }),
      /^target\.data must be .*DataView/,
    ],
    [
      'data a BigInt64Array',
      () => diceScore(L(new BigInt64Array(2), [1, 2]), ok, { numClasses: 2 }),
      /^pred\.data must hold numbers, got a BigInt64Array/,
    ],
    [
      'shape missing',
      () => diceScore({ data: [0, 1] } as Any, ok, { numClasses: 2 }),
      /^pred\.shape must be an array of dimensions, got undefined/,
    ],
    [
      'shape a string',
      () => diceScore(L([0, 1], '1,2'), ok, { numClasses: 2 }),
      /^pred\.shape must be an array of dimensions, got a string/,
    ],
    [
      'dims holding a string',
      () => diceScore({ data: [0, 1], dims: [1, '2'] } as Any, ok, { numClasses: 2 }),
      /^pred\.dims\[1\] must be a number, got a string \("2"\)/,
    ],
    [
      'a label that is a string',
      () => diceScore(L([0, '1']), ok, { numClasses: 2 }),
      /^pred\.data\[1\] must be a number, got a string \("1"\)/,
    ],
    [
      'a target label that is null',
      () => diceScore(ok, L([null, 1]), { numClasses: 2 }),
      /^target\.data\[0\] must be a number, got null/,
    ],
    [
      'a mask value that is a boolean',
      () => diceScore(L([true, 0], [1, 1, 2]), L([1, 0], [1, 1, 2])),
      /^pred\.data\[0\] must be a number, got a boolean \(true\)/,
    ],
    [
      'options a string',
      () => diceScore(ok, ok, 'dice' as Any),
      /^options must be an object, got a string \("dice"\)/,
    ],
    ['options null', () => diceScore(ok, ok, null as Any), /^options must be an object, got null/],
    [
      'numClasses a string',
      () => diceScore(ok, ok, { numClasses: '2' as Any }),
      /^options\.numClasses must be a number, got a string \("2"\)/,
    ],
    [
      'ignoreIndex a string',
      () => diceScore(ok, ok, { numClasses: 2, ignoreIndex: '255' as Any }),
      /^options\.ignoreIndex must be a number, got a string/,
    ],
    [
      'smooth a string',
      () => diceScore(ok, ok, { numClasses: 2, smooth: '1' as Any }),
      /^options\.smooth must be a number, got a string \("1"\)/,
    ],
    [
      'includeBackground a string',
      () => diceScore(ok, ok, { numClasses: 2, includeBackground: 'no' as Any }),
      /^options\.includeBackground must be a boolean, got a string \("no"\)/,
    ],
    [
      'input a number',
      () => diceScore(ok, ok, { numClasses: 2, input: 1 as Any }),
      /^options\.input must be a string, got a number \(1\)/,
    ],
    [
      'meter options an array',
      () => new SegmentationMeter([] as Any),
      /^options must be an object, got an array/,
    ],
    [
      'meter update with pred undefined',
      () => new SegmentationMeter({ numClasses: 2 }).update(undefined as Any, ok),
      /^pred must be an object/,
    ],
  ];
  for (const [name, fn, message] of cases) {
    it(`throws when ${name}`, () => expectThrow(fn, TypeError, message));
  }
});

describe('RangeError for values out of range, naming the parameter and the value', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'a zero dimension',
      () => diceScore(L([], [1, 0]), L([], [1, 0]), { numClasses: 2 }),
      /^pred\.shape\[1\] must be a positive integer, got 0/,
    ],
    [
      'a fractional dimension',
      () => diceScore(ok, L([0, 1], [1, 2.5]), { numClasses: 2 }),
      /^target\.shape\[1\] must be a positive integer, got 2\.5/,
    ],
    [
      'a negative dimension in dims',
      () => diceScore({ data: [0, 1], dims: [-1, 2] } as Any, ok, { numClasses: 2 }),
      /^pred\.dims\[0\] must be a positive integer, got -1/,
    ],
    [
      'data length different from the shape product',
      () => diceScore(L([0, 1, 1], [1, 2]), ok, { numClasses: 2 }),
      /^pred\.data\.length \(3\) must equal the product of pred\.shape \[1, 2\] \(2\)/,
    ],
    [
      'batch sizes that disagree',
      () => diceScore(L([0, 1], [2, 1]), ok, { numClasses: 2 }),
      /^pred\.shape \[2, 1\] and target\.shape \[1, 2\] disagree \(batch and spatial/,
    ],
    [
      'spatial dims that disagree',
      () => diceScore(L([0, 1, 0, 1], [1, 2, 2]), L([0, 1, 0, 1], [1, 4, 1]), { numClasses: 2 }),
      /^pred\.shape \[1, 2, 2\] and target\.shape \[1, 4, 1\] disagree/,
    ],
    [
      'ranks that differ by two',
      () => diceScore(L([0, 1], [1, 1, 1, 2]), ok, { numClasses: 2 }),
      /^pred\.shape \[1, 1, 1, 2\] and target\.shape \[1, 2\] disagree: ranks must be equal/,
    ],
    [
      'mask stacks with different class dims',
      () => diceScore(L([0, 1], [1, 2, 1]), L([0], [1, 1, 1])),
      /^pred\.shape \[1, 2, 1\] and target\.shape \[1, 1, 1\] disagree/,
    ],
    [
      'mask stacks with different class dims (explicit input)',
      () => diceScore(L([0, 1], [1, 2, 1]), L([0], [1, 1, 1]), { input: 'masks' }),
      /disagree in the class dimension/,
    ],
    [
      'a label map of rank 1',
      () => diceScore(L([0, 1], [2]), L([0, 1], [2]), { numClasses: 2 }),
      /^pred\.shape \[2\] has 1 dimension\(s\); read as a label map \[B, \.\.\.spatial\] it needs at least 2/,
    ],
    [
      'label maps read as masks for lack of numClasses',
      () => diceScore(ok, ok),
      /^pred\.shape \[1, 2\] has 2 dimension\(s\); read as masks .* because options\.numClasses was not given/,
    ],
    [
      'numClasses missing with input labels',
      () => diceScore(ok, ok, { input: 'labels' }),
      /^options\.numClasses is required for label maps, got undefined/,
    ],
    [
      'numClasses 0',
      () => diceScore(ok, ok, { numClasses: 0 }),
      /^options\.numClasses must be a positive integer, got 0/,
    ],
    [
      'numClasses 2.5',
      () => diceScore(ok, ok, { numClasses: 2.5 }),
      /^options\.numClasses must be a positive integer, got 2\.5/,
    ],
    [
      'numClasses NaN',
      () => iouScore(ok, ok, { numClasses: Number.NaN }),
      /^options\.numClasses must be a positive integer, got NaN/,
    ],
    [
      'numClasses different from the mask class dim',
      () => diceScore(ok, L([1, 0, 0, 1], [1, 2, 2]), { numClasses: 3 }),
      /^options\.numClasses \(3\) must equal the class dimension of the masks \(2\)/,
    ],
    [
      'ignoreIndex fractional',
      () => diceScore(ok, ok, { numClasses: 2, ignoreIndex: 0.5 }),
      /^options\.ignoreIndex must be an integer, got 0\.5/,
    ],
    [
      'ignoreIndex inside [0, numClasses)',
      () => diceScore(ok, ok, { numClasses: 2, ignoreIndex: 1 }),
      /^options\.ignoreIndex \(1\) must lie outside the class labels \[0, 2\)/,
    ],
    [
      'ignoreIndex inside [0, C) of the masks',
      () => diceScore(ok, L([1, 0, 0, 1], [1, 2, 2]), { ignoreIndex: 0 }),
      /^options\.ignoreIndex \(0\) must lie outside the class labels \[0, 2\)/,
    ],
    [
      'ignoreIndex with two mask stacks',
      () => diceScore(L([1, 0], [1, 1, 2]), L([1, 0], [1, 1, 2]), { ignoreIndex: 255 }),
      /^options\.ignoreIndex \(255\) needs a label map.*pass options\.numClasses/,
    ],
    [
      'smooth negative',
      () => diceScore(ok, ok, { numClasses: 2, smooth: -1 }),
      /^options\.smooth must be a finite number >= 0, got -1/,
    ],
    [
      'smooth Infinity',
      () => iouScore(ok, ok, { numClasses: 2, smooth: Number.POSITIVE_INFINITY }),
      /^options\.smooth must be a finite number >= 0, got Infinity/,
    ],
    [
      'smooth NaN',
      () => iouScore(ok, ok, { numClasses: 2, smooth: Number.NaN }),
      /^options\.smooth must be a finite number >= 0, got NaN/,
    ],
    [
      'an unknown input form',
      () => diceScore(ok, ok, { numClasses: 2, input: 'onehot' as Any }),
      /^options\.input must be one of "auto", "labels", "masks", got "onehot"/,
    ],
    [
      'a negative prediction label',
      () => diceScore(L([0, -2]), ok, { numClasses: 2, ignoreIndex: -1 }),
      /^pred\.data\[1\] = -2 must be a non-negative integer label/,
    ],
    [
      'a fractional prediction label',
      () => diceScore(L(new Float32Array([0.5, 1])), ok, { numClasses: 2 }),
      /^pred\.data\[0\] = 0\.5 must be a non-negative integer label/,
    ],
    [
      'a NaN prediction label',
      () => diceScore(L([0, Number.NaN]), ok, { numClasses: 2 }),
      /^pred\.data\[1\] = NaN must be a non-negative integer label/,
    ],
    [
      'a target label >= numClasses',
      () => diceScore(ok, L(new Uint8Array([0, 255])), { numClasses: 2 }),
      /^target\.data\[1\] = 255 must be a class label in \[0, 2\) \(to skip such pixels pass options\.ignoreIndex\)/,
    ],
    [
      'a target label that is neither a class nor ignoreIndex',
      () => diceScore(ok, L([7, 1]), { numClasses: 2, ignoreIndex: 255 }),
      /^target\.data\[0\] = 7 must be a class label in \[0, 2\) or equal options\.ignoreIndex \(255\)/,
    ],
    [
      'a negative target label',
      () => iouScore(ok, L(new Int8Array([0, -1])), { numClasses: 2 }),
      /^target\.data\[1\] = -1 must be a class label in \[0, 2\)/,
    ],
    [
      'a prediction mask value of 255',
      () => diceScore(L([255, 0], [1, 1, 2]), L([1, 0], [1, 1, 2])),
      /^pred\.data\[0\] = 255 must be 0 or 1: pred is read as 0\/1 masks \[B, C, \.\.\.spatial\] because options\.numClasses was not given/,
    ],
    [
      'a target mask value of 2 next to a label map',
      () => diceScore(ok, L([0, 1, 2, 0], [1, 2, 2])),
      /^target\.data\[2\] = 2 must be 0 or 1: target is read as 0\/1 masks .* because its rank is one more than the other tensor's/,
    ],
    [
      'a target mask value of 0.5 with input masks',
      () => diceScore(L([0, 1], [1, 1, 2]), L([0.5, 1], [1, 1, 2]), { input: 'masks' }),
      /^target\.data\[0\] = 0\.5 must be 0 or 1: .*because options\.input is "masks"/,
    ],
    [
      'a prediction mask value of -1 against a label map',
      () => diceScore(L([0, 1, -1, 0], [1, 2, 2]), ok),
      /^pred\.data\[2\] = -1 must be 0 or 1/,
    ],
    [
      'meter numClasses -3',
      () => new SegmentationMeter({ numClasses: -3 }),
      /^options\.numClasses must be a positive integer, got -3/,
    ],
    [
      'an unknown option name (diceScore)',
      () => diceScore(ok, ok, { numClasses: 2, ignore_index: 255 } as Any),
      /^unknown option "ignore_index"; valid options: numClasses, ignoreIndex, smooth, includeBackground, input$/,
    ],
    [
      'an unknown option name (iouScore)',
      () => iouScore(ok, ok, { numClasses: 2, smoth: 1 } as Any),
      /^unknown option "smoth"; valid options: numClasses/,
    ],
    [
      'an unknown option name (SegmentationMeter)',
      () => new SegmentationMeter({ classes: 3 } as Any),
      /^unknown option "classes"; valid options: numClasses/,
    ],
  ];
  for (const [name, fn, message] of cases) {
    it(`throws for ${name}`, () => expectThrow(fn, RangeError, message));
  }

  it('accepts input forms case-insensitively after trimming', () => {
    expect(diceScore(ok, ok, { numClasses: 2, input: ' Labels ' as Any }).mean).toBe(1);
  });
});

describe('SegmentationMeter bookkeeping', () => {
  it('fixes the number of classes at the first update and refuses a batch with another', () => {
    const m = new SegmentationMeter();
    expect(m.numClasses).toBeUndefined();
    expect(m.iou()).toEqual({ perClass: new Float64Array(0), mean: Number.NaN });
    m.update(L([1, 0, 0, 1], [1, 2, 2]), L([1, 0, 0, 1], [1, 2, 2]));
    expect(m.numClasses).toBe(2);
    expectThrow(
      () => m.update(L([1, 0, 0], [1, 3, 1]), L([1, 0, 0], [1, 3, 1])),
      RangeError,
      /^update after 1 image\(s\) has 3 classes, but this meter counts 2/,
    );
  });

  it('refuses masks whose class dim differs from numClasses given at construction', () => {
    const m = new SegmentationMeter({ numClasses: 3 });
    expectThrow(
      () => m.update(L([0, 1]), L([1, 0, 0, 1], [1, 2, 2])),
      RangeError,
      /^options\.numClasses \(3\) must equal the class dimension of the masks \(2\)/,
    );
  });

  it('leaves its totals unchanged when an update throws on a bad value', () => {
    const m = new SegmentationMeter({ numClasses: 2 });
    m.update(L([0, 1, 1]), L([0, 1, 0]));
    const before = m.totals();
    // The bad label sits after valid pixels, so a partial count would show.
    expectThrow(() => m.update(L([0, 1, 1, 1]), L([0, 1, 1, 9])), RangeError, /^target\.data\[3\] = 9/);
    expect(m.totals()).toEqual(before);
    expect(m.pixelAccuracy()).toBe(2 / 3);
  });

  it('resets to no counts and to the configured number of classes', () => {
    const m = new SegmentationMeter({ numClasses: 2 });
    m.update(L([0, 1, 1]), L([0, 1, 0]));
    m.reset();
    expect(m.totals()).toEqual({
      intersection: new Float64Array(2),
      predicted: new Float64Array(2),
      target: new Float64Array(2),
      pixels: 0,
      correct: 0,
      images: 0,
    });
    expect(m.pixelAccuracy()).toBeNaN();
    expect(Array.from(m.iou().perClass)).toEqual([Number.NaN, Number.NaN]);
    const u = new SegmentationMeter();
    u.update(L([1, 0], [1, 1, 2]), L([1, 0], [1, 1, 2]));
    u.reset();
    expect(u.numClasses).toBeUndefined();
    u.update(L([1, 0, 0, 1], [1, 2, 2]), L([1, 0, 0, 1], [1, 2, 2])); // a new C is fine after reset
    expect(u.numClasses).toBe(2);
  });

  it('scores dataset IoU from summed counts, not from the mean of per-image IoU', () => {
    // image 1: pred [1], target [1]; image 2: pred [0, 0, 0], target [1, 1, 1].
    // class 1 summed: I = 1, P = 1, T = 4 → IoU 1/(1 + 4 − 1) = 1/4, Dice 2/5
    // (the mean of per-image IoU would be (1 + 0)/2).
    const m = new SegmentationMeter({ numClasses: 2 });
    m.update(L([1]), L([1]));
    m.update(L([0, 0, 0]), L([1, 1, 1]));
    expect(m.iou().perClass[1]).toBe(1 / 4);
    expect(m.dice().perClass[1]).toBe(2 / 5);
    expect(m.iou().perClass[0]).toBe(0); // predicted 3 times, never present
    expect(m.images).toBe(2);
  });

  it('reports NaN for background with includeBackground false and skips it in the mean', () => {
    const m = new SegmentationMeter({ numClasses: 2, includeBackground: false });
    m.update(L([0, 1, 1]), L([0, 1, 0]));
    expect(Array.from(m.iou().perClass)).toEqual([Number.NaN, 1 / 2]);
    expect(m.iou().mean).toBe(1 / 2);
    expect(m.pixelAccuracy()).toBe(2 / 3); // accuracy still counts background pixels
  });
});
