/**
 * The page's side of the volume worker: one promise per job, with `{ onProgress, signal }` as
 * rankseg's `solveAsync(probs, { onProgress, signal })` takes them.
 *
 * Aborting a job terminates the worker (a solve in progress cannot be interrupted otherwise) and
 * rejects every pending job with the signal's reason; the next job starts a fresh worker and, if a
 * volume had been opened, opens it again first (the files are kept here for that).
 */
import type {
  NamedBytes,
  VolumeInfo,
  VolumeOutcome,
  VolumeProgress,
  VolumeReply,
  VolumeRequest,
  VolumeSettings,
} from './protocol';

/** Progress and cancellation of one job. */
export interface JobControl {
  onProgress?: (progress: VolumeProgress) => void;
  signal?: AbortSignal;
}

interface Pending {
  resolve: (reply: VolumeReply & { type: 'done' }) => void;
  reject: (error: unknown) => void;
  onProgress: ((progress: VolumeProgress) => void) | undefined;
}

/** A job's failure in the worker, with the worker's error name (RangeError, IoFormatError…). */
export class VolumeJobError extends Error {
  override readonly name: string;
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

type JobRequest = { type: 'open'; files: NamedBytes[] } | { type: 'solve'; settings: VolumeSettings };

export class VolumeClient {
  private worker: Worker | undefined;
  private nextJob = 1;
  private readonly pending = new Map<number, Pending>();
  /** The files of the last successful open, to reopen them in a fresh worker. */
  private openedFiles: NamedBytes[] | undefined;
  /** Whether the current worker holds `openedFiles`. */
  private workerHasVolume = false;

  /** @param makeWorker - starts the worker (the page passes `new Worker(new URL('./worker.ts', …))`). */
  constructor(private readonly makeWorker: () => Worker) {}

  /**
   * Reads the files in the worker and makes the baseline mask. When this fails, the volume opened
   * before stays the one later solves use (reopened in the worker first).
   */
  async open(files: NamedBytes[], control: JobControl = {}): Promise<VolumeInfo> {
    this.workerHasVolume = false;
    const reply = await this.run({ type: 'open', files }, control);
    if (!('info' in reply)) throw new Error('the worker answered an open with a solve result');
    this.openedFiles = files;
    this.workerHasVolume = true;
    return reply.info;
  }

  /** RankSEG on the open volume with `settings`. */
  async solve(settings: VolumeSettings, control: JobControl = {}): Promise<VolumeOutcome> {
    if (!this.workerHasVolume && this.openedFiles) {
      await this.run({ type: 'open', files: this.openedFiles }, control);
      this.workerHasVolume = true;
    }
    const reply = await this.run({ type: 'solve', settings }, control);
    if (!('outcome' in reply)) throw new Error('the worker answered a solve with an open result');
    return reply.outcome;
  }

  /** Ends the worker; pending jobs are rejected with `reason`. */
  terminate(reason: unknown = new DOMException('The volume worker was stopped', 'AbortError')): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.workerHasVolume = false;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(reason);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.makeWorker();
    worker.onmessage = (event: MessageEvent<VolumeReply>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.terminate(new Error(`the volume worker failed: ${event.message}`));
    };
    this.worker = worker;
    return worker;
  }

  private receive(reply: VolumeReply): void {
    const pending = this.pending.get(reply.job);
    if (!pending) return;
    if (reply.type === 'progress') {
      pending.onProgress?.(reply.progress);
      return;
    }
    this.pending.delete(reply.job);
    if (reply.type === 'failed') pending.reject(new VolumeJobError(reply.error.name, reply.error.message));
    else pending.resolve(reply);
  }

  private run(request: JobRequest, control: JobControl): Promise<VolumeReply & { type: 'done' }> {
    const { signal, onProgress } = control;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const worker = this.ensureWorker();
    const job = this.nextJob++;
    return new Promise((resolve, reject) => {
      const onAbort = () => this.terminate(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(job, {
        resolve: (reply) => {
          done();
          resolve(reply);
        },
        reject: (error) => {
          done();
          reject(error);
        },
        onProgress,
      });
      const message: VolumeRequest = { ...request, job };
      worker.postMessage(message);
    });
  }
}
