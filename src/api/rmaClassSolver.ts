import type { ClassSelection, PassScope } from '../kernels/ClassSelection';
import { WHOLE_SLICE } from '../kernels/ClassSelection';
import { KEPT_LIMIT, SliceHistogram } from '../kernels/SliceHistogram';
import type { FloatArray } from '../kernels/types';
import type { OverlapMetric } from '../solvers/catalog';
import { finishRma, solveRma, solveRmaSorted } from '../solvers/rma';
import { type FloorGuess, guessRmaFloor, RMA_FLOOR_SAMPLES } from '../solvers/rmaFloor';
import { HULL_LIMIT, HullRefiner } from '../solvers/rmaRefine';
import { copySlice, keptScope, SHORT_SLICE, SortBuffers } from './sliceBuffers';
import type { ClassSolver } from './solveClassSlice';

/**
 * RMA (DESIGN §3.2) as a {@link ClassSolver}: one histogram pass above a sampled floor
 * (guessRmaFloor, SliceHistogram), the choice or a hull from the bins (solveRma, refined when
 * large), the hull ranked after the output pass (finishRma). Short slices are sorted instead.
 *
 * @example
 * // classSolverFor({ solver: 'rma', … }) makes one per call
 */
export class RmaClassSolver implements ClassSolver {
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
