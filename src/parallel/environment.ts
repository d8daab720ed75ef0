/**
 * The runtime's threads, found without importing a Node built-in (the core runs unchanged in a
 * browser): Node's `worker_threads` through `process.getBuiltinModule` (Node ≥ 20.16), or the
 * browser's Web Workers. Older Node (20.0–20.15) and runtimes with neither run inline: one
 * thread, reported as such.
 *
 * @module
 */

/** A worker thread of either runtime, as the pool drives it. */
export interface WorkerHandle {
  /** Sends a message; the buffers of `transfer` move to the worker (they are detached here). */
  post(message: unknown, transfer: readonly ArrayBuffer[]): void;
  /** Node: whether the worker keeps the process alive (busy) or not (idle). Browsers: nothing. */
  hold(busy: boolean): void;
  /** Stops the worker at once. */
  terminate(): void;
}

/** What a worker reports to the pool. */
export interface WorkerEvents {
  message(data: unknown): void;
  /** The worker died (an uncaught error, memory exhausted, exited) or a message failed to arrive. */
  failure(error: Error): void;
}

/** What this runtime offers for parallel solving. */
export interface Runtime {
  /** `'node'`: worker_threads; `'web'`: Web Workers; `'none'`: no threads (inline only). */
  kind: 'node' | 'web' | 'none';
  /** Logical cores available (Node: `os.availableParallelism()`; browsers: `hardwareConcurrency`). */
  cores: number;
  /**
   * Whether a SharedArrayBuffer can be given to workers: always in Node, in browsers only when the
   * page is cross-origin isolated (COOP/COEP headers).
   */
  sharedMemory: boolean;
  /** Starts a worker running `script` (default: this package's `worker.js`); absent when `kind` is `'none'`. */
  spawn?: (events: WorkerEvents, script?: WorkerScript) => WorkerHandle;
}

// The few members of Node's and the browser's globals read here (the core compiles without their types).
interface NodeWorker {
  on(event: 'message' | 'messageerror' | 'error' | 'exit', listener: (value: never) => void): void;
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}
interface NodeWorkerThreads {
  Worker: new (script: WorkerScript, options?: object) => NodeWorker;
}
interface NodeOs {
  availableParallelism?: () => number;
  cpus(): unknown[];
}
interface NodeProcess {
  versions?: { node?: string };
  execArgv?: string[];
  getBuiltinModule?: (name: string) => unknown;
}
interface WebWorker {
  onmessage: ((event: { data: unknown }) => void) | null;
  onmessageerror: (() => void) | null;
  onerror: ((event: { message?: string; preventDefault(): void }) => void) | null;
  postMessage(message: unknown, transfer: readonly ArrayBuffer[]): void;
  terminate(): void;
}
type WebWorkerConstructor = new (script: WorkerScript, options: { type: 'module' }) => WebWorker;
/** The globals {@link runtimeOf} reads. */
export interface Globals {
  process?: NodeProcess;
  Worker?: WebWorkerConstructor;
  navigator?: { hardwareConcurrency?: number };
  crossOriginIsolated?: boolean;
}
/** A worker entry's address: a `URL` (the core compiles without the platform's `URL` type). */
export interface WorkerScript {
  readonly href: string;
}
declare const URL: new (url: string, base: string) => WorkerScript;

let detected: Runtime | undefined;

/**
 * The runtime's threads (detected once).
 *
 * @example
 * ```ts
 * detectRuntime().kind; // 'node' in Node ≥ 20.16, 'web' in a browser
 * ```
 */
export function detectRuntime(): Runtime {
  detected ??= detect(globalThis as unknown as Globals);
  return detected;
}

/**
 * The threads a runtime with these globals offers (what {@link detectRuntime} does for this one).
 *
 * @example
 * ```ts
 * runtimeOf({ process: { versions: { node: '20.10.0' } } }).kind; // 'none': no getBuiltinModule
 * ```
 */
export function runtimeOf(g: Globals): Runtime {
  return detect(g);
}

function detect(g: Globals): Runtime {
  const shared = typeof SharedArrayBuffer === 'function';
  const proc = g.process;
  if (typeof proc?.versions?.node === 'string') {
    // getBuiltinModule arrived in Node 20.16; before it, a browser-safe module cannot reach
    // worker_threads without a static `node:` import, so older Node solves inline.
    if (typeof proc.getBuiltinModule !== 'function') return { kind: 'none', cores: 1, sharedMemory: shared };
    const threads = proc.getBuiltinModule('worker_threads') as NodeWorkerThreads;
    const os = proc.getBuiltinModule('os') as NodeOs;
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    // Workers inherit the process's flags; `--input-type` (of `node -e`) makes a worker refuse its file.
    const execArgv = (proc.execArgv ?? []).filter((flag) => !flag.startsWith('--input-type'));
    return {
      kind: 'node',
      cores: Math.max(1, cores),
      sharedMemory: shared,
      spawn: (e, s) => spawnNode(threads, execArgv, e, s),
    };
  }
  if (typeof g.Worker === 'function') {
    const Worker = g.Worker;
    return {
      kind: 'web',
      cores: Math.max(1, g.navigator?.hardwareConcurrency ?? 1),
      sharedMemory: shared && g.crossOriginIsolated === true,
      spawn: (e, s) => spawnWeb(Worker, e, s),
    };
  }
  return { kind: 'none', cores: 1, sharedMemory: shared };
}

function spawnNode(
  threads: NodeWorkerThreads,
  execArgv: string[],
  events: WorkerEvents,
  script?: WorkerScript,
): WorkerHandle {
  const entry = script ?? new URL('./worker.js', (import.meta as { url: string }).url);
  const worker = new threads.Worker(entry, { execArgv });
  worker.on('message', (data: never) => events.message(data));
  worker.on('messageerror', () => events.failure(new Error('a message from the worker could not be read')));
  worker.on('error', (error: never) => events.failure(error as Error));
  worker.on('exit', (code: never) => events.failure(new Error(`the worker exited with code ${code}`)));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate: () => void worker.terminate(),
  };
}

function spawnWeb(Worker: WebWorkerConstructor, events: WorkerEvents, script?: WorkerScript): WorkerHandle {
  // The literal `new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })` is the
  // pattern bundlers (Vite, webpack 5, Rollup plugins) recognize to bundle the worker entry.
  const worker =
    script === undefined
      ? new Worker(new URL('./worker.js', (import.meta as { url: string }).url), { type: 'module' })
      : new Worker(script, { type: 'module' });
  worker.onmessage = (event) => events.message(event.data);
  worker.onmessageerror = () => events.failure(new Error('a message from the worker could not be read'));
  worker.onerror = (event) => {
    event.preventDefault();
    events.failure(new Error(event.message || 'the worker failed to start or threw an error'));
  };
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    hold: () => {},
    terminate: () => worker.terminate(),
  };
}
