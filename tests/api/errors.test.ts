import { describe, expect, it } from 'vitest';
import { RankSEG, rankseg, solve } from '../../src/index';

const good = { data: new Float32Array([0.2, 0.8, 0.6, 0.4]), shape: [1, 2, 2] };

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('probs of the wrong kind raise TypeError naming the problem', () => {
  const cases: [string, unknown, RegExp][] = [
    ['null', null, /probs must be an object.*got null/],
    ['a number', 3, /probs must be an object.*got 3/],
    ['an object without data', { shape: [1, 1, 1] }, /probs has no `data` field/],
    ['no shape or dims', { data: new Float32Array(1) }, /neither `shape` nor `dims`/],
    [
      'a shape that is not an array',
      { data: new Float32Array(1), shape: '1,1,1' },
      /shape must be an array.*"1,1,1"/,
    ],
    [
      'a shape entry that is not a number',
      { data: new Float32Array(1), shape: [1, '1', 1] },
      /shape\[1\] must be a number/,
    ],
    [
      'integer typed data',
      { data: new Uint8Array(4), shape: [1, 2, 2] },
      /Float32Array, Float64Array or number\[\]; got a Uint8Array/,
    ],
    [
      'a non-number in number[] data',
      { data: [0.1, 'x', 0.2, 0.3], shape: [1, 2, 2] },
      /probs\.data\[1\] must be a number; got "x"/,
    ],
  ];
  for (const [what, probs, message] of cases) {
    it(`rejects ${what}`, () => {
      const error = thrown(() => rankseg(probs as never));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(message);
    });
  }
});

describe('probs with bad values or shapes raise RangeError naming the value', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'fewer than 3 dimensions',
      { data: new Float32Array(4), shape: [2, 2] },
      /at least 3 dimensions.*\[2, 2\]/,
    ],
    ['a zero dimension', { data: new Float32Array(0), shape: [1, 2, 0] }, /\[1, 2, 0\] has a zero dimension/],
    [
      'a negative dimension',
      { data: new Float32Array(4), shape: [1, -2, 2] },
      /shape\[1\] must be a non-negative integer; got -2/,
    ],
    [
      'a fractional dimension',
      { data: new Float32Array(4), shape: [1, 2.5, 2] },
      /shape\[1\] must be a non-negative integer; got 2\.5/,
    ],
    [
      'a length that disagrees with the shape',
      { data: new Float32Array(5), shape: [1, 2, 2] },
      /has 5 values but shape \[1, 2, 2\] needs 4/,
    ],
    [
      'NaN',
      { data: new Float32Array([0.1, Number.NaN, 0.2, 0.3]), shape: [1, 2, 2] },
      /probs\.data\[1\] is NaN/,
    ],
    [
      'Infinity',
      { data: new Float64Array([0.1, 0.2, Number.POSITIVE_INFINITY, 0.3]), shape: [1, 2, 2] },
      /probs\.data\[2\] is Infinity/,
    ],
    [
      '-Infinity',
      { data: [0.1, 0.2, 0.3, Number.NEGATIVE_INFINITY], shape: [1, 2, 2] },
      /probs\.data\[3\] is -Infinity/,
    ],
    [
      'a value above 1',
      { data: new Float64Array([0.1, 1.5, 0.2, 0.3]), shape: [1, 2, 2] },
      /probs\.data\[1\] is 1\.5, outside \[0, 1\]/,
    ],
    [
      'a negative value',
      { data: new Float64Array([0.1, 0.5, -0.25, 0.3]), shape: [1, 2, 2] },
      /probs\.data\[2\] is -0\.25, outside \[0, 1\]/,
    ],
  ];
  for (const [what, probs, message] of cases) {
    for (const metric of ['dice', 'iou', 'accuracy']) {
      it(`rejects ${what} (metric ${metric})`, () => {
        const error = thrown(() => rankseg(probs as never, { metric }));
        expect(error).toBeInstanceOf(RangeError);
        expect(error.message).toMatch(message);
      });
    }
  }
});

describe('options of the wrong kind raise TypeError', () => {
  const cases: [unknown, RegExp][] = [
    ['dice', /options must be an object; got "dice"/],
    [{ metric: 3 }, /metric must be a string; got 3/],
    [{ solver: null }, /solver must be a string; got null/],
    [{ outputMode: true }, /outputMode must be a string; got true/],
    [{ smooth: '1' }, /smooth must be a number; got "1"/],
    [{ pruningProb: '0.5' }, /pruningProb must be a number/],
    [{ solver: 'ba', eps: [1e-4] }, /eps must be a number/],
    [{ unassignedPolicy: 1 }, /unassignedPolicy must be a string/],
    [{ voidIndex: '255' }, /voidIndex must be a number; got "255"/],
  ];
  for (const [options, message] of cases) {
    it(`rejects ${JSON.stringify(options)}`, () => {
      const error = thrown(() => rankseg(good, options as never));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(message);
    });
  }
});

describe('options with bad values raise RangeError listing what is valid', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ metric: 'f1' }, /unknown metric "f1"; valid: dice, iou, accuracy/],
    [
      { solver: 'greedy' },
      /unknown solver "greedy"; valid for metric 'dice': rma, ba, trna, ba\+trna, exact/,
    ],
    [{ metric: 'iou', solver: 'ba' }, /solver 'ba' does not serve metric 'iou'; valid: rma, exact/],
    [{ metric: 'iou', solver: 'ba+trna' }, /solver 'ba\+trna' does not serve metric 'iou'/],
    [{ metric: 'dice', solver: 'argmax' }, /solver 'argmax' does not serve metric 'dice'/],
    [
      { metric: 'accuracy', solver: 'rma' },
      /solver 'rma' does not serve metric 'accuracy'; valid: argmax, threshold/,
    ],
    [{ metric: 'accuracy', solver: 'threshold' }, /solver 'threshold' gives overlapping per-class masks/],
    [{ outputMode: 'overlapping' }, /unknown outputMode "overlapping"; valid: multiclass, multilabel/],
    [{ smooth: -1 }, /smooth must be a finite number >= 0; got -1/],
    [{ smooth: Number.POSITIVE_INFINITY }, /smooth must be a finite number >= 0; got Infinity/],
    [{ smooth: Number.NaN }, /smooth must be a finite number >= 0; got NaN/],
    [{ pruningProb: 1.5 }, /pruningProb must lie in \[0, 1\]; got 1\.5/],
    [{ pruningProb: -0.1 }, /pruningProb must lie in \[0, 1\]; got -0\.1/],
    [{ solver: 'ba', eps: 0 }, /eps must lie in \(0, 1\); got 0/],
    [{ solver: 'ba', eps: 1 }, /eps must lie in \(0, 1\); got 1/],
    [{ unassignedPolicy: 'ignore' }, /unknown unassignedPolicy "ignore"; valid: max_score, void/],
    [{ voidIndex: -1 }, /voidIndex must be an integer in \[0, 4294967295\]; got -1/],
    [{ voidIndex: 2.5 }, /voidIndex must be an integer/],
    [{ unassignedPolicy: 'void', voidIndex: 1 }, /voidIndex 1 is a class label \(probs has 2 classes\)/],
    [
      { outputMode: 'multilabel', unassignedPolicy: 'void' },
      /unassignedPolicy 'void' only applies to outputMode 'multiclass'/,
    ],
    [{ outputMode: 'multilabel', voidIndex: 7 }, /voidIndex 7 only applies to outputMode 'multiclass'/],
    [{ pruning_prob: 0.3 }, /unknown option "pruning_prob"; valid options: metric, solver, outputMode/],
  ];
  for (const [options, message] of cases) {
    it(`rejects ${JSON.stringify(options)}`, () => {
      const error = thrown(() => rankseg(good, options));
      expect(error).toBeInstanceOf(RangeError);
      expect(error.message).toMatch(message);
    });
  }

  it('refuses multiclass output for a single class channel, pointing to multilabel', () => {
    const error = thrown(() => rankseg({ data: new Float32Array([0.2, 0.9]), shape: [1, 1, 2] }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(
      /needs at least 2 class channels; probs has 1.*use outputMode 'multilabel'/,
    );
  });

  it('refuses argmax over a single channel, pointing to threshold', () => {
    const probs = { data: new Float32Array([0.2, 0.9]), shape: [1, 1, 2] };
    const error = thrown(() => rankseg(probs, { metric: 'acc', solver: 'argmax', outputMode: 'multilabel' }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(/solver 'argmax' needs at least 2 class channels.*'threshold'/);
  });

  it('checks options in the RankSEG constructor, before any prediction', () => {
    expect(() => new RankSEG({ metric: 'nope' })).toThrow(RangeError);
    expect(() => new RankSEG({ smooth: '1' as never })).toThrow(TypeError);
  });

  it('reports the error, not a fallback, from solve() too', () => {
    expect(() => solve(good, { metric: 'iou', solver: 'trna' })).toThrow(/does not serve metric 'iou'/);
  });
});
