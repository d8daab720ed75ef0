import { describe, expect, it } from 'vitest';
import { expectedScoreOfMask, solveExactClass } from '../../../src/solvers/exact';
import { expectedScoreCurve } from '../../../src/solvers/expectation/expectedScoreCurve';

/** Values worked by hand from the definitions (comments give the arithmetic). */

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-14);

describe('hand-worked expected scores', () => {
  it('d = 1, s = 0: the pixel is taken and scores p (Dice and IoU)', () => {
    // A = {1}: Y = 1 → 2/(1 + 1) = 1 (IoU 1/1); Y = 0 → 0/(1 + 0) = 0. E = p.
    // A = ∅ scores 0/Y = 0 (or 0/0 = 0), and is not a candidate when s = 0.
    for (const metric of ['dice', 'iou'] as const) {
      const got = solveExactClass(new Float64Array([0.3]), 0, 1, metric, 0);
      expect(got.volume).toBe(1);
      close(got.expected, 0.3);
    }
  });

  it('d = 1, s = 1, p = 0.3: the empty mask wins (0.85 against 0.65)', () => {
    // A = {1}: Y = 1 → (2 + 1)/(2 + 1) = 1; Y = 0 → 1/(1 + 1) = ½: 0.3 + 0.7/2 = 0.65.
    // A = ∅:   Y = 1 → 1/(1 + 1) = ½;       Y = 0 → 1/1 = 1:     0.3/2 + 0.7 = 0.85.
    // IoU gives the same numbers (|A ∪ Y| = 1 or 0 here).
    for (const metric of ['dice', 'iou'] as const) {
      const curve = expectedScoreCurve([0.3], metric, 1);
      close(curve[0]!, 0.85);
      close(curve[1]!, 0.65);
      const got = solveExactClass(new Float64Array([0.3]), 0, 1, metric, 1);
      expect(got.volume).toBe(0);
      close(got.expected, 0.85);
    }
  });

  it('d = 2, p = (0.9, 0.6): both pixels, Dice 0.82 and IoU 0.75', () => {
    // Dice τ = 1: 0.9·E[2/(2 + Y₂)] = 0.9·(0.4·1 + 0.6·⅔) = 0.72.
    // Dice τ = 2: E[2Γ/(2 + Γ)], P(Γ = 1) = 0.9·0.4 + 0.1·0.6 = 0.42, P(Γ = 2) = 0.54:
    //             0.42·⅔ + 0.54·1 = 0.82.
    // IoU  τ = 1: 0.9·E[1/(1 + Y₂)] = 0.9·(0.4 + 0.6/2) = 0.63.  τ = 2: E[Γ]/2 = 1.5/2 = 0.75.
    const p = new Float64Array([0.6, 0.9]); // unsorted on purpose
    const dice = expectedScoreCurve(p, 'dice', 0);
    close(dice[1]!, 0.72);
    close(dice[2]!, 0.82);
    const iou = expectedScoreCurve(p, 'iou', 0);
    close(iou[1]!, 0.63);
    close(iou[2]!, 0.75);
    const both = { volume: 2, cutoff: 0.6 };
    expect(solveExactClass(p, 0, 2, 'dice', 0)).toEqual({ ...both, expected: expect.closeTo(0.82, 14) });
    expect(solveExactClass(p, 0, 2, 'iou', 0)).toEqual({ ...both, expected: expect.closeTo(0.75, 14) });
  });

  it('d = 2, p = (0.9, 0.1): only the first pixel, Dice 0.87 and IoU 0.855', () => {
    // Dice τ = 1: 0.9·(0.9·1 + 0.1·⅔) = 0.87.
    // Dice τ = 2: P(Γ = 1) = 0.81 + 0.01 = 0.82, P(Γ = 2) = 0.09: 0.82·⅔ + 0.09 = 0.63667 < 0.87.
    // IoU  τ = 1: 0.9·(0.9 + 0.1/2) = 0.855;  τ = 2: E[Γ]/2 = 0.5.
    const p = new Float64Array([0.9, 0.1]);
    const dice = solveExactClass(p, 0, 2, 'dice', 0);
    expect(dice.volume).toBe(1);
    close(dice.expected, 0.87);
    close(expectedScoreCurve(p, 'dice', 0)[2]!, 0.82 * (2 / 3) + 0.09);
    const iou = solveExactClass(p, 0, 2, 'iou', 0);
    expect(iou.volume).toBe(1);
    close(iou.expected, 0.855);
  });

  it('scores a non-top mask: p = (0.8, 0.1) with only the second pixel selected', () => {
    // Dice: A = {2}, X = Y₂, Z = Y₁: E[2X/(1 + X + Z)]
    //   X = 1 (0.1): Z = 1 (0.8) → 2/3, Z = 0 (0.2) → 1: 0.1·(0.8·⅔ + 0.2) = 0.07333…
    // IoU: (E[X] + 0)·E[1/(1 + Z)] = 0.1·(0.2 + 0.8/2) = 0.06.
    const p = new Float64Array([0.8, 0.1]);
    close(expectedScoreOfMask(p, 0, [0, 1], 0, 2, 'dice', 0), 0.1 * (0.8 * (2 / 3) + 0.2));
    close(expectedScoreOfMask(p, 0, [0, 1], 0, 2, 'iou', 0), 0.06);
    // And the top mask, for the record: IoU = 0.8·E[1/(1 + Y₂)] = 0.8·(0.9 + 0.05) = 0.76.
    close(expectedScoreOfMask(p, 0, [1, 0], 0, 2, 'iou', 0), 0.76);
  });
});
