import { ExactWorkspace } from '../exact/ExactWorkspace';
import { type HistogramTotals, scanProbabilityHistogram } from '../exact/probabilityHistogram';
import { solveHistogrammed } from '../exact/solveSlice';
import { solveTiny, TINY_SLICE } from '../exact/solveTiny';
import { sortDescending } from '../exact/sortDescending';
import { type ClassSelection, type PassScope, WHOLE_SLICE } from '../kernels/ClassSelection';
import { Correlator } from '../kernels/Correlator';
import { KEPT_LIMIT, SliceHistogram } from '../kernels/SliceHistogram';
import { SliceRanking } from '../kernels/SliceRanking';
import { type MomentScan, scanMoments } from '../kernels/scanMoments';
import type { FloatArray } from '../kernels/types';
import { BaWorkspace, solveBa } from '../solvers/ba';
import { BaHistogramWorkspace, chooseBa, finishBa } from '../solvers/baHistogram';
import { prepareRankDice, RankDiceWorkspace } from '../solvers/rankDiceProblem';
import { finishRma, solveRma, solveRmaSorted } from '../solvers/rma';
import { type FloorGuess, guessRmaFloor, RMA_FLOOR_SAMPLES } from '../solvers/rmaFloor';
import type { OverlapMetric } from '../solvers/rmaObjective';
import { HULL_LIMIT, HullRefiner } from '../solvers/rmaRefine';
import { solveTrna, TrnaWorkspace } from '../solvers/trna';
import type { ResolvedOptions } from './options';

/**
 * One Dice/IoU solver applied to the image-class slices of a call, one slice at a time:
 * 1. `scan` — the first pass: validates the slice, sets `sel.mean` (μ, index order) and
 *    `sel.active` (its largest p exceeds pruningProb); returns the absolute index of the first value that is not a probability, or −1;
 * 2. `choose` — only for an unpruned slice: sets `sel` to the choice, or to a hull of pixels
 *    still to rank (`sel.pending`) that the output pass records;
 * 3. `finish` — after the output pass, when `sel.pending`: ranks the hull and settles `sel`.
 * `scope` (after `choose`) tells the output pass which pixels it must visit: the whole slice, or
 * a bounded list of candidates the first pass kept. Workspaces are made once per call and
 * reused across images and classes; nothing proportional to the slice is kept between steps.
 */
export interface ClassSolver {
  scan(data: FloatArray, offset: number, length: number, sel: ClassSelection): number;
  choose(sel: ClassSelection): void;
  scope(): PassScope;
  finish(sel: ClassSelection): void;
}

/** The histogram's kept indices when complete, else the whole slice. */
function keptScope(hist: SliceHistogram, scope: PassScope): PassScope {
  if (!hist.keptValid) return WHOLE_SLICE;
  scope.indices = hist.kept;
  scope.count = hist.binned;
  return scope;
}

/** BA+TRNA uses BA when Γ's standard deviation makes 1/σ < 0.2 (JMLR; the reference's rule). */
const BA_WHEN_INVERSE_SD_BELOW = 0.2;

/** Slices up to this length are copied and sorted instead of histogrammed. */
const SHORT_SLICE = 256;

/** The per-class solver for the options. */
export function classSolverFor(options: ResolvedOptions): ClassSolver {
  const metric: OverlapMetric = options.metric === 'iou' ? 'iou' : 'dice';
  const { smooth, pruningProb } = options;
  if (options.solver === 'rma') return new RmaSolver(metric, smooth, pruningProb);
  if (options.solver === 'exact') return new ExactSolver(metric, smooth, pruningProb);
  return new DistributionSolver(options.solver, smooth, options.eps, pruningProb);
}

/** Sorted copies of hulls and short slices. */
class SortBuffers {
  sorted = new Float64Array(SHORT_SLICE);
  private scratch = new Float64Array(SHORT_SLICE);

  /** values[0…n) sorted descending, in `sorted`. */
  sortedCopy(values: Float64Array, n: number): Float64Array {
    if (this.sorted.length < n) {
      this.sorted = new Float64Array(2 * n);
      this.scratch = new Float64Array(2 * n);
    }
    const out = this.sorted;
    out.set(values.subarray(0, n));
    sortInPlace(out, n, this.scratch);
    return out;
  }

  /** Sorts sorted[0…n) descending in place. */
  sortShort(n: number): Float64Array {
    sortInPlace(this.sorted, n, this.scratch);
    return this.sorted;
  }
}

/** Sorts a[0…n) descending: insertion below 33 values, radix/built-in above. */
function sortInPlace(a: Float64Array, n: number, scratch: Float64Array): void {
  if (n > 32) {
    sortDescending(a, n, scratch);
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i;
    while (j > 0 && a[j - 1]! < v) {
      a[j] = a[j - 1]!;
      j--;
    }
    a[j] = v;
  }
}

/**
 * Copies a short slice into `into` (validating it) and sets sel.mean (index order) and
 * sel.active; returns the first invalid absolute index, or −1.
 */
function copySlice(
  data: FloatArray,
  offset: number,
  length: number,
  into: Float64Array,
  sel: ClassSelection,
  pruningProb: number,
): number {
  let sum = 0;
  let max = 0;
  for (let i = 0; i < length; i++) {
    const p = data[offset + i]!;
    if (!(p >= 0 && p <= 1)) return offset + i;
    into[i] = p;
    sum += p;
    if (p > max) max = p;
  }
  sel.mean = sum;
  sel.active = max > pruningProb;
  return -1;
}

/** RMA (DESIGN §3.2): one histogram pass above a sampled floor; the hull ranked after the output pass. */
class RmaSolver implements ClassSolver {
  private readonly hist = new SliceHistogram();
  private readonly sample = new Float64Array(RMA_FLOOR_SAMPLES);
  private readonly guess: FloorGuess = { floor: 0, share: 1 };
  private readonly refiner = new HullRefiner();
  private keep = 0;
  private readonly buffers = new SortBuffers();
  private readonly listed: PassScope = { indices: null, count: 0 };
  private data: FloatArray = new Float32Array(0);
  private offset = 0;
  private length = 0;

  constructor(
    private readonly metric: OverlapMetric,
    private readonly smooth: number,
    private readonly pruningProb: number,
  ) {}

  scope(): PassScope {
    return this.length <= SHORT_SLICE ? WHOLE_SLICE : keptScope(this.hist, this.listed);
  }

  scan(data: FloatArray, offset: number, length: number, sel: ClassSelection): number {
    this.data = data;
    this.offset = offset;
    this.length = length;
    const { pruningProb } = this;
    if (length <= SHORT_SLICE) return copySlice(data, offset, length, this.buffers.sorted, sel, pruningProb);
    const hist = this.hist;
    const guess = this.guess;
    guessRmaFloor(data, offset, length, this.metric, this.smooth, this.sample, guess);
    // Keep the binned pixels' indices when the sample says they are few: at most a quarter of
    // the slice (a denser list reads no faster than the slice) and within the list's limit.
    this.keep = guess.share * length <= Math.min(KEPT_LIMIT / 2, length / 4) ? KEPT_LIMIT : 0;
    if (!hist.scan(data, offset, length, guess.floor, this.keep)) return hist.invalidAt;
    let active = hist.exceeds(data, offset, pruningProb);
    if (active === null) {
      // The pixels that decide the pruning lie below the floor.
      hist.scan(data, offset, length, 0, this.keepAll());
      active = hist.exceeds(data, offset, pruningProb)!;
    }
    sel.mean = hist.sum;
    sel.active = active;
    return -1;
  }

  /** The kept-index budget of a scan that bins every pixel. */
  private keepAll(): number {
    return this.length <= KEPT_LIMIT ? KEPT_LIMIT : 0;
  }

  choose(sel: ClassSelection): void {
    const { metric, smooth, length } = this;
    if (length <= SHORT_SLICE) {
      const sorted = this.buffers.sortShort(length);
      solveRmaSorted(sorted, length, sel.mean, metric, smooth, sel);
      return;
    }
    if (!solveRma(this.hist, metric, smooth, sel)) {
      // The floor was above a volume that might be optimal: every pixel binned.
      this.hist.scan(this.data, this.offset, length, 0, this.keepAll());
      solveRma(this.hist, metric, smooth, sel);
    }
    if (sel.pending && sel.hullCapacity > HULL_LIMIT) {
      const { data, offset, hist } = this;
      this.refiner.refine(data, offset, length, this.scope(), sel, hist.sum, metric, smooth, HULL_LIMIT);
    }
  }

  finish(sel: ClassSelection): void {
    const n = sel.hullCount;
    const sorted = this.buffers.sortedCopy(sel.hullValues, n);
    finishRma(sel, sorted, n, this.hist.sum, this.metric, this.smooth);
  }
}

/** The exact solver (DESIGN §3.1): histogram pass, band pass, exact scoring; no hull. */
class ExactSolver implements ClassSolver {
  private readonly ws = new ExactWorkspace();
  private readonly totals: HistogramTotals = { sum: 0, max: 0 };
  private readonly listed: PassScope = { indices: null, count: 0 };
  private data: FloatArray = new Float32Array(0);
  private offset = 0;
  private length = 0;

  constructor(
    private readonly metric: OverlapMetric,
    private readonly smooth: number,
    private readonly pruningProb: number,
  ) {}

  scan(data: FloatArray, offset: number, length: number, sel: ClassSelection): number {
    this.data = data;
    this.offset = offset;
    this.length = length;
    if (length <= TINY_SLICE)
      return copySlice(data, offset, length, this.ws.tiny.sorted, sel, this.pruningProb);
    const bad = scanProbabilityHistogram(data, offset, length, this.ws.hist, this.totals);
    sel.mean = this.totals.sum;
    sel.active = this.totals.max > this.pruningProb;
    return bad;
  }

  choose(sel: ClassSelection): void {
    const { ws, data, offset, length, metric, smooth } = this;
    const choice =
      length <= TINY_SLICE
        ? solveTiny(ws.tiny, data, offset, length, metric, smooth)
        : solveHistogrammed(ws, data, offset, length, metric, smooth);
    if (choice.volume === 0) sel.setEmpty(choice.expected);
    else if (!Number.isNaN(choice.cutoff))
      sel.setTies(choice.cutoff, choice.above, choice.volume, choice.expected);
    else sel.setFrom(choice.headFrom, choice.volume, choice.expected);
  }

  scope(): PassScope {
    const { ws, listed } = this;
    if (this.length <= TINY_SLICE || !ws.keptValid) return WHOLE_SLICE;
    listed.indices = ws.kept;
    listed.count = ws.keptCount;
    return listed;
  }

  finish(): void {}
}

/**
 * BA, TRNA and BA+TRNA (DESIGN §3.3, §3.4): a moments pass first; BA then goes through a
 * histogram and a hull (chooseBa, finishBa); TRNA, and BA on short slices, rank the slice.
 */
class DistributionSolver implements ClassSolver {
  private readonly moments: MomentScan = {
    mean: 0,
    variance: 0,
    thirdCentral: 0,
    max: 0,
    halfCount: 0,
    halfSum: 0,
  };
  private readonly hist = new SliceHistogram();
  private readonly baHistogram = new BaHistogramWorkspace();
  private readonly buffers = new SortBuffers();
  private readonly correlator = new Correlator();
  private readonly problems = new RankDiceWorkspace();
  private readonly ranking = new SliceRanking();
  private readonly ba = new BaWorkspace();
  private readonly trna = new TrnaWorkspace();
  private readonly listed: PassScope = { indices: null, count: 0 };
  private histogrammed = false;
  private data: FloatArray = new Float32Array(0);
  private offset = 0;
  private length = 0;

  constructor(
    private readonly solver: string,
    private readonly smooth: number,
    private readonly eps: number,
    private readonly pruningProb: number,
  ) {}

  scan(data: FloatArray, offset: number, length: number, sel: ClassSelection): number {
    this.data = data;
    this.offset = offset;
    this.length = length;
    const bad = scanMoments(data, offset, length, this.moments);
    sel.mean = this.moments.mean;
    sel.active = this.moments.max > this.pruningProb;
    return bad;
  }

  choose(sel: ClassSelection): void {
    const { moments, data, offset, length, smooth, eps } = this;
    const sd = Math.sqrt(Math.max(moments.variance, 2 ** -52));
    const useBa = this.solver === 'ba' || (this.solver === 'ba+trna' && 1 / sd < BA_WHEN_INVERSE_SD_BELOW);
    this.histogrammed = useBa && length > SHORT_SLICE;
    if (this.histogrammed) {
      chooseBa(data, offset, length, moments, smooth, eps, this.hist, this.baHistogram, sel);
      return;
    }
    const figures = {
      sum: moments.mean,
      max: moments.max,
      halfCount: moments.halfCount,
      halfSum: moments.halfSum,
    };
    const problem = prepareRankDice(data, offset, length, figures, smooth, eps, this.ranking, this.problems);
    const choice = useBa
      ? solveBa(problem, smooth, this.ranking, this.correlator, this.ba)
      : solveTrna(problem, smooth, this.ranking, this.correlator, this.trna);
    const { threshold, lastTie, volume } = choice.top;
    sel.setRule(threshold, lastTie, volume, choice.expected);
  }

  scope(): PassScope {
    return this.histogrammed ? keptScope(this.hist, this.listed) : WHOLE_SLICE;
  }

  finish(sel: ClassSelection): void {
    const n = sel.hullCount;
    const sorted = this.buffers.sortedCopy(sel.hullValues, n);
    finishBa(sel, sorted, n, this.smooth, this.correlator, this.baHistogram);
  }
}
