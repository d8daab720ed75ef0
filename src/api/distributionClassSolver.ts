import { type ClassSelection, type PassScope, WHOLE_SLICE } from '../kernels/ClassSelection';
import { Correlator } from '../kernels/Correlator';
import { SliceHistogram } from '../kernels/SliceHistogram';
import { SliceRanking } from '../kernels/SliceRanking';
import { type MomentScan, scanMoments } from '../kernels/scanMoments';
import type { FloatArray } from '../kernels/types';
import { BaWorkspace, solveBa } from '../solvers/ba';
import { BaHistogramWorkspace, chooseBa, finishBa } from '../solvers/baHistogram';
import { prepareRankDice, RankDiceWorkspace } from '../solvers/rankDiceProblem';
import { solveTrna, TrnaWorkspace } from '../solvers/trna';
import { poissonBinomialSd } from '../stats/poissonBinomialMoments';
import { keptScope, SHORT_SLICE, SortBuffers } from './sliceBuffers';
import type { ClassSolver } from './solveClassSlice';

/**
 * BA, TRNA and BA+TRNA (DESIGN §3.3, §3.4) as a {@link ClassSolver}: a moments pass first; BA
 * then goes through a histogram and a hull (chooseBa, finishBa); TRNA, and BA on short slices,
 * rank the slice (prepareRankDice).
 *
 * @example
 * // classSolverFor({ solver: 'ba', … }) makes one per call
 */
export class DistributionClassSolver implements ClassSolver {
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
    /** BA (true) or TRNA for a slice whose Γ has standard deviation `sd`. */
    private readonly useBa: (sd: number) => boolean,
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
    const sd = poissonBinomialSd(moments.variance);
    const useBa = this.useBa(sd);
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
