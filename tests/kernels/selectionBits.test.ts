import { describe, expect, it } from 'vitest';
import { classSolverFor } from '../../src/api/classSolver';
import { resolveOptions } from '../../src/api/options';
import { chooseClassSlice, solveClassSlice } from '../../src/api/solveClassSlice';
import { ClassSelection } from '../../src/kernels/ClassSelection';
import { markSelectionBits, planeWords } from '../../src/kernels/selectionBits';
import { realisticProbs } from '../helpers/random';

/** The pixels whose bit is set in the plane at `bits[wordOffset…]`, as a 0/1 array of `length`. */
function unpack(bits: Uint32Array, wordOffset: number, length: number): number[] {
  return Array.from({ length }, (_, i) => (bits[wordOffset + (i >>> 5)]! >>> (i & 31)) & 1);
}

describe('markSelectionBits', () => {
  const data = new Float32Array([0.5, 0.9, 0.5, 0.2, 0.5, 0.7]);

  it('sets the bits of the selected pixels, the first ties in index order (worked by hand)', () => {
    const sel = new ClassSelection();
    sel.setTies(0.5, 2, 4, 0.8); // 0.9, 0.7 and the first two of the four 0.5s (indices 0, 2)
    const bits = new Uint32Array(1);
    markSelectionBits(data, 0, 6, sel, bits, 0);
    sel.close(6);
    expect(bits[0]).toBe(0b100111);
    expect([sel.threshold, sel.lastTie, sel.cutoff, sel.volume]).toEqual([0.5, 2, 0.5, 4]);
  });

  it('visits only the pixels a listed scope names', () => {
    const sel = new ClassSelection();
    sel.setTies(0.5, 2, 4, 0.8);
    const bits = new Uint32Array(1);
    // Listed: 0.9 and the ties at 2 and 4, the first two ties visited.
    markSelectionBits(data, 0, 6, sel, bits, 0, { indices: new Int32Array([1, 2, 4]), count: 3 });
    expect(bits[0]).toBe(0b10110);
  });

  it('writes whole words of its own plane only (pixel 31 is the sign bit)', () => {
    const pixels = 33;
    const slice = new Float32Array(pixels).fill(0.25);
    slice[0] = slice[31] = slice[32] = 0.75;
    const words = planeWords(pixels);
    expect(words).toBe(2);
    const bits = new Uint32Array(3 * words);
    const sel = new ClassSelection();
    sel.setTies(0.75, 0, 3, 0.5);
    markSelectionBits(slice, 0, pixels, sel, bits, words);
    expect(Array.from(bits)).toEqual([0, 0, 0x80000001, 1, 0, 0]);
  });
});

describe('chooseClassSlice', () => {
  const classes = 4;
  const side = 120;
  const pixels = side * side;
  const data = realisticProbs(5, 1, classes, [side, side], { cell: 12 });

  for (const solver of ['rma', 'exact', 'ba', 'trna', 'ba+trna'] as const) {
    it(`marks the pixels and leaves the choice solveClassSlice gives (${solver}, hulls included)`, () => {
      const classSolver = classSolverFor(resolveOptions({ solver, outputMode: 'multilabel' }));
      const words = planeWords(pixels);
      const bits = new Uint32Array(classes * words);
      const a = new ClassSelection();
      const b = new ClassSelection();
      for (let c = 0; c < classes; c++) {
        const mask = new Uint8Array(pixels);
        expect(solveClassSlice(classSolver, data, c * pixels, pixels, a, mask, 0, 'dice', 0)).toBe(-1);
        expect(chooseClassSlice(classSolver, data, c * pixels, pixels, b, 'dice', 0, bits, c * words)).toBe(
          -1,
        );
        expect(unpack(bits, c * words, pixels)).toEqual(Array.from(mask));
        expect([b.volume, b.threshold, b.lastTie, b.cutoff, b.expected, b.mean, b.active]).toEqual([
          a.volume,
          a.threshold,
          a.lastTie,
          a.cutoff,
          a.expected,
          a.mean,
          a.active,
        ]);
      }
    });
  }
});
