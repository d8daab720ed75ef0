import { describe, expect, it } from 'vitest';

import { planContenders } from '../../../src/cli/comparison/contenders';

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

  it('refuses a solver that serves none of the metrics', () => {
    expect(() => planContenders(1, 'multilabel', ['iou'], ['ba'])).toThrow(
      /solver 'ba' does not serve metric iou; iou: rma, exact/,
    );
  });
});
