/**
 * Multiclass images split across the workers (DESIGN §4.2): per image, three rounds of tasks —
 * the classes' choices (one class per task, each marking its selection in a shared bit plane),
 * then the claims and solo sums by pixel range, then
 * the resolution by pixel range — each the serial solver's own functions, so the bytes are
 * `solve`'s. Needs shared memory: every task reads the image and writes the shared labels.
 *
 * @module
 */

import type { ResolvedOptions } from '../api/options';
import { classChoices } from '../api/run';
import type { ProbabilityView } from '../api/tensor';
import type { MaskData, Solution } from '../api/types';
import { planeWords } from '../kernels/selectionBits';
import type { FloatArray } from '../kernels/types';
import { resolverArraySizes, SUM_BLOCK } from '../solvers/OverlapResolver';
import { runRound } from './poolRound';
import { type ImageStepMessage, refOf } from './protocol';
import type { AbortSignalLike } from './types';
import type { WorkerPool } from './WorkerPool';

declare function setTimeout(callback: () => void, ms: number): unknown;

/** Pixel ranges per thread in the claim and resolve rounds (their cost varies across an image). */
export const RANGES_PER_THREAD = 2;

/** What the split needs of the call. */
export interface SplitCall {
  view: ProbabilityView;
  resolved: ResolvedOptions;
  /** The options each task resolves (as `solve` would). */
  options: Record<string, unknown>;
  solution: Solution;
  /** The input in shared memory, and whether it still has to be copied there from `view.data`. */
  input: { array: FloatArray; copy: boolean };
  /** The shared output mask. */
  mask: MaskData;
  threads: number;
  /** Called with the values solved since the last call. */
  progress(values: number): void;
}

/**
 * Pixel ranges `[from, to)` of whole {@link SUM_BLOCK}s covering `pixels`: `threads` ×
 * {@link RANGES_PER_THREAD} of them at most, of nearly equal size.
 *
 * @example
 * ```ts
 * pixelRanges(3 * 65536, 1); // [[0, 65536], [65536, 196608]]
 * ```
 */
export function pixelRanges(pixels: number, threads: number): [number, number][] {
  const blocks = Math.ceil(pixels / SUM_BLOCK);
  const count = Math.max(1, Math.min(blocks, threads * RANGES_PER_THREAD));
  const ranges: [number, number][] = [];
  for (let k = 0; k < count; k++) {
    const from = Math.floor((k * blocks) / count) * SUM_BLOCK;
    const to = Math.min(pixels, Math.floor(((k + 1) * blocks) / count) * SUM_BLOCK);
    ranges.push([from, to]);
  }
  return ranges;
}

/**
 * Solves every image of the call, one after the other, each split across the pool's workers.
 *
 * @throws (rejects with) the errors of `runRound`.
 * @example
 * ```ts
 * await solveSplitImages(pool, call, signal);
 * ```
 */
export async function solveSplitImages(
  pool: WorkerPool,
  call: SplitCall,
  signal: AbortSignalLike | undefined,
): Promise<void> {
  const { view, resolved, options, solution, input, mask, threads } = call;
  const { data, batch, classes, pixels } = view;
  const imageValues = classes * pixels;
  const rule = { policy: resolved.unassignedPolicy, voidIndex: resolved.voidIndex };
  const sizes = resolverArraySizes(mask.subarray(0, 0), pixels, classes, rule);
  const blockSums = new Float64Array(new SharedArrayBuffer(8 * sizes.blockSums) as unknown as ArrayBuffer);
  const settled = new Int32Array(new SharedArrayBuffer(4 * sizes.settled) as unknown as ArrayBuffer);
  const scratch =
    sizes.scratch > 0
      ? new Uint32Array(new SharedArrayBuffer(4 * sizes.scratch) as unknown as ArrayBuffer)
      : undefined;
  const ranges = pixelRanges(pixels, threads);
  const bits = new Uint32Array(
    new SharedArrayBuffer(4 * classes * planeWords(pixels)) as unknown as ArrayBuffer,
  );

  for (let b = 0; b < batch; b++) {
    const start = b * imageValues;
    const image = input.array.subarray(start, start + imageValues);
    const labels = mask.subarray(b * pixels, (b + 1) * pixels);
    const step = (
      kind: ImageStepMessage['kind'],
      from: number,
      to: number,
    ): Omit<ImageStepMessage, 'id'> => ({
      kind,
      probs: refOf(image),
      classes,
      pixels,
      options,
      from,
      to,
      bits: refOf(bits),
    });

    // Class planes are copied into shared memory when their task is sent, and ahead of that
    // between the event loop's turns while the workers run (one plane per turn).
    let copied = input.copy ? 0 : classes;
    const copyThrough = (planes: number) => {
      for (; copied < Math.min(classes, planes); copied++) {
        const at = start + copied * pixels;
        input.array.set(data.subarray(at, at + pixels), at);
      }
    };
    const copyAhead = () => {
      if (copied >= classes || signal?.aborted) return;
      copyThrough(copied + 1);
      setTimeout(copyAhead, 0);
    };
    const choices = classChoices(classes);
    await runRound(
      pool,
      {
        limit: threads,
        count: classes,
        make: (c) => {
          copyThrough(c + 1);
          if (c === 0) setTimeout(copyAhead, 0);
          return { message: step('choose', c, c + 1), transfer: [] };
        },
        done: (c, reply) => {
          const at = b * classes + c;
          solution.volume[at] = reply.volume[0]!;
          solution.cutoff[at] = reply.cutoff[0]!;
          solution.expected[at] = reply.expected[0]!;
          const got = reply.choices!;
          choices.means[c] = got.means[0]!;
          choices.active[c] = got.active[0]!;
          choices.thresholds[c] = got.thresholds[0]!;
          choices.lastTies[c] = got.lastTies[0]!;
          choices.volumes[c] = got.volumes[0]!;
          // The choices count for all but one plane's worth; the resolution for the rest.
          call.progress(c === classes - 1 ? 0 : pixels);
        },
      },
      signal,
    );

    const shared = {
      labels: refOf(labels),
      blockSums: refOf(blockSums),
      settled: refOf(settled),
      choices,
      ...(scratch ? { scratch: refOf(scratch) } : {}),
    };
    for (const kind of ['claim', 'resolve'] as const) {
      await runRound(
        pool,
        {
          limit: threads,
          count: ranges.length,
          make: (k) => ({ message: { ...step(kind, ...ranges[k]!), ...shared }, transfer: [] }),
          done: (k) => {
            if (kind === 'resolve') call.progress(ranges[k]![1] - ranges[k]![0]);
          },
        },
        signal,
      );
    }
    solution.mask.data.set(labels, b * pixels);
  }
}
