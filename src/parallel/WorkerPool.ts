/**
 * A pool of worker threads shared by every call: started lazily, grown to the largest `threads`
 * asked for, reused, and never keeping a Node process alive while idle.
 *
 * @module
 */

import type { Runtime, WorkerHandle, WorkerScript } from './environment';
import type { ReplyMessage, TaskMessage } from './protocol';

/** One call's share of the pool: its tasks, handed out one at a time as workers come free. */
export interface PoolWork {
  /** Workers it may use at once (its `threads`). */
  readonly limit: number;
  /** The next task to send (made now: its input is copied when it is sent), or undefined when none is left. */
  next(id: number): { message: TaskMessage; transfer: ArrayBufferLike[] } | undefined;
  /** A worker's answer to one of its tasks. */
  reply(message: ReplyMessage): void;
  /** A worker died running one of its tasks, or could not be started. */
  fail(error: Error): void;
}

interface Active {
  work: PoolWork;
  running: number;
  done: boolean;
}

interface Slot {
  handle: WorkerHandle | undefined;
  busy: Active | undefined;
}

/**
 * Runs tasks on worker threads. Each worker runs one task at a time; calls share the workers
 * first come, first served, each using at most its own `limit` at once. A worker is held (Node:
 * `ref`) only while it runs a task, so an idle pool never keeps the process from exiting. A worker
 * that dies fails the task it ran (its call rejects with an Error saying so) and is replaced when
 * work needs it.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool(detectRuntime());
 * pool.add(work); // work.next() is asked for tasks while work.limit allows
 * ```
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly active: Active[] = [];
  private nextId = 0;

  /**
   * @param runtime - where workers come from (its `spawn` must exist).
   * @param script - the worker entry (default: this package's `worker.js`).
   */
  constructor(
    private readonly runtime: Runtime,
    private readonly script?: WorkerScript,
  ) {}

  /** Workers started and alive. */
  get size(): number {
    return this.slots.length;
  }

  /** Starts handing out `work`'s tasks. */
  add(work: PoolWork): void {
    this.active.push({ work, running: 0, done: false });
    this.pump();
  }

  /** Stops handing out `work`'s tasks (its tasks under way still finish; their answers are dropped). */
  cancel(work: PoolWork): void {
    const at = this.active.findIndex((a) => a.work === work);
    if (at >= 0) {
      this.active[at]!.done = true;
      this.active.splice(at, 1);
    }
  }

  /** Terminates every worker (tasks under way fail). */
  terminate(): void {
    for (const slot of this.slots.splice(0)) {
      slot.handle?.terminate();
      slot.busy?.work.fail(new Error('the worker pool was terminated'));
    }
  }

  /** Hands tasks to idle workers, starting workers up to the largest limit of the calls waiting. */
  private pump(): void {
    for (let i = 0; i < this.active.length; i++) {
      const active = this.active[i]!;
      while (!active.done && active.running < active.work.limit) {
        let slot = this.slots.find((s) => s.busy === undefined);
        if (slot === undefined) {
          if (this.slots.length >= active.work.limit) break;
          slot = this.spawn(active);
          if (slot === undefined) return; // spawn failed: the work was failed, and the list changed
        }
        const id = this.nextId++;
        const task = active.work.next(id);
        if (task === undefined) {
          // Nothing more to send: the call waits for its answers; leave the list.
          this.active.splice(i--, 1);
          break;
        }
        slot.busy = active;
        active.running++;
        slot.handle!.hold(true);
        slot.handle!.post(task.message, task.transfer as ArrayBuffer[]);
      }
    }
  }

  private spawn(active: Active): Slot | undefined {
    const slot: Slot = { handle: undefined, busy: undefined };
    try {
      slot.handle = this.runtime.spawn!(
        {
          message: (data) => this.answered(slot, data as ReplyMessage),
          failure: (error) => this.failed(slot, error),
        },
        this.script,
      );
    } catch (error) {
      this.cancel(active.work);
      active.work.fail(new Error(`could not start a worker thread: ${(error as Error).message}`));
      return undefined;
    }
    this.slots.push(slot);
    return slot;
  }

  private answered(slot: Slot, reply: ReplyMessage): void {
    const active = slot.busy;
    if (active === undefined) return;
    slot.busy = undefined;
    slot.handle!.hold(false);
    active.running--;
    active.work.reply(reply);
    this.pump();
  }

  /** A worker died (or exited): it leaves the pool; its task's call fails. */
  private failed(slot: Slot, error: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return; // already gone (Node reports 'error' then 'exit')
    this.slots.splice(at, 1);
    slot.handle!.terminate();
    const active = slot.busy;
    slot.busy = undefined;
    if (active !== undefined) {
      active.running--;
      this.cancel(active.work);
      active.work.fail(new Error(`a rankseg worker thread stopped while solving: ${error.message}`));
    }
    this.pump();
  }
}
