import { describe, expect, it } from 'vitest';
import type { PairScore } from '../../../src/cli/evaluate/evaluateJob';
import { type EvaluationOptions, evaluatePairs } from '../../../src/cli/evaluate/evaluation';
import { countPair } from '../../../src/cli/evaluate/pairCounts';

const OPTIONS: EvaluationOptions = { input: 'auto', numClasses: null, ignoreIndex: null, dataset: false };

function labels(name: string, pred: number[], target: number[], classes: number): PairScore {
  const counts = countPair(
    { data: pred, shape: [1, pred.length] },
    { data: target, shape: [1, target.length] },
    { numClasses: classes },
  );
  return { pred: `p/${name}`, target: `t/${name}`, classesInferred: true, counts, warnings: [] };
}

function masks(name: string, pred: number[], target: number[], classes: number): PairScore {
  const shape = [1, classes, pred.length / classes];
  const counts = countPair({ data: pred, shape }, { data: target, shape }, { input: 'masks' });
  return {
    pred: `p/${name}`,
    target: `t/${name}`,
    classesInferred: false,
    counts,
    warnings: [`about ${name}`],
  };
}

describe('evaluatePairs: the scores of a run from its pairs, in order', () => {
  it('hand-worked: per-image means pooled over pairs whose class counts grow', () => {
    // a: 2 classes, pred 0 1 1, target 0 1 0 → Dice c0 2/3, c1 2/3
    // b: 3 classes, pred 2 2, target 2 0     → Dice c0 0, c1 NaN, c2 2/3
    const a = labels('a', [0, 1, 1], [0, 1, 0], 2);
    const b = labels('b', [2, 2], [2, 0], 3);
    const result = evaluatePairs([a, b], OPTIONS);
    expect(result.classes).toBe(3);
    expect(result.inferred).toBe(true);
    expect(Array.from(result.dice.perClass)).toEqual([(2 / 3 + 0) / 2, 2 / 3, 2 / 3]);
    expect(Array.from(result.counts.intersection)).toEqual([1, 1, 1]);
    expect(Array.from(result.counts.predicted)).toEqual([1, 2, 2]);
    expect(Array.from(result.counts.target)).toEqual([3, 1, 1]);
    expect([result.counts.pixels, result.counts.correct, result.images]).toEqual([5, 3, 2]);
  });

  it('--dataset: one ratio of the summed counts per class', () => {
    const a = labels('a', [0, 1, 1], [0, 1, 0], 2);
    const b = labels('b', [2, 2], [2, 0], 3);
    const result = evaluatePairs([a, b], { ...OPTIONS, dataset: true });
    // c0: I 1, P 1, T 3 → 2/4; c1: 1, 2, 1 → 2/3; c2: 1, 2, 1 → 2/3
    expect(Array.from(result.dice.perClass)).toEqual([2 / 4, 2 / 3, 2 / 3]);
    expect(Array.from(result.iou.perClass)).toEqual([1 / 3, 1 / 2, 1 / 2]);
  });

  it('masks with another class count than the first masks: a failure that adds nothing to the scores', () => {
    const first = masks('first', [1, 0, 0, 1], [1, 0, 0, 1], 2);
    const odd = masks('odd', [1, 0, 0, 1, 0, 0], [0, 1, 0, 1, 0, 1], 3);
    const last = masks('last', [0, 1, 1, 0], [0, 1, 1, 0], 2);
    const result = evaluatePairs([first, odd, last], OPTIONS);
    expect(result.failures).toEqual([{ file: 'p/odd', reason: 'has 3 classes, earlier files have 2' }]);
    expect(result.scored.map((p) => p.pred)).toEqual(['p/first', 'p/last']);
    expect(result.images).toBe(2);
    expect(result.classes).toBe(2);
    expect(Array.from(result.dice.perClass)).toEqual([1, 1]); // nothing of 'odd' counted
    expect(result.warnings).toEqual(['about first', 'about last']);
  });

  it('256 classes taken from the data without --ignore-index: a warning that 255 may be void', () => {
    const big = labels('big', [255], [255], 256);
    expect(evaluatePairs([big], OPTIONS).warnings).toEqual([
      '256 classes taken from the data (largest label 255): if 255 marks void pixels, pass --ignore-index 255',
    ]);
    expect(evaluatePairs([big], { ...OPTIONS, ignoreIndex: 300 }).warnings).toEqual([]);
  });
});
