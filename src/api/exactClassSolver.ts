import { type ClassSelection, type PassScope, WHOLE_SLICE } from '../kernels/ClassSelection';
import type { FloatArray } from '../kernels/types';
import type { OverlapMetric } from '../solvers/catalog';
import {
  ExactWorkspace,
  type HistogramTotals,
  scanProbabilityHistogram,
  solveHistogrammed,
  solveTiny,
  TINY_SLICE,
} from '../solvers/exact';
import { copySlice } from './sliceBuffers';
import type { ClassSolver } from './solveClassSlice';

/**
 * The exact solver (DESIGN §3.1) as a {@link ClassSolver}: histogram pass, band pass, exact
 * scoring, no hull; the output pass visits the band pass's kept indices when they fit. Slices of
 * d ≤ 32 pixels go to the O(d²) programme (solveTiny).
 *
 * @example
 * // classSolverFor({ solver: 'exact', … }) makes one per call
 */
export class ExactClassSolver implements ClassSolver {
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
