/**
 * Where the command line runs its jobs: in its own thread, or on a pool of worker threads.
 *
 * @module
 */

import { Worker } from 'node:worker_threads';
import type { FileJob } from './fileJob';
import { JOB_WORKER_ROLE, type JobMessage, type JobReply, type JobWorkerData } from './jobWorker';
import { onStop } from './signals';
import { TEMP_LOG_BYTES, TempFileLog } from './tempFileLog';
import { UsageError } from './usage';

/** Runs {@link FileJob}s, at most `concurrency` at once. */
export interface JobRunner {
  /** Jobs that may run at once: 1 in this thread, the number of workers in a pool. */
  readonly concurrency: number;
  /** Threads each job may solve on (`solveAsync` when more than 1). */
  readonly threadsPerJob: number;
  /** Runs one job; resolves with its result or rejects with its error (a `UsageError` stays one). */
  run<Q, R>(job: FileJob<Q, R>, request: Q): Promise<R>;
  /** Ends the runner's threads (a pool's workers); resolves when they are gone. */
  close(): Promise<void>;
}

/**
 * A runner that runs each job in this thread, when it is asked (`--jobs 1`, or one file), each
 * job solving on `threads` threads.
 *
 * @example
 * ```ts
 * const result = await inlineRunner(1).run(predictJob, request);
 * ```
 */
export function inlineRunner(threads: number): JobRunner {
  return {
    concurrency: 1,
    threadsPerJob: threads,
    run: (job, request) => job.run(request),
    close: async () => {},
  };
}

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** The script every worker runs: it must call `serveJobs` with the program's jobs (`dist/cli.js` does). */
  script: URL;
  /** Workers at most (≥ 1); they are started when there is work for them. */
  size: number;
  /** Threads each job may solve on (default 1: its worker's own). */
  threadsPerJob?: number;
}

/** A job handed to the pool, until its worker answers. */
interface Pending {
  message: JobMessage;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/** One worker and what it is doing. */
interface Slot {
  worker: Worker;
  log: TempFileLog;
  busy: Pending | undefined;
  /** Why it stopped, when it failed (an uncaught error, memory exhausted). */
  failure: Error | undefined;
}

/**
 * A pool of worker threads running {@link FileJob}s by name: each worker runs one job at a time, so
 * at most `size` jobs (files) are in memory at once. Jobs start in the order they are asked for.
 * A job's error comes back as an `Error` with its message (a `UsageError` as a `UsageError`). A
 * worker that dies (an uncaught error, out of memory) fails the job it was running, its unfinished
 * files are removed, and a new worker takes the next job.
 *
 * On SIGINT/SIGTERM (see `removeTempFilesOnExit`) the pool is stopped: the workers are terminated,
 * then the temporary files they had open are removed (each worker publishes them, before creating
 * them, in a {@link TempFileLog} in shared memory); jobs under way never settle, so nothing more
 * is printed before the process exits. {@link WorkerPool.close} must be called when the work is
 * done (in a `finally`), or the workers keep the process alive.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool({ script: new URL(import.meta.url), size: 4 });
 * try {
 *   const sizes = await Promise.all(files.map((path) => pool.run(sizeJob, { path })));
 * } finally {
 *   await pool.close();
 * }
 * ```
 */
export class WorkerPool implements JobRunner {
  readonly concurrency: number;
  readonly threadsPerJob: number;
  private readonly script: URL;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private stopped = false;
  private readonly release: () => void;

  /** @throws {RangeError} for a size that is not an integer ≥ 1. */
  constructor(options: WorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new RangeError(`a worker pool needs size >= 1; got ${options.size}`);
    }
    this.concurrency = options.size;
    this.threadsPerJob = options.threadsPerJob ?? 1;
    this.script = options.script;
    this.release = onStop({ stop: () => this.stop(), removeSync: () => this.removeFilesSync() });
  }

  run<Q, R>(job: FileJob<Q, R>, request: Q): Promise<R> {
    if (this.stopped) return new Promise(() => {}); // stopping for a signal: the process is ending
    return new Promise<R>((resolve, reject) => {
      const message = { id: this.nextId++, job: job.name, request };
      this.queue.push({ message, resolve: resolve as (result: unknown) => void, reject });
      this.pump();
    });
  }

  /** Terminates every worker; jobs still queued are dropped. */
  async close(): Promise<void> {
    this.release();
    this.stopped = true;
    this.queue.length = 0;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    this.slots.length = 0;
  }

  /** For a signal: terminates every worker, then removes their unfinished files; returns how many. */
  private async stop(): Promise<number> {
    this.stopped = true;
    this.queue.length = 0;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    return this.removeFilesSync();
  }

  private removeFilesSync(): number {
    return this.slots.reduce((sum, slot) => sum + slot.log.removeFilesSync(), 0);
  }

  /** Hands queued jobs to idle workers, starting workers up to the pool's size. */
  private pump(): void {
    while (this.queue.length > 0 && !this.stopped) {
      let slot = this.slots.find((s) => s.busy === undefined);
      if (slot === undefined) {
        if (this.slots.length >= this.concurrency) return;
        slot = this.spawn();
      }
      const pending = this.queue.shift()!;
      slot.busy = pending;
      slot.worker.postMessage(pending.message);
    }
  }

  private spawn(): Slot {
    const log = new TempFileLog(new SharedArrayBuffer(TEMP_LOG_BYTES));
    const workerData: JobWorkerData = { role: JOB_WORKER_ROLE, tempLog: log.buffer };
    const worker = new Worker(this.script, { workerData });
    const slot: Slot = { worker, log, busy: undefined, failure: undefined };
    worker.on('message', (reply: JobReply) => this.settle(slot, reply));
    worker.on('error', (error) => {
      slot.failure = error;
    });
    worker.on('exit', (code) => this.exited(slot, code));
    this.slots.push(slot);
    return slot;
  }

  private settle(slot: Slot, reply: JobReply): void {
    const pending = slot.busy;
    if (pending === undefined || pending.message.id !== reply.id) return;
    slot.busy = undefined;
    if (reply.ok) pending.resolve(reply.result);
    else {
      const { message, usage } = reply.error;
      pending.reject(usage ? new UsageError(message) : new Error(message));
    }
    this.pump();
  }

  /** A worker ended: by `close`/`stop` (nothing to do), or by itself (its job fails; replaced). */
  private exited(slot: Slot, code: number): void {
    if (this.stopped) return;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    slot.log.removeFilesSync();
    const pending = slot.busy;
    slot.busy = undefined;
    if (pending !== undefined) {
      const why = slot.failure?.message ?? `exit code ${code}`;
      pending.reject(new Error(`the worker thread stopped: ${why}`));
    }
    this.pump();
  }
}
