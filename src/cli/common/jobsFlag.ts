/**
 * `--jobs N`: how many files a command processes at once, each on its own worker thread.
 *
 * @module
 */

import type { Command } from 'commander';
import type { CliContext } from './context';
import { parseInteger } from './options';
import { UsageError } from './usage';
import { inlineRunner, type JobRunner, WorkerPool } from './workerPool';

/** `--jobs` as commander parses it (absent: the number of cores). */
export interface JobsFlags {
  jobs?: number;
}

/**
 * Adds `--jobs <n>` to a command; `what` says what runs in parallel (`'files'`).
 *
 * @example
 * ```ts
 * addJobsFlag(program.command('predict'), ctx, 'files processed at once, one thread each');
 * ```
 */
export function addJobsFlag(command: Command, ctx: CliContext, what: string): Command {
  return command.option('--jobs <n>', `${what} (default: ${ctx.cores}, the cores)`, parseInteger);
}

/**
 * The `--jobs` value: the flag, or the number of cores.
 *
 * @throws {UsageError} for a value below 1.
 * @example
 * ```ts
 * jobsOf(ctx, { jobs: 4 }); // 4
 * ```
 */
export function jobsOf(ctx: CliContext, flags: JobsFlags): number {
  const jobs = flags.jobs ?? ctx.cores;
  if (jobs < 1) throw new UsageError(`--jobs must be an integer >= 1; got ${jobs}`);
  return jobs;
}

/**
 * Where `count` jobs run: in this thread when `jobs` is 1 or there is at most one of them, else on
 * a pool of min(`jobs`, `count`) worker threads running `ctx.workerScript`. Each job may solve on
 * ⌊`jobs` / runners⌋ threads (`threadsPerJob`; `solveAsync` when more than one): one file gets
 * every thread, 3 files on `--jobs 8` two each. The caller closes it (in a `finally`).
 *
 * @example
 * ```ts
 * const runner = jobRunner(ctx, 4, files.length);
 * try { … await runner.run(predictJob, request) … } finally { await runner.close(); }
 * ```
 */
export function jobRunner(ctx: CliContext, jobs: number, count: number): JobRunner {
  const size = Math.min(jobs, count);
  if (size <= 1) return inlineRunner(jobs);
  return new WorkerPool({ script: ctx.workerScript, size, threadsPerJob: Math.floor(jobs / size) });
}
