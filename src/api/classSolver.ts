import { Correlator } from '../kernels/Correlator';
import type { SliceRanking } from '../kernels/SliceRanking';
import type { FloatArray } from '../kernels/types';
import { BaWorkspace, solveBa } from '../solvers/ba';
import { solveExactClass } from '../solvers/exact';
import { prepareRankDice, RankDiceWorkspace } from '../solvers/rankDiceProblem';
import { type ClassChoice, type SliceFigures, solveRma } from '../solvers/rma';
import type { OverlapMetric } from '../solvers/rmaObjective';
import { solveTrna, TrnaWorkspace } from '../solvers/trna';
import type { ResolvedOptions } from './options';

/**
 * One Dice/IoU solver applied to one image-class slice. It leaves `ranking` loaded with a kept
 * list that holds every selected pixel (masks and overlap resolution read it).
 */
export type ClassSolver = (
  data: FloatArray,
  offset: number,
  length: number,
  figures: SliceFigures,
  ranking: SliceRanking,
) => ClassChoice;

/** BA+TRNA uses BA when Γ's standard deviation makes 1/σ < 0.2 (JMLR; the reference's rule). */
const BA_WHEN_INVERSE_SD_BELOW = 0.2;

/**
 * The per-class solver for the options, with its workspaces (made once per call and reused
 * across images and classes).
 */
export function classSolverFor(options: ResolvedOptions): ClassSolver {
  const metric: OverlapMetric = options.metric === 'iou' ? 'iou' : 'dice';
  const { smooth, eps, solver } = options;
  if (solver === 'rma') {
    return (data, offset, length, figures, ranking) =>
      solveRma(data, offset, length, figures, metric, smooth, ranking);
  }
  if (solver === 'exact') {
    return (data, offset, length, _figures, ranking) => {
      const { volume, expected, cutoff } = solveExactClass(data, offset, length, metric, smooth);
      // The kept list needs every selected pixel: all p ≥ p₍τ₎ (everything when p₍τ₎ is unknown).
      ranking.load(data, offset, length, Number.isNaN(cutoff) ? 0 : cutoff);
      return { top: ranking.topSetOfVolume(volume), expected };
    };
  }
  const problems = new RankDiceWorkspace();
  const correlator = new Correlator();
  const ba = new BaWorkspace();
  const trna = new TrnaWorkspace();
  return (data, offset, length, figures, ranking) => {
    const problem = prepareRankDice(data, offset, length, figures, smooth, eps, ranking, problems);
    const useBa =
      solver === 'ba' || (solver === 'ba+trna' && 1 / problem.moments.sd < BA_WHEN_INVERSE_SD_BELOW);
    if (useBa) return solveBa(problem, smooth, ranking, correlator, ba);
    return solveTrna(problem, smooth, ranking, correlator, trna);
  };
}
