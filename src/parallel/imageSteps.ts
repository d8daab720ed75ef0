/**
 * The steps of one multiclass image split across the workers (DESIGN §4.2), as a worker runs
 * them: choose classes (each marking its selection as a bit plane), claim and sum pixel ranges,
 * resolve pixel ranges. Each step calls the serial `solve`'s functions (api/run.ts), on the image
 * in shared memory.
 *
 * @module
 */

import { classSolverFor } from '../api/classSolver';
import { type ResolvedOptions, resolveOptions } from '../api/options';
import { classChoices, recordChoice } from '../api/run';
import type { ClassSolver } from '../api/solveClassSlice';
import { chooseClassSlice } from '../api/solveClassSlice';
import { invalidValueError } from '../api/tensor';
import type { MaskData } from '../api/types';
import { ClassSelection } from '../kernels/ClassSelection';
import { planeWords } from '../kernels/selectionBits';
import type { FloatArray } from '../kernels/types';
import type { OverlapMetric } from '../solvers/catalog';
import { type ClassChoices, OverlapResolver } from '../solvers/OverlapResolver';
import { type ImageStepMessage, viewOf } from './protocol';

/** What a step sends back: a `'choose'` step its classes' figures and choices. */
export interface StepResult {
  volume: Int32Array;
  cutoff: Float32Array;
  expected: Float64Array;
  choices?: ClassChoices;
}

/** One worker's workspaces, kept across steps and calls. */
interface Workspace {
  key: string;
  options: ResolvedOptions;
  solver: ClassSolver;
  sel: ClassSelection;
  resolver: OverlapResolver;
}

let kept: { key: string; solver: ClassSolver } | undefined;
let workspace: Workspace | undefined;

/**
 * The per-class solver for `options`, kept by this thread while calls use the same options (its
 * workspaces grow once, not per task). What a worker lends `solveTask`.
 *
 * @throws Error for an accuracy solver (see `classSolverFor`).
 * @example
 * ```ts
 * solveTask(data, shape, options, true, keptSolverFor);
 * ```
 */
export function keptSolverFor(options: ResolvedOptions): ClassSolver {
  const key = JSON.stringify(options);
  if (kept?.key !== key) kept = { key, solver: classSolverFor(options) };
  return kept.solver;
}

/** The workspace for `options`: the kept one when they are the same, else a new one. */
function workspaceFor(options: Record<string, unknown>): Workspace {
  const key = JSON.stringify(options);
  if (workspace?.key !== key) {
    const resolved = resolveOptions(options);
    workspace = {
      key,
      options: resolved,
      solver: keptSolverFor(resolved),
      sel: new ClassSelection(),
      resolver: new OverlapResolver(),
    };
  }
  return workspace;
}

/**
 * Runs one step of a split image.
 *
 * @throws RangeError for a value of the image that is not a probability (a `'choose'` step;
 *   the calling thread re-derives the error `solve` gives); Error for a malformed message.
 * @example
 * ```ts
 * runImageStep({ id: 0, kind: 'choose', probs, classes: 21, pixels, options: {}, from: 0, to: 1 });
 * ```
 */
export function runImageStep(step: ImageStepMessage): StepResult {
  const ws = workspaceFor(step.options);
  const data = viewOf(step.probs) as FloatArray;
  const { classes, pixels, from, to } = step;
  const { metric, smooth } = ws.options as ResolvedOptions & { metric: OverlapMetric };
  const bits = viewOf(step.bits) as Uint32Array;
  const words = planeWords(pixels);
  if (step.kind === 'choose') {
    const n = to - from;
    const result = {
      volume: new Int32Array(n),
      cutoff: new Float32Array(n),
      expected: new Float64Array(n),
      choices: classChoices(n),
    };
    const sel = ws.sel;
    for (let c = from; c < to; c++) {
      bits.fill(0, c * words, (c + 1) * words);
      const bad = chooseClassSlice(ws.solver, data, c * pixels, pixels, sel, metric, smooth, bits, c * words);
      if (bad >= 0) throw invalidValueError('probs', bad, data[bad]!);
      recordChoice(result.choices, c - from, sel);
      result.volume[c - from] = sel.volume;
      result.cutoff[c - from] = sel.cutoff;
      result.expected[c - from] = sel.expected;
    }
    return result;
  }
  const { labels, blockSums, settled, choices } = step;
  if (!labels || !blockSums || !settled || !choices)
    throw new Error(`rankseg: a ${step.kind} step lacks its arrays`);
  const resolver = ws.resolver;
  const rule = { policy: ws.options.unassignedPolicy, voidIndex: ws.options.voidIndex };
  resolver.attach(data, 0, pixels, classes, viewOf(labels) as MaskData, 0, rule, {
    scratch: step.scratch ? (viewOf(step.scratch) as Uint32Array) : null,
    blockSums: viewOf(blockSums) as Float64Array,
    settled: viewOf(settled) as Int32Array,
  });
  if (step.kind === 'claim') {
    resolver.claimBits(bits, words, from, to);
  } else {
    resolver.prepare(choices, metric, smooth);
    resolver.resolveRange(from, to);
  }
  return { volume: new Int32Array(0), cutoff: new Float32Array(0), expected: new Float64Array(0) };
}
