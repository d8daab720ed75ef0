/**
 * How one task is solved: the synchronous solver on a zero-copy sub-tensor. This is the one place
 * the parallel layer depends on how the solver works inside; see {@link solveTask}.
 *
 * @module
 */

import type { ResolvedOptions } from '../api/options';
import { runPublic } from '../api/predict';
import type { SolverSource } from '../api/run';
import type { MaskData, Solution } from '../api/types';
import type { FloatArray } from '../kernels/types';
import { isOverlapMetric } from '../solvers/catalog';

/**
 * Solves a sub-tensor with the public synchronous solver, so that its bytes are those of
 * `solve()` by construction. Valid because, for the splits of `planTasks`, each image (and in
 * multilabel output each image-class slice) is decided from its own values alone: RMA, BA, TRNA,
 * exact and threshold choose every slice alone; argmax and the multiclass overlap resolution of
 * DESIGN §3.5 look at one image's classes together, so those split by image only.
 *
 * With `report` false (`rankseg`), accuracy solvers skip the pass that fills volume, cutoff and
 * expected; they come back zero. A worker passes `solverFor` to reuse one Dice/IoU solver's
 * workspaces (histograms, index lists) across its tasks, and `out`, its part of the shared output
 * mask, for the solver to write the mask there (of the kind `maskArrayFor` gives; cleared first).
 *
 * One multiclass image split across threads runs the solver's steps instead (imageSteps.ts).
 *
 * @example
 * ```ts
 * solveTask(new Float32Array([0.9, 0.2]), [1, 1, 2], { outputMode: 'multilabel' }, true).volume; // [1]
 * ```
 */
export function solveTask(
  data: FloatArray,
  shape: number[],
  options: Record<string, unknown>,
  report: boolean,
  solverFor?: SolverSource,
  out?: MaskData,
): Solution {
  return runPublic({ data, shape }, options, report, solverFor, out);
}

/**
 * The mask array `solve()` returns for the whole tensor, so that tasks' masks can be written into
 * it (or into shared memory of its kind): 0/1 bytes `[B, C, D]` in multilabel output; labels
 * `[B, D]` in the smallest unsigned type holding C − 1 (and `voidIndex` under the `'void'` policy of
 * the Dice/IoU solvers) in multiclass output. The workers check that each task's mask has this kind.
 *
 * @example
 * ```ts
 * maskArrayFor(resolveOptions({ unassignedPolicy: 'void', voidIndex: 300 }), 2, 3, 4); // Uint16Array(8)
 * ```
 */
export function maskArrayFor(
  options: ResolvedOptions,
  batch: number,
  classes: number,
  pixels: number,
  buffer?: (bytes: number) => ArrayBufferLike,
): MaskData {
  if (options.outputMode === 'multilabel') return labels(Uint8Array, batch * classes * pixels, buffer);
  const voids = isOverlapMetric(options.metric) && options.unassignedPolicy === 'void';
  const maxLabel = voids ? Math.max(classes - 1, options.voidIndex) : classes - 1;
  const length = batch * pixels;
  if (maxLabel <= 0xff) return labels(Uint8Array, length, buffer);
  if (maxLabel <= 0xffff) return labels(Uint16Array, length, buffer);
  return labels(Uint32Array, length, buffer);
}

type LabelConstructor = typeof Uint8Array | typeof Uint16Array | typeof Uint32Array;

function labels(
  Type: LabelConstructor,
  length: number,
  buffer: ((bytes: number) => ArrayBufferLike) | undefined,
): MaskData {
  if (buffer === undefined) return new Type(length);
  // the typed-array constructors take shared buffers too (their declared overloads do not say so)
  return new Type(buffer(length * Type.BYTES_PER_ELEMENT) as ArrayBuffer, 0, length);
}
