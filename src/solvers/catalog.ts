/**
 * The names rankseg knows, each listed once: metrics, solvers, output modes, unassigned policies
 * and option names, with what each solver serves (metrics, output modes) and which options it
 * uses. Option parsing (`api/options.ts`), the solver dispatch (`api/classSolver.ts`), the command
 * line and the web demo read these tables; the types derive from them. The module imports
 * nothing, so every layer may read it.
 *
 * Adding a solver: one entry in {@link SOLVERS}, its file in `src/solvers/`, and its case in
 * `api/classSolver.ts` (the compiler points there: the switch is exhaustive).
 *
 * @module
 */

/** Output forms: one label per pixel, or one 0/1 mask per class (DESIGN §2). */
export const OUTPUT_MODES = ['multiclass', 'multilabel'] as const;
/**
 * `'multiclass'`: one label per pixel; `'multilabel'`: one 0/1 mask per class.
 *
 * @example
 * ```ts
 * import type { OutputMode } from 'rankseg';
 * const mode: OutputMode = 'multilabel';
 * ```
 */
export type OutputMode = (typeof OUTPUT_MODES)[number];

/** What a multiclass pixel selected by no class receives (DESIGN §3.5). */
export const UNASSIGNED_POLICIES = ['max_score', 'void'] as const;
/**
 * `'max_score'`: the best-scoring class; `'void'`: the label `voidIndex`.
 *
 * @example
 * ```ts
 * import type { UnassignedPolicy } from 'rankseg';
 * const policy: UnassignedPolicy = 'void';
 * ```
 */
export type UnassignedPolicy = (typeof UNASSIGNED_POLICIES)[number];

/**
 * The metrics a solver maximizes. `overlap`: Dice and IoU, whose expectation RankSEG maximizes
 * over top-τ masks (DESIGN §3.1–§3.5); `accuracy`: per-pixel accuracy (DESIGN §3.6).
 */
export const METRICS = {
  dice: { kind: 'overlap', aliases: [] },
  iou: { kind: 'overlap', aliases: [] },
  accuracy: { kind: 'accuracy', aliases: ['acc'] },
} as const satisfies Record<string, { kind: 'overlap' | 'accuracy'; aliases: readonly string[] }>;

/**
 * The metric a solver maximizes. `'acc'` is accepted as an alias of `'accuracy'`.
 *
 * @example
 * ```ts
 * import type { Metric } from 'rankseg';
 * const metric: Metric = 'iou';
 * ```
 */
export type Metric = keyof typeof METRICS;

/** Another name accepted for a metric (`'acc'`). */
export type MetricAlias = (typeof METRICS)[Metric]['aliases'][number];

/** The two metrics whose expectation RankSEG maximizes over top-τ masks: Dice and IoU. */
export type OverlapMetric = {
  [M in Metric]: (typeof METRICS)[M]['kind'] extends 'overlap' ? M : never;
}[Metric];

/**
 * Options every call takes, whatever the solver: what to maximize, how to read the input, the
 * output form, what to check.
 */
export const GENERAL_OPTIONS = [
  'metric',
  'solver',
  'outputMode',
  'activation',
  'layout',
  'validate',
] as const;

/** Options that tune a solver; each solver lists those it uses ({@link SOLVERS}). */
export const SOLVER_OPTIONS = ['smooth', 'pruningProb', 'eps', 'unassignedPolicy', 'voidIndex'] as const;
/** One of {@link SOLVER_OPTIONS}. */
export type SolverOption = (typeof SOLVER_OPTIONS)[number];

/** Solver options that label the pixels of multiclass output only (no meaning for 0/1 masks). */
export const MULTICLASS_OPTIONS: readonly SolverOption[] = ['unassignedPolicy', 'voidIndex'];

/** Every option name of `rankseg()`, `solve()` and `RankSEG`. */
export const OPTION_NAMES = [...GENERAL_OPTIONS, ...SOLVER_OPTIONS] as const;

/**
 * Options of `solveAsync()` and `ranksegAsync()` alone (how to run, not what to compute): the
 * synchronous calls refuse them with a RangeError saying so, rather than run on one thread.
 */
export const ASYNC_OPTIONS = ['threads', 'onProgress', 'signal'] as const;

/** What the table says about one solver. */
interface SolverEntry {
  /** Other names accepted for it (matched case-insensitively, as the name). */
  aliases: readonly string[];
  /** The metrics it maximizes. */
  metrics: readonly Metric[];
  /** The output modes it can produce. */
  outputModes: readonly OutputMode[];
  /** The output modes in which it is the default solver of its metrics. */
  defaultIn: readonly OutputMode[];
  /** The fewest class channels it works on (argmax over one channel labels everything 0). */
  minClasses: number;
  /** The {@link SOLVER_OPTIONS} it uses; any other given is a RangeError. */
  options: readonly SolverOption[];
  /** The name as tables and pictures show it (the papers' acronyms in capitals). */
  label: string;
  /** One line for help texts. */
  summary: string;
}

// Dice/IoU solvers: s, pruning, and the labels of unassigned multiclass pixels; BA/TRNA add eps.
const OVERLAP = ['smooth', 'pruningProb', 'unassignedPolicy', 'voidIndex'] as const;
const REFINED_NORMAL = ['smooth', 'pruningProb', 'eps', 'unassignedPolicy', 'voidIndex'] as const;

/**
 * The solvers, in the order messages and help texts list them. The default solver of a metric in
 * an output mode is the one serving it whose `defaultIn` holds that mode.
 */
export const SOLVERS = {
  rma: {
    aliases: [],
    metrics: ['dice', 'iou'],
    outputModes: OUTPUT_MODES,
    defaultIn: OUTPUT_MODES,
    minClasses: 1,
    options: OVERLAP,
    label: 'RMA',
    summary: 'reciprocal moment approximation (Wang & Dai 2025), O(d)',
  },
  ba: {
    aliases: [],
    metrics: ['dice'],
    outputModes: OUTPUT_MODES,
    defaultIn: [],
    minClasses: 1,
    options: REFINED_NORMAL,
    label: 'BA',
    summary: 'blind approximation: a refined normal law of the label count (JMLR §4)',
  },
  trna: {
    aliases: [],
    metrics: ['dice'],
    outputModes: OUTPUT_MODES,
    defaultIn: [],
    minClasses: 1,
    options: REFINED_NORMAL,
    label: 'TRNA',
    summary: 'a refined normal law per left-out pixel (JMLR eq. 9–12)',
  },
  'ba+trna': {
    aliases: [],
    metrics: ['dice'],
    outputModes: OUTPUT_MODES,
    defaultIn: [],
    minClasses: 1,
    options: REFINED_NORMAL,
    label: 'BA+TRNA',
    summary: 'BA where the label count is concentrated (1/σ < 0.2), TRNA elsewhere',
  },
  exact: {
    aliases: [],
    metrics: ['dice', 'iou'],
    outputModes: OUTPUT_MODES,
    defaultIn: [],
    minClasses: 1,
    options: OVERLAP,
    label: 'exact',
    summary: 'the exact expected score (error < 1e-13): the best of all masks',
  },
  argmax: {
    aliases: [],
    metrics: ['accuracy'],
    outputModes: OUTPUT_MODES,
    defaultIn: ['multiclass'],
    minClasses: 2,
    options: [],
    label: 'argmax',
    summary: 'the most probable class per pixel (one-hot masks in multilabel output)',
  },
  threshold: {
    aliases: ['tr'],
    metrics: ['accuracy'],
    outputModes: ['multilabel'],
    defaultIn: ['multilabel'],
    minClasses: 1,
    options: [],
    label: 'p > 0.5',
    summary: 'p > 0.5 per pixel and class',
  },
} as const satisfies Record<string, SolverEntry>;

/**
 * A solver: Dice rma, ba, trna, ba+trna, exact; IoU rma, exact; accuracy argmax, threshold
 * (alias tr). What each serves and uses: `SOLVERS` in the catalog.
 *
 * @example
 * ```ts
 * import type { Solver } from 'rankseg';
 * const solver: Solver = 'exact';
 * ```
 */
export type Solver = keyof typeof SOLVERS;

/** Another name accepted for a solver (`'tr'`). */
export type SolverAlias = (typeof SOLVERS)[Solver]['aliases'][number];

/** Every solver, in table order. */
export const SOLVER_NAMES = Object.keys(SOLVERS) as Solver[];

/**
 * The metric a name stands for (lower-case, aliases included), or `undefined`.
 *
 * @example
 * ```ts
 * metricNamed('acc'); // 'accuracy'
 * metricNamed('f1'); // undefined
 * ```
 */
export function metricNamed(name: string): Metric | undefined {
  for (const metric of Object.keys(METRICS) as Metric[]) {
    if (name === metric || (METRICS[metric].aliases as readonly string[]).includes(name)) return metric;
  }
  return undefined;
}

/**
 * The solver a name stands for (lower-case, aliases included), or `undefined`.
 *
 * @example
 * ```ts
 * solverNamed('tr'); // 'threshold'
 * ```
 */
export function solverNamed(name: string): Solver | undefined {
  for (const solver of SOLVER_NAMES) {
    if (name === solver || (SOLVERS[solver].aliases as readonly string[]).includes(name)) return solver;
  }
  return undefined;
}

/**
 * The solvers that maximize `metric`, in table order.
 *
 * @example
 * ```ts
 * solversFor('iou'); // ['rma', 'exact']
 * ```
 */
export function solversFor(metric: Metric): Solver[] {
  return SOLVER_NAMES.filter((s) => (SOLVERS[s].metrics as readonly Metric[]).includes(metric));
}

/**
 * The solver used for `metric` in `outputMode` when none is named.
 *
 * @example
 * ```ts
 * defaultSolver('accuracy', 'multilabel'); // 'threshold'
 * ```
 */
export function defaultSolver(metric: Metric, outputMode: OutputMode): Solver {
  const found = solversFor(metric).find((s) =>
    (SOLVERS[s].defaultIn as readonly OutputMode[]).includes(outputMode),
  );
  // The catalog test checks that every metric has a default in every output mode.
  return found!;
}

/**
 * Whether `metric` is Dice or IoU (not accuracy).
 *
 * @example
 * ```ts
 * isOverlapMetric('iou'); // true
 * ```
 */
export function isOverlapMetric(metric: Metric): metric is OverlapMetric {
  return METRICS[metric].kind === 'overlap';
}
