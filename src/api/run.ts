import { ClassSelection } from '../kernels/ClassSelection';
import { fillLabels } from '../kernels/fillLabels';
import type { FloatArray } from '../kernels/types';
import { writeTopMask } from '../kernels/writeTopMask';
import { ARGMAX_BLOCK, argmaxInto, expectedAccuracy, thresholdTopSet } from '../solvers/accuracy';
import { isOverlapMetric, type OverlapMetric } from '../solvers/catalog';
import { type ClassChoices, OverlapResolver } from '../solvers/OverlapResolver';
import { rmaObjective } from '../solvers/rmaObjective';
import { classSolverFor } from './classSolver';
import type { ResolvedOptions } from './options';
import { type ClassSolver, solveClassSlice } from './solveClassSlice';
import { invalidValueError, type ProbabilityView } from './tensor';
import type { MaskData, Solution } from './types';

type LabelType = typeof Uint8Array | typeof Uint16Array | typeof Uint32Array;

/** The smallest unsigned integer array type that holds labels up to `maxLabel`. */
function labelType(maxLabel: number): LabelType {
  if (maxLabel <= 0xff) return Uint8Array;
  if (maxLabel <= 0xffff) return Uint16Array;
  return Uint32Array;
}

/**
 * The mask the solver writes: a new `Type` array of `length` zeros, or the caller's `out` (a
 * worker's part of a shared output) cleared, when it has that type and length.
 *
 * @throws Error when `out` has another type or length (a caller bug, not bad input).
 */
function outputMask(Type: LabelType, length: number, out: MaskData | undefined): MaskData {
  if (out === undefined) return new Type(length);
  if (!(out instanceof Type) || out.length !== length) {
    throw new Error(
      `rankseg: the output mask is ${out.constructor.name}(${out.length}), not ${Type.name}(${length})`,
    );
  }
  fillLabels(out, 0);
  return out;
}

/** Makes (or lends) the per-class solver for the options; a worker thread lends one it keeps. */
export type SolverSource = (options: ResolvedOptions) => ClassSolver;

/**
 * Runs the chosen solver on validated probabilities. With `report` false, per-class figures that
 * cost an extra pass (accuracy solvers only) are left at zero. `solverFor` gives the Dice/IoU
 * per-class solver (default: a new one, `classSolverFor`). `out`, when given, is the mask array
 * to write (of the type and length `solve` would allocate; cleared first) — a worker's part of
 * a shared output, so that its mask is not copied.
 */
export function run(
  view: ProbabilityView,
  options: ResolvedOptions,
  report: boolean,
  solverFor: SolverSource = classSolverFor,
  out?: MaskData,
): Solution {
  const { batch, classes } = view;
  const volume = new Int32Array(batch * classes);
  const cutoff = new Float32Array(batch * classes);
  const expected = new Float64Array(batch * classes);
  const solution: Solution = { mask: { data: new Uint8Array(0), shape: [] }, volume, cutoff, expected };
  if (isOverlapMetric(options.metric)) runOverlap(view, options, options.metric, solution, solverFor, out);
  else runAccuracy(view, options, solution, report, out);
  return solution;
}

function maskShape(view: ProbabilityView, options: ResolvedOptions): number[] {
  return options.outputMode === 'multiclass'
    ? [view.batch, ...view.spatialShape]
    : [view.batch, view.classes, ...view.spatialShape];
}

/**
 * Dice and IoU solvers: per image and class a top-τ choice, then masks or overlap resolution.
 * Per slice: the solver's first pass (validation and figures), its choice, then one output pass
 * that writes the class mask (multilabel) or claims pixels into the label map (multiclass),
 * recording the few pixels whose rank the solver settles afterwards. Memory beyond the mask:
 * per-class figures and histograms, the hulls, and nothing proportional to the image.
 */
function runOverlap(
  view: ProbabilityView,
  options: ResolvedOptions,
  metric: OverlapMetric,
  solution: Solution,
  solverFor: SolverSource,
  out: MaskData | undefined,
): void {
  const { data, batch, classes, pixels } = view;
  const { smooth, outputMode } = options;
  const multiclass = outputMode === 'multiclass';
  const maxLabel =
    options.unassignedPolicy === 'void' ? Math.max(classes - 1, options.voidIndex) : classes - 1;
  const mask = multiclass
    ? outputMask(labelType(maxLabel), batch * pixels, out)
    : outputMask(Uint8Array, batch * classes * pixels, out);
  solution.mask = { data: mask, shape: maskShape(view, options) };

  const solver = solverFor(options);
  const resolver = new OverlapResolver();
  const sel = new ClassSelection();
  const choices = classChoices(classes);
  const rule = { policy: options.unassignedPolicy, voidIndex: options.voidIndex };

  for (let b = 0; b < batch; b++) {
    if (multiclass) resolver.begin(data, b * classes * pixels, pixels, classes, mask, b * pixels, rule);
    for (let c = 0; c < classes; c++) {
      const at = b * classes + c;
      const offset = at * pixels;
      const bad = multiclass
        ? claimClassSlice(solver, resolver, data, offset, pixels, sel, c, metric, smooth)
        : solveClassSlice(solver, data, offset, pixels, sel, mask as Uint8Array, offset, metric, smooth);
      if (bad >= 0) throw invalidValueError('probs', bad, data[bad]!);
      recordChoice(choices, c, sel);
      solution.volume[at] = sel.volume;
      solution.cutoff[at] = sel.cutoff;
      solution.expected[at] = sel.expected;
    }
    if (multiclass) resolver.resolve(choices, metric, smooth);
  }
}

/**
 * Room for the choices of `classes` classes (what the multiclass resolution reads).
 *
 * @example
 * const choices = classChoices(21);
 */
export function classChoices(classes: number): ClassChoices {
  return {
    means: new Float64Array(classes),
    active: new Uint8Array(classes),
    thresholds: new Float64Array(classes),
    lastTies: new Float64Array(classes),
    volumes: new Float64Array(classes),
  };
}

/**
 * Records class c's closed selection in `choices`.
 *
 * @example
 * recordChoice(choices, c, sel); // after sel.close(pixels)
 */
export function recordChoice(choices: ClassChoices, c: number, sel: ClassSelection): void {
  choices.means[c] = sel.mean;
  choices.active[c] = sel.active ? 1 : 0;
  choices.thresholds[c] = sel.threshold;
  choices.lastTies[c] = sel.lastTie;
  choices.volumes[c] = sel.volume;
}

/**
 * {@link solveClassSlice} for multiclass output: the output pass claims the class's pixels in the
 * image's label map (class `c`) instead of writing a class mask.
 */
function claimClassSlice(
  solver: ClassSolver,
  resolver: OverlapResolver,
  data: FloatArray,
  offset: number,
  pixels: number,
  sel: ClassSelection,
  c: number,
  metric: OverlapMetric,
  smooth: number,
): number {
  const bad = solver.scan(data, offset, pixels, sel);
  if (bad >= 0) return bad;
  if (sel.active) {
    solver.choose(sel);
    resolver.claim(sel, c, solver.scope());
    if (sel.pending) {
      solver.finish(sel);
      resolver.claimHull(sel, c);
    }
  } else {
    sel.setEmpty(rmaObjective(metric, 0, 0, sel.mean, smooth));
  }
  sel.close(pixels);
  return -1;
}

/** Argmax and threshold (DESIGN §3.6); `expected` is each class mask's expected accuracy. */
function runAccuracy(
  view: ProbabilityView,
  options: ResolvedOptions,
  solution: Solution,
  report: boolean,
  out: MaskData | undefined,
): void {
  const { data, batch, classes, pixels } = view;
  const multiclass = options.outputMode === 'multiclass';
  const mask = multiclass
    ? outputMask(labelType(classes - 1), batch * pixels, out)
    : outputMask(Uint8Array, batch * classes * pixels, out);
  solution.mask = { data: mask, shape: maskShape(view, options) };

  if (options.solver === 'threshold') {
    for (let at = 0; at < batch * classes; at++) {
      const offset = at * pixels;
      const top = thresholdTopSet(data, offset, pixels);
      writeTopMask(data, offset, pixels, top, mask as Uint8Array, offset);
      if (report) recordSelection(solution, at, data, offset, pixels, (i) => mask[offset + i] === 1);
    }
    return;
  }

  const labels = multiclass ? mask : new (labelType(classes - 1))(pixels);
  const best = new Float64Array(Math.min(pixels, ARGMAX_BLOCK));
  for (let b = 0; b < batch; b++) {
    const labelOffset = multiclass ? b * pixels : 0;
    argmaxInto(data, b * classes * pixels, classes, pixels, labels, labelOffset, best);
    if (!multiclass) {
      // One-hot masks of the argmax labels.
      for (let i = 0; i < pixels; i++) mask[(b * classes + labels[i]!) * pixels + i] = 1;
    }
    if (report) {
      for (let c = 0; c < classes; c++) {
        const at = b * classes + c;
        recordSelection(solution, at, data, at * pixels, pixels, (i) => labels[labelOffset + i] === c);
      }
    }
  }
}

/** Volume, cutoff and expected accuracy of one class mask, given which pixels it selects. */
function recordSelection(
  solution: Solution,
  at: number,
  data: ArrayLike<number>,
  offset: number,
  pixels: number,
  selected: (i: number) => boolean,
): void {
  let sum = 0;
  let count = 0;
  let selectedSum = 0;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < pixels; i++) {
    const p = data[offset + i]!;
    sum += p;
    if (selected(i)) {
      count++;
      selectedSum += p;
      if (p < min) min = p;
    }
  }
  solution.volume[at] = count;
  solution.cutoff[at] = count > 0 ? min : Number.NaN;
  solution.expected[at] = expectedAccuracy(pixels, sum, count, selectedSum);
}
