import { type ClassSelection, markHull, markSelection, type PassScope } from '../kernels/ClassSelection';
import { markHullBits, markSelectionBits } from '../kernels/selectionBits';
import type { FloatArray } from '../kernels/types';
import type { OverlapMetric } from '../solvers/catalog';
import { rmaObjective } from '../solvers/rmaObjective';

/**
 * One Dice/IoU solver applied to the image-class slices of a call, one slice at a time:
 * 1. `scan` — the first pass: validates the slice, sets `sel.mean` (μ, index order) and
 *    `sel.active` (its largest p exceeds pruningProb); returns the absolute index of the first
 *    value that is not a probability, or −1;
 * 2. `choose` — only for an unpruned slice: sets `sel` to the choice, or to a hull of pixels
 *    still to rank (`sel.pending`) that the output pass records;
 * 3. the caller's output pass over the pixels `scope()` names (`markSelection` for a class mask,
 *    `OverlapResolver.claim` for labels), which records the hull;
 * 4. `finish` — when `sel.pending` after the pass: ranks the hull and settles `sel` (then
 *    `markHull` / `OverlapResolver.claimHull` apply it).
 *
 * `sel.close(length)` then leaves in `sel` the {@link TopSet} fields of the choice (`volume`,
 * `threshold`, `lastTie`, `cutoff`) and `expected`. `scope` (after `choose`) names the pixels the
 * output pass must visit: the whole slice, or a bounded list of candidates the first pass kept.
 * A solver's workspaces are made once and reused across images and classes; nothing
 * proportional to the slice is kept between slices. Made by `classSolverFor` (api/classSolver.ts);
 * {@link solveClassSlice} runs the steps on one slice.
 *
 * @example
 * ```ts
 * const solver = classSolverFor(resolveOptions({ solver: 'exact' }));
 * const sel = new ClassSelection();
 * solver.scan(data, 0, d, sel); // −1: every value is a probability
 * ```
 */
export interface ClassSolver {
  scan(data: FloatArray, offset: number, length: number, sel: ClassSelection): number;
  choose(sel: ClassSelection): void;
  scope(): PassScope;
  finish(sel: ClassSelection): void;
}

/**
 * The four steps of a {@link ClassSolver} on the slice `data[offset, offset + length)`, writing
 * its class mask to `out[outOffset…]` (which must be zero there). Afterwards `sel` holds the
 * choice as a `TopSet` (`volume`, `threshold`, `lastTie`, `cutoff`) and its `expected` value; a
 * pruned slice selects nothing and gets the RMA objective of the empty mask. Labels (multiclass)
 * follow from these rules alone: `sel.setRule(threshold, lastTie, volume, expected)` and a
 * claim over the whole slice give the same pixels. This is the unit of work a worker thread can
 * run on its own (one solver per thread).
 *
 * O(length) reads, O(hull) more; no allocation beyond the solver's grown workspaces.
 *
 * @returns the absolute index of the first value that is not a probability (nothing is written),
 *   or −1.
 * @throws never for valid arguments; a bad value is reported through the return value.
 * @example
 * ```ts
 * const sel = new ClassSelection();
 * const out = new Uint8Array(d);
 * solveClassSlice(classSolverFor(resolveOptions({})), data, 0, d, sel, out, 0, 'dice', 0); // −1
 * // out: the class mask; sel.volume, sel.threshold, sel.lastTie, sel.expected: the choice
 * ```
 */
export function solveClassSlice(
  solver: ClassSolver,
  data: FloatArray,
  offset: number,
  length: number,
  sel: ClassSelection,
  out: Uint8Array,
  outOffset: number,
  metric: OverlapMetric,
  smooth: number,
): number {
  const bad = solver.scan(data, offset, length, sel);
  if (bad >= 0) return bad;
  if (sel.active) {
    solver.choose(sel);
    markSelection(data, offset, length, sel, out, outOffset, solver.scope());
    if (sel.pending) {
      solver.finish(sel);
      markHull(sel, out, outOffset);
    }
  } else {
    sel.setEmpty(rmaObjective(metric, 0, 0, sel.mean, smooth));
  }
  sel.close(length);
  return -1;
}

/**
 * {@link solveClassSlice} with the class's selection marked as a bit plane (`bits[wordOffset…]`,
 * zero there beforehand; see `markSelectionBits`) instead of a mask: afterwards `sel` holds the
 * same choice (`volume`, `threshold`, `lastTie`, `cutoff`, `expected`, `mean`, `active`). What a
 * worker thread runs per class of one multiclass image split across threads (DESIGN §4.2),
 * before the claims by pixel range read every class's plane.
 *
 * @returns the absolute index of the first value that is not a probability, or −1.
 * @throws never for valid arguments.
 * @example
 * ```ts
 * const sel = new ClassSelection();
 * const bits = new Uint32Array(planeWords(d));
 * chooseClassSlice(classSolverFor(resolveOptions({})), data, 0, d, sel, 'dice', 0, bits, 0); // −1
 * ```
 */
export function chooseClassSlice(
  solver: ClassSolver,
  data: FloatArray,
  offset: number,
  length: number,
  sel: ClassSelection,
  metric: OverlapMetric,
  smooth: number,
  bits: Uint32Array,
  wordOffset: number,
): number {
  const bad = solver.scan(data, offset, length, sel);
  if (bad >= 0) return bad;
  if (sel.active) {
    solver.choose(sel);
    markSelectionBits(data, offset, length, sel, bits, wordOffset, solver.scope());
    if (sel.pending) {
      solver.finish(sel);
      markHullBits(sel, bits, wordOffset);
    }
  } else {
    sel.setEmpty(rmaObjective(metric, 0, 0, sel.mean, smooth));
  }
  sel.close(length);
  return -1;
}
