/**
 * The unit of work the command line runs on one file, in its own thread or on a worker thread.
 *
 * @module
 */

/**
 * One file's work (read → solve or score → write), run the same way in the main thread
 * (`--jobs 1`) and on a worker thread: `run` gets a request that survives the structured clone
 * (plain objects, arrays, typed arrays, `SharedArrayBuffer`s; no functions or class instances) and
 * returns a result of the same kind. A worker finds the job by `name` in the program's list
 * (`JOBS` in `src/cli/program.ts`), so every job must be listed there. `run` is async, so a job
 * may itself wait for other threads (an async solver for one large file).
 *
 * @example
 * ```ts
 * const sizeJob: FileJob<{ path: string }, number> = {
 *   name: 'size',
 *   run: async ({ path }) => (await stat(path)).size,
 * };
 * ```
 */
export interface FileJob<Q, R> {
  /** Unique among the program's jobs. */
  readonly name: string;
  /** Does the work; throws as the main thread would (a `UsageError` stops the whole run). */
  run(request: Q): Promise<R>;
}

/** A job of any request and result, as lists of jobs hold them. */
// biome-ignore lint/suspicious/noExplicitAny: a list of jobs of different request and result types
export type AnyFileJob = FileJob<any, any>;
