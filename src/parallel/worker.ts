/**
 * The entry of the pool's workers (built as `dist/worker.js`): solves the tasks the calling thread
 * sends, in Node's worker_threads or in a Web Worker. Loaded anywhere else (Node's main thread),
 * it does nothing.
 *
 * @module
 */

import type { MaskData } from '../api/types';
import type { FloatArray } from '../kernels/types';
import { keptSolverFor, runImageStep } from './imageSteps';
import { type ReplyMessage, refOf, type TaskMessage, viewOf } from './protocol';
import { solveTask } from './solveTask';

interface Port {
  post(message: ReplyMessage, transfer: ArrayBufferLike[]): void;
  listen(handler: (message: TaskMessage) => void): void;
}

interface NodePort {
  on(event: 'message', listener: (message: TaskMessage) => void): void;
  postMessage(message: unknown, transfer: readonly ArrayBufferLike[]): void;
}
interface WorkerScope {
  process?: { versions?: { node?: string }; getBuiltinModule?: (name: string) => unknown };
  onmessage?: ((event: { data: TaskMessage }) => void) | null;
  postMessage?: (message: unknown, transfer: readonly ArrayBufferLike[]) => void;
  WorkerGlobalScope?: unknown;
}

/** The channel to the calling thread, or undefined when this is not a worker. */
function parentPort(scope: WorkerScope): Port | undefined {
  if (typeof scope.process?.versions?.node === 'string') {
    const threads = scope.process.getBuiltinModule?.('worker_threads') as
      | { parentPort: NodePort | null }
      | undefined;
    const port = threads?.parentPort;
    if (!port) return undefined;
    return { post: (m, t) => port.postMessage(m, t), listen: (h) => port.on('message', h) };
  }
  if (scope.WorkerGlobalScope !== undefined && typeof scope.postMessage === 'function') {
    const post = scope.postMessage.bind(scope);
    return {
      post: (m, t) => post(m, t),
      listen: (h) => {
        scope.onmessage = (event) => h(event.data);
      },
    };
  }
  return undefined;
}

/** Runs one task; errors come back as their name and message. */
function answer(port: Port, task: TaskMessage): void {
  try {
    if (task.kind !== undefined) {
      const { volume, cutoff, expected, choices } = runImageStep(task);
      const transfer: ArrayBufferLike[] = [volume.buffer, cutoff.buffer, expected.buffer];
      if (choices) for (const array of Object.values(choices)) transfer.push(array.buffer);
      port.post({ id: task.id, ok: true, volume, cutoff, expected, choices }, transfer);
      return;
    }
    const probs = viewOf(task.probs) as FloatArray;
    // With a shared output the solver writes its mask there (checking its kind), else it comes back.
    const out = task.mask !== undefined ? (viewOf(task.mask) as MaskData) : undefined;
    const solution = solveTask(probs, task.shape, task.options, task.report, keptSolverFor, out);
    const { volume, cutoff, expected } = solution;
    const figures = [volume.buffer, cutoff.buffer, expected.buffer];
    if (out !== undefined) {
      port.post({ id: task.id, ok: true, volume, cutoff, expected }, figures);
    } else {
      const mask = solution.mask.data;
      port.post({ id: task.id, ok: true, volume, cutoff, expected, mask: refOf(mask) }, [
        ...figures,
        mask.buffer,
      ]);
    }
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    port.post({ id: task.id, ok: false, error: { name, message } }, []);
  }
}

const port = parentPort(globalThis as WorkerScope);
if (port !== undefined) port.listen((task) => answer(port, task));
