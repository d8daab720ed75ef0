import { describe, expect, it } from 'vitest';
import { classSolverFor } from '../../src/api/classSolver';
import { resolveOptions } from '../../src/api/options';
import { solveClassSlice } from '../../src/api/solveClassSlice';
import { solve } from '../../src/index';
import { ClassSelection, markSelection } from '../../src/kernels/ClassSelection';
import { realisticProbs } from '../helpers/random';

/*
 * The per-slice unit of work (what a worker thread runs): one solver's steps on one image-class
 * slice, giving its class mask and its choice as a threshold rule.
 */

const SOLVERS = ['rma', 'exact', 'ba', 'trna', 'ba+trna'] as const;

describe('solveClassSlice', () => {
  const classes = 3;
  const pixels = 96 * 96;
  const data = realisticProbs(71, 1, classes, [96, 96], { cell: 16 });

  for (const solver of SOLVERS) {
    it(`gives, slice by slice, the masks and figures of solve (${solver}, multilabel)`, () => {
      const options = { solver, outputMode: 'multilabel' } as const;
      const whole = solve({ data, shape: [1, classes, 96, 96] }, options);
      const classSolver = classSolverFor(resolveOptions(options));
      const sel = new ClassSelection();
      for (let c = 0; c < classes; c++) {
        const out = new Uint8Array(pixels);
        const bad = solveClassSlice(classSolver, data, c * pixels, pixels, sel, out, 0, 'dice', 0);
        expect(bad).toBe(-1);
        expect(Array.from(out)).toEqual(Array.from(whole.mask.data.subarray(c * pixels, (c + 1) * pixels)));
        expect(sel.volume).toBe(whole.volume[c]);
        expect(sel.expected).toBe(whole.expected[c]);
        expect(Math.fround(sel.cutoff)).toBe(whole.cutoff[c]);
      }
    });
  }

  it('leaves a threshold rule that selects the same pixels again (what labels are built from)', () => {
    const classSolver = classSolverFor(resolveOptions({ solver: 'rma' }));
    const sel = new ClassSelection();
    for (let c = 0; c < classes; c++) {
      const out = new Uint8Array(pixels);
      solveClassSlice(classSolver, data, c * pixels, pixels, sel, out, 0, 'dice', 0);
      const rule = new ClassSelection();
      rule.setRule(sel.threshold, sel.lastTie, sel.volume, sel.expected);
      const again = new Uint8Array(pixels);
      markSelection(data, c * pixels, pixels, rule, again, 0);
      expect(Array.from(again)).toEqual(Array.from(out));
      let count = 0;
      for (let i = 0; i < pixels; i++) {
        const p = data[c * pixels + i]!;
        const selected = p > sel.threshold || (p === sel.threshold && i <= sel.lastTie);
        expect(out[i]).toBe(selected ? 1 : 0);
        count += out[i]!;
      }
      expect(count).toBe(sel.volume);
    }
  });

  it('returns the index of the first value that is not a probability, writing nothing', () => {
    const bad = Float32Array.from(data.subarray(0, pixels));
    bad[500] = Number.NaN;
    bad[900] = 2;
    const out = new Uint8Array(pixels);
    const classSolver = classSolverFor(resolveOptions({}));
    expect(solveClassSlice(classSolver, bad, 0, pixels, new ClassSelection(), out, 0, 'dice', 0)).toBe(500);
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it("selects nothing in a pruned slice and reports the empty mask's RMA value", () => {
    const low = new Float32Array(pixels).fill(0.25);
    const out = new Uint8Array(pixels);
    const sel = new ClassSelection();
    const classSolver = classSolverFor(resolveOptions({ pruningProb: 0.5 }));
    solveClassSlice(classSolver, low, 0, pixels, sel, out, 0, 'dice', 0);
    expect(sel.volume).toBe(0);
    expect(sel.threshold).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(sel.cutoff)).toBe(true);
    // D̃ of the empty mask with s = 0: 2·0/(0 + μ + 1) = 0.
    expect(sel.expected).toBe(0);
    expect(out.every((v) => v === 0)).toBe(true);
  });
});
