/** argmax (or p > 0.5) against RankSEG on one scene: masks, expected scores, timings, metrics. */
import { diceScore, expectedScore, iouScore, rankseg, solve } from 'rankseg';
// the library's catalog of solvers, read from source like the rest of the library (vite.config.ts)
import { type OverlapMetric, SOLVERS, solverNamed, solversFor } from '../../src/solvers/catalog';
import { meanOf, rmaEstimate } from './rmaEstimate';
import type { Scene } from './scene';

/** The controls. */
export interface Settings {
  metric: OverlapMetric;
  solver: string;
  smooth: number;
  pruningProb: number;
}

/** One mask and its figures. */
export interface MaskResult {
  /** `[H·W]` label map (binary: 0/1). */
  labels: Uint8Array;
  /** The number the table shows as "expected": class mean. */
  expected: number;
  expectedPerClass: Float64Array;
  /** How `expected` was obtained. */
  basis: string;
  /** RMA's estimate of this very mask (class mean), and per class. */
  rma: number;
  rmaPerClass: Float64Array;
  /** The exact expected score of this mask (`expectedScore`, class mean), and per class. */
  exact: number;
  exactPerClass: Float64Array;
  /** Pixels per class in the mask shown (binary: foreground pixels). */
  volume: Int32Array;
  /** RankSEG only: the volume τ each class's solver chose, before multiclass overlap resolution. */
  solverVolume?: Int32Array;
  /** Wall time of the call that made the mask, in milliseconds (median of warm runs, see timed). */
  ms: number;
  /** Against the scene's labels, when it has them: mean over classes (binary: the foreground). */
  scores?: { dice: number; iou: number };
}

/** Both masks, or the baseline and the reason RankSEG's solver failed. */
export interface Comparison {
  baseline: MaskResult;
  rankseg?: MaskResult;
  error?: string;
  /** Pixels RankSEG adds to / removes from the baseline's foreground (binary), or relabels. */
  added: number;
  removed: number;
  changed: number;
}

/**
 * Runs `fn` and measures it. The first call runs cold (the engine compiles the code on first use,
 * which can take longer than the work), so when it took < 100 ms the call is repeated, up to 15
 * times or ~80 ms, and the median of the repeats is reported; the browser's clock is coarse
 * (0.1 ms without cross-origin isolation), which repeating also helps with.
 */
function timed<T>(fn: () => T): { value: T; ms: number } {
  let start = performance.now();
  const value = fn();
  const first = performance.now() - start;
  if (first >= 100) return { value, ms: first };
  const times: number[] = [];
  let total = 0;
  while (times.length < 15 && total < 80) {
    start = performance.now();
    fn();
    const t = performance.now() - start;
    times.push(t);
    total += t;
  }
  times.sort((a, b) => a - b);
  return { value, ms: times[times.length >> 1]! };
}

/** A multilabel `[1, 1, H, W]` mask or a `[1, H, W]` label map, as a `[H·W]` label map. */
function labelMap(data: ArrayLike<number>, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = data[i]!;
  return out;
}

/**
 * The exact expected Dice/IoU of a mask, per class (rankseg's `expectedScore`); NaN where it
 * raises, so that the page still shows the rest.
 */
function exactScores(scene: Scene, labels: Uint8Array, metric: OverlapMetric, smooth: number): Float64Array {
  const { probs, classes, height, width } = scene;
  const shape = classes === 1 ? [1, 1, height, width] : [1, height, width];
  try {
    return expectedScore(
      { data: probs, shape: [1, classes, height, width] },
      { data: labels, shape },
      { metric, smooth },
    );
  } catch {
    // e.g. a smooth the solver refuses too: the note shows the solver's message
    return new Float64Array(classes).fill(Number.NaN);
  }
}

/** Dice and IoU of a label map against the scene's labels (class mean; binary: the foreground). */
function scoresOf(scene: Scene, labels: Uint8Array): { dice: number; iou: number } | undefined {
  if (!scene.labels) return undefined;
  const shape = [1, scene.height, scene.width];
  if (scene.classes === 1) {
    const masks = { pred: { data: labels, shape: [1, 1, ...shape.slice(1)] } };
    const target = { data: scene.labels, shape: [1, 1, ...shape.slice(1)] };
    const opts = { input: 'masks' as const };
    return {
      dice: diceScore(masks.pred, target, opts).perClass[0]!,
      iou: iouScore(masks.pred, target, opts).perClass[0]!,
    };
  }
  const opts = { numClasses: scene.classes, ignoreIndex: 255, input: 'labels' as const };
  const pred = { data: labels, shape };
  const target = { data: scene.labels, shape };
  return { dice: diceScore(pred, target, opts).mean, iou: iouScore(pred, target, opts).mean };
}

/** A solver's name as the table shows it (the catalog's label). */
function solverLabel(name: string): string {
  const solver = solverNamed(name);
  return solver === undefined ? name : SOLVERS[solver].label;
}

/** Computes everything the page shows for `scene` under `settings`. */
export function compare(scene: Scene, settings: Settings): Comparison {
  const { probs, classes, height, width } = scene;
  const n = height * width;
  const tensor = { data: probs, shape: [1, classes, height, width] };
  const binary = classes === 1;
  const outputMode = binary ? 'multilabel' : 'multiclass';
  const { metric, smooth } = settings;

  const base = timed(() =>
    rankseg(tensor, { metric: 'accuracy', solver: binary ? 'threshold' : 'argmax', outputMode }),
  );
  const baseLabels = labelMap(base.value.data, n);
  const baseRma = rmaEstimate(probs, classes, baseLabels, metric, smooth);
  const baseExact = exactScores(scene, baseLabels, metric, smooth);
  const baseline: MaskResult = {
    labels: baseLabels,
    expected: meanOf(baseRma.perClass),
    expectedPerClass: baseRma.perClass,
    basis: 'RMA estimate',
    rma: meanOf(baseRma.perClass),
    rmaPerClass: baseRma.perClass,
    exact: meanOf(baseExact),
    exactPerClass: baseExact,
    volume: baseRma.volume,
    ms: base.ms,
  };
  const baseScores = scoresOf(scene, baseLabels);
  if (baseScores) baseline.scores = baseScores;

  const options = { metric, solver: settings.solver, smooth, pruningProb: settings.pruningProb, outputMode };
  let sol: { value: ReturnType<typeof solve>; ms: number };
  try {
    sol = timed(() => solve(tensor, options));
  } catch (error) {
    return {
      baseline,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      added: 0,
      removed: 0,
      changed: 0,
    };
  }
  const labels = labelMap(sol.value.mask.data, n);
  const rma = rmaEstimate(probs, classes, labels, metric, smooth);
  const exact = exactScores(scene, labels, metric, smooth);
  const result: MaskResult = {
    labels,
    expected: meanOf(sol.value.expected),
    expectedPerClass: sol.value.expected,
    basis: `solve().expected (${solverLabel(settings.solver)})`,
    rma: meanOf(rma.perClass),
    rmaPerClass: rma.perClass,
    exact: meanOf(exact),
    exactPerClass: exact,
    volume: rma.volume,
    solverVolume: sol.value.volume,
    ms: sol.ms,
  };
  const scores = scoresOf(scene, labels);
  if (scores) result.scores = scores;

  let added = 0;
  let removed = 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const a = baseLabels[i]!;
    const b = labels[i]!;
    if (a === b) continue;
    changed++;
    if (binary) {
      if (b === 1) added++;
      else removed++;
    }
  }
  return { baseline, rankseg: result, added, removed, changed };
}

/**
 * Which solvers this build of rankseg runs, found by trying each on a tiny tensor (a solver that
 * is recognized but not built throws).
 * @returns solver → undefined when it works, else the error message.
 */
export function probeSolvers(): Map<string, string | undefined> {
  const tiny = { data: new Float32Array([0.9, 0.6, 0.3, 0.1]), shape: [1, 1, 2, 2] };
  const out = new Map<string, string | undefined>();
  const pairs = (['dice', 'iou'] as const).flatMap((metric) =>
    solversFor(metric).map((s) => [metric, s] as const),
  );
  for (const [metric, solver] of pairs) {
    try {
      solve(tiny, { metric, solver, outputMode: 'multilabel' });
      out.set(`${metric}/${solver}`, undefined);
    } catch (error) {
      out.set(`${metric}/${solver}`, error instanceof Error ? error.message : String(error));
    }
  }
  return out;
}
