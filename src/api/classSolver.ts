import { Correlator } from '../kernels/Correlator';
import type { SliceRanking } from '../kernels/SliceRanking';
import type { FloatArray } from '../kernels/types';
import { BaWorkspace, solveBa } from '../solvers/ba';
import { isOverlapMetric } from '../solvers/catalog';
import { solveExactClass } from '../solvers/exact';
import { prepareRankDice, RankDiceWorkspace } from '../solvers/rankDiceProblem';
import { type ClassChoice, type SliceFigures, solveRma } from '../solvers/rma';
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
 * across images and classes). One case per Dice/IoU solver of the catalog: the switch is
 * exhaustive, so a solver added to the catalog's `SOLVERS` without a case here does not compile.
 *
 * @throws Error for an accuracy solver (those label pixels directly, see `run`).
 * @example
 * ```ts
 * const solveClass = classSolverFor(resolveOptions({ solver: 'exact' }));
 * ```
 */
export function classSolverFor(options: ResolvedOptions): ClassSolver {
  const { metric, smooth, eps, solver } = options;
  if (!isOverlapMetric(metric)) throw new Error(`metric '${metric}' has no per-class solver`);
  switch (solver) {
    case 'rma':
      return (data, offset, length, figures, ranking) =>
        solveRma(data, offset, length, figures, metric, smooth, ranking);
    case 'exact':
      return (data, offset, length, _figures, ranking) => {
        const { volume, expected, cutoff } = solveExactClass(data, offset, length, metric, smooth);
        // The kept list needs every selected pixel: all p ≥ p₍τ₎ (everything when p₍τ₎ is unknown).
        ranking.load(data, offset, length, Number.isNaN(cutoff) ? 0 : cutoff);
        return { top: ranking.topSetOfVolume(volume), expected };
      };
    case 'ba':
      return rankDiceSolver(smooth, eps, () => true);
    case 'trna':
      return rankDiceSolver(smooth, eps, () => false);
    case 'ba+trna':
      return rankDiceSolver(smooth, eps, (sd) => 1 / sd < BA_WHEN_INVERSE_SD_BELOW);
    case 'argmax':
    case 'threshold':
      throw new Error(`solver '${solver}' has no per-class solver`);
    default:
      return unreachable(solver);
  }
}

/** BA or TRNA (JMLR §4) per image-class, `useBa(σ)` choosing between them; shared workspaces. */
function rankDiceSolver(smooth: number, eps: number, useBa: (sd: number) => boolean): ClassSolver {
  const problems = new RankDiceWorkspace();
  const correlator = new Correlator();
  const ba = new BaWorkspace();
  const trna = new TrnaWorkspace();
  return (data, offset, length, figures, ranking) => {
    const problem = prepareRankDice(data, offset, length, figures, smooth, eps, ranking, problems);
    if (useBa(problem.moments.sd)) return solveBa(problem, smooth, ranking, correlator, ba);
    return solveTrna(problem, smooth, ranking, correlator, trna);
  };
}

function unreachable(value: never): never {
  throw new Error(`unhandled solver ${String(value)}`);
}
