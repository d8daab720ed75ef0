/**
 * The worker-thread side of the command line's worker pool: runs the jobs the main thread sends.
 *
 * @module
 */

import type { MessagePort } from 'node:worker_threads';
import { watchTempFiles } from '../../io/node/tempFiles';
import type { AnyFileJob } from './fileJob';
import { TempFileLog } from './tempFileLog';
import { UsageError } from './usage';

/** `workerData.role` of the pool's workers (the same script also runs as the command line). */
export const JOB_WORKER_ROLE = 'rankseg-jobs';

/** What the pool gives each worker at its start. */
export interface JobWorkerData {
  role: typeof JOB_WORKER_ROLE;
  /** The worker's {@link TempFileLog}. */
  tempLog: SharedArrayBuffer;
}

/** A job to run: main thread → worker. */
export interface JobMessage {
  id: number;
  job: string;
  request: unknown;
}

/** A job's outcome: worker → main thread. */
export type JobReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; usage: boolean } };

/**
 * Whether `data` (a worker's `workerData`) makes this thread one of the pool's workers.
 *
 * @example
 * ```ts
 * if (!isMainThread && isJobWorkerData(workerData)) serveJobs(parentPort!, JOBS, workerData);
 * ```
 */
export function isJobWorkerData(data: unknown): data is JobWorkerData {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { role?: unknown }).role === JOB_WORKER_ROLE &&
    (data as { tempLog?: unknown }).tempLog instanceof SharedArrayBuffer
  );
}

/**
 * Serves jobs on `port` until the thread is terminated: each {@link JobMessage} runs the job of that
 * name from `jobs` and is answered with a {@link JobReply} (an error as its one-line message, and
 * whether it was a {@link UsageError}). Every temporary file this thread creates is published in
 * the {@link TempFileLog} of `data` before it exists, so that the main thread can remove it if it
 * stops this worker mid-write.
 *
 * @example
 * ```ts
 * serveJobs(parentPort!, [predictJob, evaluateJob], workerData);
 * ```
 */
export function serveJobs(port: MessagePort, jobs: readonly AnyFileJob[], data: JobWorkerData): void {
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const log = new TempFileLog(data.tempLog);
  let open = 0;
  watchTempFiles((event, path) => {
    if (event === 'track') {
      open++;
      log.append(path);
    } else if (--open === 0) {
      log.clear(); // no file of this thread is being written: nothing to remove on a stop
    }
  });
  port.on('message', (message: JobMessage) => {
    void answer(port, byName, message);
  });
}

async function answer(
  port: MessagePort,
  byName: ReadonlyMap<string, AnyFileJob>,
  { id, job, request }: JobMessage,
): Promise<void> {
  let reply: JobReply;
  try {
    const found = byName.get(job);
    if (found === undefined) throw new Error(`no job named '${job}' in this program`);
    reply = { id, ok: true, result: await found.run(request) };
  } catch (e) {
    reply = { id, ok: false, error: errorReply(e) };
  }
  try {
    port.postMessage(reply);
  } catch (e) {
    // a result the structured clone refuses (a function, a class the job should not return)
    port.postMessage({ id, ok: false, error: errorReply(e) } satisfies JobReply);
  }
}

function errorReply(e: unknown): { message: string; usage: boolean } {
  return { message: e instanceof Error ? e.message : String(e), usage: e instanceof UsageError };
}
