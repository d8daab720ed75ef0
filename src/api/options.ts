import type { Activation, Layout } from './activation';
import { formatValue } from './formatValue';
import type { Metric, OutputMode, Solver, UnassignedPolicy } from './types';

/** Options after defaults, aliases and range checks. */
export interface ResolvedOptions {
  metric: Metric;
  solver: Solver;
  outputMode: OutputMode;
  smooth: number;
  pruningProb: number;
  eps: number;
  unassignedPolicy: UnassignedPolicy;
  voidIndex: number;
  activation: Activation;
  layout: Layout;
}

const METRICS: Record<string, Metric> = { dice: 'dice', iou: 'iou', accuracy: 'accuracy', acc: 'accuracy' };
const SOLVERS_BY_METRIC: Record<Metric, readonly Solver[]> = {
  dice: ['rma', 'ba', 'trna', 'ba+trna', 'exact'],
  iou: ['rma', 'exact'],
  accuracy: ['argmax', 'threshold'],
};
const SOLVER_ALIASES: Record<string, Solver> = { tr: 'threshold' };
const ALL_SOLVERS: readonly Solver[] = ['rma', 'ba', 'trna', 'ba+trna', 'exact', 'argmax', 'threshold'];
const OUTPUT_MODES: readonly OutputMode[] = ['multiclass', 'multilabel'];
const POLICIES: readonly UnassignedPolicy[] = ['max_score', 'void'];
const OPTION_NAMES = [
  'metric',
  'solver',
  'outputMode',
  'smooth',
  'pruningProb',
  'eps',
  'unassignedPolicy',
  'voidIndex',
  'activation',
  'layout',
] as const;
const ACTIVATIONS: readonly Activation[] = ['none', 'softmax', 'sigmoid'];
const LAYOUTS: readonly Layout[] = ['channels-first', 'channels-last'];
export const DEFAULT_VOID_INDEX = 255;

/**
 * Validates options and fills in defaults (DESIGN §2). Checks that need the number of classes
 * are in {@link checkOptionsForClasses}.
 *
 * @throws TypeError for an option of the wrong kind; RangeError for an unknown option name, an
 *   unknown or mismatched metric/solver/mode/policy, or a value out of range.
 */
export function resolveOptions(options: unknown = {}): ResolvedOptions {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`options must be an object; got ${formatValue(options)}`);
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key) && given[key] !== undefined) {
      throw new RangeError(`unknown option ${formatValue(key)}; valid options: ${OPTION_NAMES.join(', ')}`);
    }
  }

  const metric = METRICS[readChoice(given, 'metric', 'dice')];
  if (metric === undefined) {
    throw new RangeError(`unknown metric ${formatValue(given.metric)}; valid: dice, iou, accuracy (or acc)`);
  }
  const outputMode = readChoice(given, 'outputMode', 'multiclass') as OutputMode;
  if (!OUTPUT_MODES.includes(outputMode)) {
    throw new RangeError(
      `unknown outputMode ${formatValue(given.outputMode)}; valid: ${OUTPUT_MODES.join(', ')}`,
    );
  }
  const solver = resolveSolver(given, metric, outputMode);

  const smooth = readNumber(given, 'smooth', 0);
  if (!(smooth >= 0) || !Number.isFinite(smooth)) {
    throw new RangeError(`smooth must be a finite number >= 0; got ${formatValue(given.smooth)}`);
  }
  const pruningProb = readNumber(given, 'pruningProb', 0.5);
  if (!(pruningProb >= 0 && pruningProb <= 1)) {
    throw new RangeError(`pruningProb must lie in [0, 1]; got ${formatValue(given.pruningProb)}`);
  }
  const eps = readNumber(given, 'eps', 1e-4);
  if (!(eps > 0 && eps < 1)) throw new RangeError(`eps must lie in (0, 1); got ${formatValue(given.eps)}`);

  const unassignedPolicy = readChoice(given, 'unassignedPolicy', 'max_score') as UnassignedPolicy;
  if (!POLICIES.includes(unassignedPolicy)) {
    throw new RangeError(
      `unknown unassignedPolicy ${formatValue(given.unassignedPolicy)}; valid: ${POLICIES.join(', ')}`,
    );
  }
  const voidIndex = readNumber(given, 'voidIndex', DEFAULT_VOID_INDEX);
  if (!Number.isInteger(voidIndex) || voidIndex < 0 || voidIndex > 0xffffffff) {
    throw new RangeError(
      `voidIndex must be an integer in [0, 4294967295]; got ${formatValue(given.voidIndex)}`,
    );
  }
  if (outputMode === 'multilabel' && (unassignedPolicy === 'void' || voidIndex !== DEFAULT_VOID_INDEX)) {
    const which = unassignedPolicy === 'void' ? "unassignedPolicy 'void'" : `voidIndex ${voidIndex}`;
    throw new RangeError(`${which} only applies to outputMode 'multiclass'; got outputMode 'multilabel'`);
  }
  const activation = readChoice(given, 'activation', 'none') as Activation;
  if (!ACTIVATIONS.includes(activation)) {
    throw new RangeError(
      `unknown activation ${formatValue(given.activation)}; valid: ${ACTIVATIONS.join(', ')}`,
    );
  }
  const layout = readChoice(given, 'layout', 'channels-first') as Layout;
  if (!LAYOUTS.includes(layout)) {
    throw new RangeError(`unknown layout ${formatValue(given.layout)}; valid: ${LAYOUTS.join(', ')}`);
  }
  return {
    metric,
    solver,
    outputMode,
    smooth,
    pruningProb,
    eps,
    unassignedPolicy,
    voidIndex,
    activation,
    layout,
  };
}

/**
 * The checks that depend on the number of classes C.
 *
 * @throws RangeError for multiclass output of a single channel, argmax over a single channel, or
 *   a `voidIndex` inside [0, C) under the `'void'` policy.
 */
export function checkOptionsForClasses(options: ResolvedOptions, classes: number): void {
  if (classes === 1 && options.outputMode === 'multiclass') {
    throw new RangeError(
      "outputMode 'multiclass' needs at least 2 class channels; probs has 1 (a binary task): use outputMode 'multilabel'",
    );
  }
  if (classes === 1 && options.solver === 'argmax') {
    throw new RangeError(
      "solver 'argmax' needs at least 2 class channels; for 1 channel use solver 'threshold'",
    );
  }
  if (options.unassignedPolicy === 'void' && options.voidIndex < classes) {
    throw new RangeError(
      `voidIndex ${options.voidIndex} is a class label (probs has ${classes} classes); it must lie outside [0, ${classes})`,
    );
  }
}

function resolveSolver(given: Record<string, unknown>, metric: Metric, outputMode: OutputMode): Solver {
  const fallback = metric === 'accuracy' ? (outputMode === 'multiclass' ? 'argmax' : 'threshold') : 'rma';
  const name = readChoice(given, 'solver', fallback);
  const solver = SOLVER_ALIASES[name] ?? (name as Solver);
  if (!ALL_SOLVERS.includes(solver)) {
    throw new RangeError(
      `unknown solver ${formatValue(given.solver)}; valid for metric '${metric}': ${SOLVERS_BY_METRIC[metric].join(', ')}`,
    );
  }
  if (!SOLVERS_BY_METRIC[metric].includes(solver)) {
    throw new RangeError(
      `solver '${solver}' does not serve metric '${metric}'; valid: ${SOLVERS_BY_METRIC[metric].join(', ')}`,
    );
  }
  if (solver === 'threshold' && outputMode === 'multiclass') {
    throw new RangeError(
      "solver 'threshold' gives overlapping per-class masks: use outputMode 'multilabel', or solver 'argmax'",
    );
  }
  return solver;
}

function readChoice(given: Record<string, unknown>, key: string, fallback: string): string {
  const value = given[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new TypeError(`${key} must be a string; got ${formatValue(value)}`);
  return value.trim().toLowerCase();
}

function readNumber(given: Record<string, unknown>, key: string, fallback: number): number {
  const value = given[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`${key} must be a number; got ${formatValue(value)}`);
  return value;
}
