/**
 * The one place where the volume view calls rankseg's solver. It has the shape of the library's
 * coming `solveAsync(probs, { ...options, onProgress, signal })` (issue 18, item 1): when that
 * lands, the body becomes `return solveAsync(probs, { ...options, onProgress, signal })` and the
 * solve spreads over a worker pool (from inside this worker, or from the page directly).
 *
 * Today it runs `solve` on the calling thread, which is the volume worker's thread: the page stays
 * free, and the solve cannot be interrupted half-way (the page ends a job early by terminating the
 * worker, see client.ts).
 */
import { type ProbabilityTensor, type RanksegOptions, type Solution, solve } from 'rankseg';

/** Progress and cancellation, as `solveAsync` will take them. */
export interface SolveControl {
  /** Called with the fraction done, 0…1 (today: 1 once, at the end). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * RankSEG on `probs`.
 * @throws whatever `solve` throws (RangeError for an option it refuses); the signal's reason when
 *   it is aborted before the solve starts.
 */
export async function solveVolume(
  probs: ProbabilityTensor,
  options: RanksegOptions,
  control: SolveControl = {},
): Promise<Solution> {
  control.signal?.throwIfAborted();
  const solution = solve(probs, options);
  control.onProgress?.(1);
  return solution;
}
