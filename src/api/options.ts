import {
  ASYNC_OPTIONS,
  defaultSolver,
  METRICS,
  type Metric,
  MULTICLASS_OPTIONS,
  metricNamed,
  OPTION_NAMES,
  OUTPUT_MODES,
  type OutputMode,
  SOLVER_NAMES,
  SOLVER_OPTIONS,
  SOLVERS,
  type Solver,
  type SolverOption,
  solverNamed,
  solversFor,
  UNASSIGNED_POLICIES,
  type UnassignedPolicy,
} from '../solvers/catalog';
import { ACTIVATIONS, type Activation, LAYOUTS, type Layout } from './activation';
import { formatValue } from './formatValue';
import { VALIDATIONS, type Validation } from './validation';

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
  validate: Validation;
}

export const DEFAULT_VOID_INDEX = 255;

/**
 * The caller's options object (`undefined` and `null` mean none), with every key that holds a
 * value checked against `valid`. An option counts as given when its value is not `undefined`.
 *
 * @param caller - prefixes the messages (e.g. `'postprocessSam: '`), or `''`.
 * @throws TypeError when `options` is not an object; RangeError for a name not in `valid` (the
 *   message lists the valid names).
 * @example
 * ```ts
 * readOptionsObject({ smoth: 1 }, ['metric', 'smooth'], ''); // throws: unknown option "smoth"; valid options: metric, smooth
 * ```
 */
export function readOptionsObject(
  options: unknown,
  valid: readonly string[],
  caller: string,
): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${caller}options must be an object; got ${formatValue(options)}`);
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!valid.includes(key) && given[key] !== undefined) {
      throw new RangeError(`${caller}unknown option ${formatValue(key)}; valid options: ${valid.join(', ')}`);
    }
  }
  return given;
}

/**
 * Validates options and fills in defaults (DESIGN §2): names, then metric, output mode and
 * solver, then which options the solver uses ({@link SOLVERS}), then each value. Checks that need
 * the number of classes are in {@link checkOptionsForClasses}.
 *
 * @throws TypeError for an option of the wrong kind; RangeError for an unknown option name, an
 *   unknown or mismatched metric/solver/mode/policy, an option the solver does not use, or a
 *   value out of range.
 * @example
 * ```ts
 * resolveOptions({ metric: 'acc' }).solver; // 'argmax'
 * resolveOptions({ solver: 'rma', eps: 1e-3 }); // throws: solver 'rma' does not use option eps …
 * ```
 */
export function resolveOptions(options: unknown = {}): ResolvedOptions {
  refuseAsyncOptions(options);
  const given = readOptionsObject(options, OPTION_NAMES, '');

  const metric = metricNamed(readChoice(given, 'metric', 'dice'));
  if (metric === undefined) {
    const names = (Object.keys(METRICS) as Metric[]).map((m) => withAliases(m, METRICS[m].aliases));
    throw new RangeError(`unknown metric ${formatValue(given.metric)}; valid: ${names.join(', ')}`);
  }
  const outputMode = readMember(given, 'outputMode', OUTPUT_MODES, 'multiclass');
  const solver = resolveSolver(given, metric, outputMode);
  checkSolverUses(given, solver, outputMode);

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
  const unassignedPolicy = readMember(given, 'unassignedPolicy', UNASSIGNED_POLICIES, 'max_score');
  const voidIndex = readNumber(given, 'voidIndex', DEFAULT_VOID_INDEX);
  if (!Number.isInteger(voidIndex) || voidIndex < 0 || voidIndex > 0xffffffff) {
    throw new RangeError(
      `voidIndex must be an integer in [0, 4294967295]; got ${formatValue(given.voidIndex)}`,
    );
  }
  const activation = readMember(given, 'activation', ACTIVATIONS, 'none');
  const layout = readMember(given, 'layout', LAYOUTS, 'channels-first');
  const validate = readMember(given, 'validate', VALIDATIONS, 'none');
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
    validate,
  };
}

/**
 * The checks that depend on the number of classes C.
 *
 * @throws RangeError for multiclass output of a single channel, argmax over a single channel, or
 *   a `voidIndex` inside [0, C) under the `'void'` policy.
 * @example
 * ```ts
 * checkOptionsForClasses(resolveOptions(), 1); // throws: outputMode 'multiclass' needs at least 2 class channels …
 * ```
 */
export function checkOptionsForClasses(options: ResolvedOptions, classes: number): void {
  if (classes === 1 && options.outputMode === 'multiclass') {
    throw new RangeError(
      "outputMode 'multiclass' needs at least 2 class channels; probs has 1 (a binary task): use outputMode 'multilabel'",
    );
  }
  const { minClasses } = SOLVERS[options.solver];
  if (classes < minClasses) {
    const others = solversFor(options.metric).filter((s) => SOLVERS[s].minClasses <= classes);
    throw new RangeError(
      `solver '${options.solver}' needs at least ${minClasses} class channels; for ${classes} channel${classes === 1 ? '' : 's'} use solver ${quoted(others)}`,
    );
  }
  if (options.unassignedPolicy === 'void' && options.voidIndex < classes) {
    throw new RangeError(
      `voidIndex ${options.voidIndex} is a class label (probs has ${classes} classes); it must lie outside [0, ${classes})`,
    );
  }
}

function resolveSolver(given: Record<string, unknown>, metric: Metric, outputMode: OutputMode): Solver {
  const name = readChoice(given, 'solver', defaultSolver(metric, outputMode));
  const solver = solverNamed(name);
  const valid = solversFor(metric);
  if (solver === undefined) {
    throw new RangeError(
      `unknown solver ${formatValue(given.solver)}; valid for metric '${metric}': ${valid.join(', ')}`,
    );
  }
  if (!valid.includes(solver)) {
    throw new RangeError(`solver '${solver}' does not serve metric '${metric}'; valid: ${valid.join(', ')}`);
  }
  const modes: readonly OutputMode[] = SOLVERS[solver].outputModes;
  if (!modes.includes(outputMode)) {
    const others = valid.filter((s) =>
      (SOLVERS[s].outputModes as readonly OutputMode[]).includes(outputMode),
    );
    // a multilabel-only solver decides each class alone, so its masks may overlap
    const why =
      modes.length === 1 && modes[0] === 'multilabel'
        ? 'overlapping per-class masks'
        : `${modes.join(' or ')} output`;
    throw new RangeError(
      `solver '${solver}' gives ${why}: use outputMode ${quoted(modes)}, or solver ${quoted(others)}`,
    );
  }
  return solver;
}

/**
 * Each given solver option must be one the solver uses (the reference package's
 * `_validate_solver_params`); the labels of unassigned pixels only exist in multiclass output.
 */
function checkSolverUses(given: Record<string, unknown>, solver: Solver, outputMode: OutputMode): void {
  const uses: readonly SolverOption[] = SOLVERS[solver].options;
  for (const option of SOLVER_OPTIONS) {
    const value = given[option];
    if (value === undefined) continue;
    if (!uses.includes(option)) {
      const users = SOLVER_NAMES.filter((s) => (SOLVERS[s].options as readonly string[]).includes(option));
      throw new RangeError(
        `solver '${solver}' does not use option ${option} (it applies to ${users.join(', ')})`,
      );
    }
    if (outputMode === 'multilabel' && MULTICLASS_OPTIONS.includes(option)) {
      const shown = typeof value === 'string' ? `'${value}'` : formatValue(value);
      throw new RangeError(
        `${option} ${shown} only applies to outputMode 'multiclass'; got outputMode 'multilabel'`,
      );
    }
  }
}

/** `threads`, `onProgress`, `signal` belong to solveAsync/ranksegAsync: a sync call would ignore them. */
function refuseAsyncOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) return;
  for (const option of ASYNC_OPTIONS) {
    if ((options as Record<string, unknown>)[option] !== undefined) {
      throw new RangeError(
        `option ${option} only applies to solveAsync() and ranksegAsync(); solve(), rankseg() and RankSEG run in the calling thread`,
      );
    }
  }
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(' or ');
}

function withAliases(name: string, aliases: readonly string[]): string {
  return aliases.length === 0 ? name : `${name} (or ${aliases.join(', ')})`;
}

function readChoice(given: Record<string, unknown>, key: string, fallback: string): string {
  const value = given[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new TypeError(`${key} must be a string; got ${formatValue(value)}`);
  return value.trim().toLowerCase();
}

/** A choice among `valid` (after trimming and lower-casing), or RangeError listing them. */
function readMember<T extends string>(
  given: Record<string, unknown>,
  key: string,
  valid: readonly T[],
  fallback: T,
): T {
  const value = readChoice(given, key, fallback);
  if (!(valid as readonly string[]).includes(value)) {
    throw new RangeError(`unknown ${key} ${formatValue(given[key])}; valid: ${valid.join(', ')}`);
  }
  return value as T;
}

function readNumber(given: Record<string, unknown>, key: string, fallback: number): number {
  const value = given[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`${key} must be a number; got ${formatValue(value)}`);
  return value;
}
