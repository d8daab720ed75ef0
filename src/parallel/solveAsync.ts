import { checkOptionsForClasses, type ResolvedOptions, resolveOptions } from '../api/options';
import { rankseg, solve } from '../api/predict';
import { type ProbabilityView, readProbabilities } from '../api/tensor';
import type { Mask, MaskData, ProbabilityTensor, Solution } from '../api/types';
import { checkDistribution } from '../api/validation';
import type { FloatArray } from '../kernels/types';
import { isOverlapMetric } from '../solvers/catalog';
import { readAsyncOptions } from './asyncOptions';
import { detectRuntime, type Runtime, type WorkerScript } from './environment';
import { planSplit, planTasks, type Task, taskUnit } from './planTasks';
import { abortReason, runRound, TaskError } from './poolRound';
import { type ArrayRef, kindOf, refOf, type SolveMessage, viewOf } from './protocol';
import { releaseSharedBuffer, takeSharedBuffer } from './sharedBuffers';
import { maskArrayFor, solveTask } from './solveTask';
import { solveSplitImages } from './splitImages';
import type { AbortSignalLike, SolveAsyncOptions, SolveProgress } from './types';
import { WorkerPool } from './WorkerPool';

declare function setTimeout(callback: () => void, ms: number): unknown;

/**
 * {@link solve} on worker threads: the same mask, volume, cutoff and expected, byte for byte, with
 * the calling thread free while it runs (a page stays responsive; a server keeps serving).
 *
 * The work is cut into contiguous tasks: runs of images and, in multilabel output, runs of
 * image-class slices (every solver but argmax decides each class alone); each task runs the
 * synchronous solver on its part. A large multiclass Dice/IoU image (≥ 2²¹ values, when whole
 * images would leave threads idle) is split across the workers with shared memory: its classes'
 * choices one class per task, then the claims and the overlap resolution by pixel range, the
 * per-class sums added per block of 2¹⁶ pixels in block order as `solve` adds them (DESIGN §4.2).
 * The input is checked in the calling thread first, so bad input rejects with the same TypeError or
 * RangeError as {@link solve}.
 *
 * Memory: where workers can share memory (Node; browsers when `crossOriginIsolated`), each task's
 * input is copied into one SharedArrayBuffer when the task starts — unless the data already lives
 * in one, or needs an activation or a transpose anyway (that copy, which `solve` makes too, is
 * made in shared memory), then nothing more is copied — and workers write the mask into a shared output, copied once
 * into the ordinary array returned. Elsewhere each task's input is copied and transferred to its
 * worker, and its mask transferred back (and a multiclass image is not split). Either way about
 * one extra copy of the input (4 or 8 bytes per value; ~20 ms per 100 MB into a reused buffer,
 * several times that into a fresh one) and of the mask; the caller's arrays are never detached
 * or written. Each worker keeps its solver's workspaces between tasks.
 *
 * Threads: Node's worker_threads (Node ≥ 20.16, reached without a static `node:` import) or Web
 * Workers, one pool per process or page, started when first needed, reused by later calls, grown
 * to the largest `threads` asked for. Idle workers never keep a Node process alive, so nothing
 * needs closing. Bundlers that understand `new Worker(new URL('./worker.js', import.meta.url))`
 * (Vite, webpack 5) bundle the worker; with Vite, list `rankseg` in `optimizeDeps.exclude`.
 *
 * @param probs - as {@link solve}; never modified.
 * @param options - those of {@link solve}, plus `threads`, `onProgress` and `signal` (see
 *   {@link SolveAsyncOptions}).
 * @returns a promise of the {@link Solution} {@link solve} returns for the same input.
 * @throws (rejects with) TypeError or RangeError as {@link solve}, and for a bad `threads` (not an
 *   integer ≥ 1), `onProgress` (not a function) or `signal`; the signal's reason (an `AbortError`)
 *   when aborted; an Error when a worker thread dies or cannot start.
 * @example
 * ```ts
 * import { solveAsync } from 'rankseg';
 * const probs = { data: new Float32Array([0.9, 0.6, 0.2, 0.05]), shape: [1, 1, 4] };
 * const { mask, volume } = await solveAsync(probs, { outputMode: 'multilabel', threads: 2 });
 * // mask.data = Uint8Array [1, 1, 0, 0]; volume = Int32Array [2], as solve() gives
 * ```
 */
export function solveAsync(probs: ProbabilityTensor, options?: SolveAsyncOptions): Promise<Solution> {
  return solveOnThreads(probs, options, true);
}

/**
 * {@link rankseg} on worker threads: the same mask, byte for byte, the calling thread free. How
 * it runs, what it copies and its options: {@link solveAsync}.
 *
 * @param probs - as {@link rankseg}; never modified.
 * @param options - those of {@link rankseg}, plus `threads`, `onProgress` and `signal`.
 * @throws (rejects with) the errors of {@link solveAsync}.
 * @example
 * ```ts
 * import { ranksegAsync } from 'rankseg';
 * const probs = { data: new Float32Array([0.9, 0.6, 0.3, 0.2, 0.1, 0.4, 0.7, 0.8]), shape: [1, 2, 2, 2] };
 * const mask = await ranksegAsync(probs, { signal: AbortSignal.timeout(10_000) });
 * // mask.shape = [1, 2, 2]; mask.data = Uint8Array [0, 0, 1, 1]
 * ```
 */
export async function ranksegAsync(probs: ProbabilityTensor, options?: SolveAsyncOptions): Promise<Mask> {
  return (await solveOnThreads(probs, options, false)).mask;
}

/** How tasks reach the workers (tests choose; the default follows the runtime). */
export interface ThreadSettings {
  /** The worker entry (default: this package's `worker.js`). */
  script?: WorkerScript;
  /** `'transfer'` copies and transfers each task's input even where memory can be shared. */
  transport?: 'shared' | 'transfer';
  /**
   * Multiclass Dice/IoU images split across the workers: `'auto'` (default) as `planSplit`
   * decides, `'always'` whenever possible (shared memory, more than one thread), `'never'`.
   */
  splitImages?: 'auto' | 'always' | 'never';
}

/**
 * The engine of {@link solveAsync} (`report` true) and {@link ranksegAsync} (`report` false).
 *
 * @throws as {@link solveAsync}.
 * @example
 * ```ts
 * await solveOnThreads(probs, { threads: 2 }, true, { transport: 'transfer' });
 * ```
 */
export async function solveOnThreads(
  probs: ProbabilityTensor,
  options: SolveAsyncOptions | undefined,
  report: boolean,
  settings: ThreadSettings = {},
): Promise<Solution> {
  const { solveOptions, threads, onProgress, signal } = readAsyncOptions(options);
  throwIfAborted(signal);
  // The checks of solve(), in its order, so that bad input fails here with its errors.
  const resolved = resolveOptions(solveOptions);
  const runtime = detectRuntime();
  const wanted = threads ?? runtime.cores;
  const inline = wanted === 1 || runtime.spawn === undefined;
  const shared = !inline && runtime.sharedMemory && settings.transport !== 'transfer';
  // An activated or transposed copy is made in shared memory at once, not copied there later.
  const allocate = shared ? sharedBuffer : undefined;
  const view = readProbabilities(probs, resolved, !isOverlapMetric(resolved.metric), 'probs', allocate);
  checkOptionsForClasses(resolved, view.classes);
  checkDistribution(view, resolved, 'probs');

  const multiclass = resolved.outputMode === 'multiclass';
  const unit = taskUnit(resolved.outputMode, resolved.solver);
  const tasks = planTasks(view, unit, multiclass, inline ? 1 : wanted);
  const canSplit =
    shared && multiclass && isOverlapMetric(resolved.metric) && settings.splitImages !== 'never';
  const split = canSplit && (settings.splitImages === 'always' || planSplit(view, wanted));
  const used = inline ? 1 : split ? Math.min(wanted, view.classes) : Math.min(wanted, tasks.length);
  const run: Run = {
    view,
    resolved,
    tasks,
    options: taskOptions(solveOptions),
    report,
    solution: emptySolution(view, resolved),
    progress: { done: 0, total: view.data.length, threads: used },
    onProgress,
  };
  try {
    if (inline) await runInline(run, signal);
    else await runOnPool(run, runtime, signal, settings, split);
  } catch (error) {
    if (error instanceof TaskError) throw inputError(probs, solveOptions, report, error);
    throw error;
  }
  return run.solution;
}

/** One call under way. */
interface Run {
  view: ProbabilityView;
  resolved: ResolvedOptions;
  tasks: Task[];
  /** The options each task's solve() gets. */
  options: Record<string, unknown>;
  report: boolean;
  solution: Solution;
  progress: { done: number; total: number; threads: number };
  onProgress: ((progress: SolveProgress) => void) | undefined;
}

/**
 * The error solve() gives for the whole input. Every input error is found by solve()'s checks,
 * which the calling thread ran, or by the Dice/IoU solvers' first pass (a value outside [0, 1]):
 * running solve() here throws it, naming the caller's index.
 */
function inputError(
  probs: ProbabilityTensor,
  options: Record<string, unknown>,
  report: boolean,
  error: TaskError,
) {
  try {
    if (report) solve(probs, options);
    else rankseg(probs, options);
  } catch (found) {
    return found;
  }
  return new Error(`rankseg: a task failed where solve() does not: ${error.message}`);
}

/** Options for the tasks: the input they get is already channels first, activated and validated. */
function taskOptions(solveOptions: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(solveOptions)) {
    if (value !== undefined && key !== 'activation' && key !== 'layout' && key !== 'validate')
      out[key] = value;
  }
  return out;
}

function emptySolution(view: ProbabilityView, resolved: ResolvedOptions): Solution {
  const { batch, classes, pixels, spatialShape } = view;
  const slices = batch * classes;
  const shape =
    resolved.outputMode === 'multiclass' ? [batch, ...spatialShape] : [batch, classes, ...spatialShape];
  return {
    mask: { data: maskArrayFor(resolved, batch, classes, pixels), shape },
    volume: new Int32Array(slices),
    cutoff: new Float32Array(slices),
    expected: new Float64Array(slices),
  };
}

/** Copies a task's figures and mask into the solution. */
function place(run: Run, task: Task, figures: Omit<Solution, 'mask'>, mask: MaskData): void {
  const { solution } = run;
  solution.volume.set(figures.volume, task.sliceStart);
  solution.cutoff.set(figures.cutoff, task.sliceStart);
  solution.expected.set(figures.expected, task.sliceStart);
  if (kindOf(mask) !== kindOf(solution.mask.data)) {
    throw new Error(`rankseg: a task's mask is ${kindOf(mask)}, the output ${kindOf(solution.mask.data)}`);
  }
  solution.mask.data.set(mask, task.maskStart);
  run.progress.done += task.inputLength;
  run.onProgress?.({ ...run.progress });
}

/** `threads: 1`, or no worker threads: the tasks one after another, a turn of the event loop between. */
async function runInline(run: Run, signal: AbortSignalLike | undefined): Promise<void> {
  const { data } = run.view;
  for (let k = 0; k < run.tasks.length; k++) {
    if (k > 0) await new Promise<void>((resolve) => setTimeout(resolve, 0));
    throwIfAborted(signal);
    const task = run.tasks[k]!;
    const input = data.subarray(task.inputStart, task.inputStart + task.inputLength);
    let solved: Solution;
    try {
      solved = solveTask(input, task.shape, run.options, run.report);
    } catch (error) {
      throw new TaskError((error as Error).message);
    }
    place(run, task, solved, solved.mask.data);
  }
}

const pools = new Map<string, WorkerPool>();

/** The tasks on the shared pool of worker threads. */
async function runOnPool(
  run: Run,
  runtime: Runtime,
  signal: AbortSignalLike | undefined,
  settings: ThreadSettings,
  split: boolean,
): Promise<void> {
  const key = settings.script?.href ?? '';
  let pool = pools.get(key);
  if (pool === undefined) {
    pool = new WorkerPool(runtime, settings.script);
    pools.set(key, pool);
  }
  const shared = runtime.sharedMemory && settings.transport !== 'transfer';
  const input = shared ? sharedInput(run.view.data) : undefined;
  const mask = shared
    ? maskArrayFor(run.resolved, run.view.batch, run.view.classes, run.view.pixels, takeSharedBuffer)
    : undefined;
  let finished = false;
  const { data } = run.view;
  const progress = (values: number) => {
    run.progress.done += values;
    run.onProgress?.({ ...run.progress });
  };
  try {
    if (split) {
      await solveSplitImages(
        pool,
        {
          view: run.view,
          resolved: run.resolved,
          options: run.options,
          solution: run.solution,
          input: input!,
          mask: mask!,
          threads: run.progress.threads,
          progress,
        },
        signal,
      );
      finished = true;
      return;
    }
    await runRound(
      pool,
      {
        limit: run.progress.threads,
        count: run.tasks.length,
        make(k) {
          const task = run.tasks[k]!;
          const end = task.inputStart + task.inputLength;
          let probs: ArrayRef;
          const transfer: ArrayBufferLike[] = [];
          if (input !== undefined) {
            if (input.copy) input.array.set(data.subarray(task.inputStart, end), task.inputStart);
            probs = refOf(input.array.subarray(task.inputStart, end));
          } else {
            const copy = data.slice(task.inputStart, end);
            probs = refOf(copy);
            transfer.push(copy.buffer);
          }
          const message: Omit<SolveMessage, 'id'> = {
            probs,
            shape: task.shape,
            options: run.options,
            report: run.report,
          };
          if (mask !== undefined)
            message.mask = refOf(mask.subarray(task.maskStart, task.maskStart + task.maskLength));
          return { message, transfer };
        },
        done(k, reply) {
          const task = run.tasks[k]!;
          // The shared mask is copied task by task into the caller's array while others still run.
          const returned =
            reply.mask !== undefined
              ? (viewOf(reply.mask) as MaskData)
              : mask!.subarray(task.maskStart, task.maskStart + task.maskLength);
          place(run, task, reply, returned);
        },
      },
      signal,
    );
    finished = true;
  } finally {
    // Tasks still on a worker (after a failure or an abort) only read the input; their answers
    // are dropped. They may still write the mask, so it is kept for reuse only after success.
    if (input?.copy) releaseSharedBuffer(input.array.buffer as SharedArrayBuffer);
    if (finished && mask !== undefined) releaseSharedBuffer(mask.buffer as SharedArrayBuffer);
  }
}

/** The input in shared memory: the caller's own array if it is shared already, else a copy made task by task. */
function sharedInput(data: FloatArray): { array: FloatArray; copy: boolean } {
  if (data.buffer instanceof SharedArrayBuffer) return { array: data, copy: false };
  const Type = data instanceof Float32Array ? Float32Array : Float64Array;
  const buffer = takeSharedBuffer(data.length * Type.BYTES_PER_ELEMENT) as unknown as ArrayBuffer;
  return { array: new Type(buffer, 0, data.length), copy: true };
}

function sharedBuffer(bytes: number): ArrayBuffer {
  return new SharedArrayBuffer(bytes) as unknown as ArrayBuffer;
}

function throwIfAborted(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}
