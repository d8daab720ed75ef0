/**
 * The one place where the volume view calls rankseg's solver: `solveAsync`, which spreads the
 * solve over a pool of Web Workers (started from inside the volume worker) and reports progress.
 * The page ends a job early by aborting it, or by terminating the volume worker (see client.ts).
 */
import { type ProbabilityTensor, type RanksegOptions, type Solution, solveAsync } from 'rankseg';

/** Progress and cancellation, passed on to `solveAsync`. */
export interface SolveControl {
  /** Called with the fraction of values solved, 0…1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * RankSEG on `probs`, on every core the browser reports.
 * @throws (rejects with) whatever `solveAsync` throws (RangeError for an option it refuses); the
 *   signal's reason when it is aborted.
 */
export function solveVolume(
  probs: ProbabilityTensor,
  options: RanksegOptions,
  control: SolveControl = {},
): Promise<Solution> {
  return solveAsync(probs, {
    ...options,
    signal: control.signal,
    onProgress: ({ done, total }) => control.onProgress?.(done / total),
  });
}
