import { describe, expect, it } from 'vitest';
import { RankSEG, rankseg, solve } from '../../src/index';

/** 1 image, 2 classes, 2 pixels: every solver runs on it. */
const probs = { data: new Float32Array([0.9, 0.3, 0.1, 0.7]), shape: [1, 2, 2] };

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

// The contract (issue 12 item 6, after the reference package's `_validate_solver_params`),
// written out by hand rather than read from the catalog: which solver uses which option.
const DICE_IOU = ['rma', 'ba', 'trna', 'ba+trna', 'exact'];
const USES: Record<string, string[]> = {
  smooth: DICE_IOU,
  pruningProb: DICE_IOU,
  eps: ['ba', 'trna', 'ba+trna'],
  unassignedPolicy: DICE_IOU,
  voidIndex: DICE_IOU,
};
const VALUES: Record<string, unknown> = {
  smooth: 0.5,
  pruningProb: 0.2,
  eps: 1e-3,
  unassignedPolicy: 'void',
  voidIndex: 9,
};
const METRIC: Record<string, string> = {
  rma: 'dice',
  ba: 'dice',
  trna: 'dice',
  'ba+trna': 'dice',
  exact: 'iou',
  argmax: 'accuracy',
  threshold: 'accuracy',
};

describe('options a solver does not use are a RangeError naming the solver and the option', () => {
  for (const [solver, metric] of Object.entries(METRIC)) {
    for (const [option, users] of Object.entries(USES)) {
      const mode = solver === 'threshold' ? 'multilabel' : 'multiclass';
      const options = { metric, solver, outputMode: mode, [option]: VALUES[option] };
      if (users.includes(solver)) {
        it(`${solver} takes ${option}`, () => {
          expect(rankseg(probs, options).shape).toEqual([1, 2]);
        });
      } else {
        it(`${solver} refuses ${option}`, () => {
          const error = thrown(() => rankseg(probs, options));
          expect(error).toBeInstanceOf(RangeError);
          expect(error.message).toMatch(
            new RegExp(`solver '${solver.replace('+', '\\+')}' does not use option ${option}`),
          );
        });
      }
    }
  }

  it('counts an option as given when its value is not undefined', () => {
    const sol = solve(probs, {
      solver: 'rma',
      eps: undefined,
      outputMode: 'multilabel',
      voidIndex: undefined,
    });
    expect(Array.from(sol.volume)).toEqual(Array.from(solve(probs, { outputMode: 'multilabel' }).volume));
  });

  it('refuses even a default value given to a solver that does not use it', () => {
    expect(() => rankseg(probs, { solver: 'exact', eps: 1e-4 })).toThrow(
      /solver 'exact' does not use option eps/,
    );
    expect(() => rankseg(probs, { metric: 'accuracy', smooth: 0 })).toThrow(
      /solver 'argmax' does not use option smooth/,
    );
  });

  it('names the solver, the option, and the solvers the option applies to', () => {
    expect(thrown(() => rankseg(probs, { eps: 0.01 })).message).toBe(
      "solver 'rma' does not use option eps (it applies to ba, trna, ba+trna)",
    );
    expect(thrown(() => rankseg(probs, { metric: 'acc', pruningProb: 0 })).message).toBe(
      "solver 'argmax' does not use option pruningProb (it applies to rma, ba, trna, ba+trna, exact)",
    );
  });

  it('refuses the labels of unassigned pixels in multilabel output, even their defaults', () => {
    expect(() => rankseg(probs, { outputMode: 'multilabel', unassignedPolicy: 'max_score' })).toThrow(
      /unassignedPolicy 'max_score' only applies to outputMode 'multiclass'; got outputMode 'multilabel'/,
    );
    expect(() => rankseg(probs, { outputMode: 'multilabel', voidIndex: 255 })).toThrow(
      /voidIndex 255 only applies to outputMode 'multiclass'/,
    );
  });

  it('accepts the general options with every solver', () => {
    for (const [solver, metric] of Object.entries(METRIC)) {
      const mode = solver === 'threshold' ? 'multilabel' : 'multiclass';
      const options = { metric, solver, outputMode: mode, activation: 'none', layout: 'channels-first' };
      expect(() => rankseg(probs, options)).not.toThrow();
    }
  });

  it('checks in the RankSEG constructor too, before any prediction', () => {
    expect(() => new RankSEG({ solver: 'rma', eps: 1e-3 })).toThrow(/solver 'rma' does not use option eps/);
  });
});
