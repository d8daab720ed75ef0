import { describe, expect, it, vi } from 'vitest';

// A build in which 'exact' is part of the contract but not enabled: resolveOptions refuses it as
// "planned" (the message the library gives). Everything else is the real module.
vi.mock('../../src/api/options', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/api/options')>();
  return {
    ...real,
    resolveOptions: (options: { solver?: string } = {}) => {
      if (options.solver === 'exact') {
        throw new RangeError("solver 'exact' is planned but not part of this build of rankseg yet");
      }
      return real.resolveOptions(options);
    },
  };
});

const { planContenders } = await import('../../src/cli/contenders');
const { isSolverBuilt } = await import('../../src/cli/isSolverBuilt');

describe('planContenders', () => {
  it('puts the baseline first: threshold for one class, argmax for multiclass output', () => {
    expect(planContenders(1, 'multiclass', ['dice'], ['rma']).contenders[0]).toEqual({
      solver: 'threshold',
      metric: null,
      options: { metric: 'accuracy', solver: 'threshold', outputMode: 'multilabel' },
    });
    expect(planContenders(4, 'multiclass', ['dice'], ['rma']).contenders[0]!.solver).toBe('argmax');
    expect(planContenders(4, 'multilabel', ['dice'], ['rma']).contenders[0]!.solver).toBe('threshold');
  });

  it('lists, per metric, the solvers that serve it in the given order (BA serves Dice only)', () => {
    const plan = planContenders(1, 'multilabel', ['dice', 'iou'], ['ba', 'rma']);
    expect(plan.contenders.map((c) => `${c.solver}/${c.metric}`)).toEqual([
      'threshold/null',
      'ba/dice',
      'rma/dice',
      'rma/iou',
    ]);
    expect(plan.contenders[3]!.options).toEqual({ metric: 'iou', solver: 'rma', outputMode: 'multilabel' });
  });

  it('skips a solver this build lacks with one note, instead of failing', () => {
    expect(isSolverBuilt('exact', 'dice')).toBe(false);
    expect(isSolverBuilt('rma', 'iou')).toBe(true);
    const plan = planContenders(4, 'multiclass', ['dice', 'iou'], ['rma', 'ba', 'exact']);
    expect(plan.contenders.map((c) => c.solver)).toEqual(['argmax', 'rma', 'ba', 'rma']);
    expect(plan.notes).toEqual([
      "solver 'exact' is planned but not part of this build of rankseg yet: skipped",
    ]);
  });

  it('refuses a solver that serves none of the metrics', () => {
    expect(() => planContenders(1, 'multilabel', ['iou'], ['ba'])).toThrow(
      /solver 'ba' does not serve metric iou; iou: rma, exact/,
    );
  });
});
