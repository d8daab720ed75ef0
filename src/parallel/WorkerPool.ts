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
  /** Tasks not yet sent (those `next` would still give). */
  readonly unsent: number;
  /** The next task to send (made now: its input is copied when it is sent), or undefined when none is left. */
  next(id: number): { message: TaskMessage; transfer: ArrayBufferLike[] } | undefined;
  /** A worker's answer to one of its tasks. */
  reply(message: ReplyMessage): void;
  /** A worker died running one of its tasks, or could not be started. */
  fail(error: Error): void;
}

interface Active {
  work: PoolWork;
  /** Its tasks sent and not yet answered, per worker holding them. */
  held: Map<Slot, number>;
  done: boolean;
}

interface Slot {
  handle: WorkerHandle | undefined;
  /** The calls of the tasks sent to this worker and not yet answered, in the order sent (it answers in that order). */
  queue: Active[];
}

/**
 * Tasks a worker holds at once: the one it runs and one waiting in its message queue, so that it
 * starts the next as soon as it answers, without waiting for the calling thread's turn (which a
 * copy, a collection or the page's own work may delay by milliseconds). A task is queued only
 * while the call has more tasks left than workers: its last ones go to workers as they come
 * free, never behind a long task while another worker idles.
 */
const DEPTH = 2;

/**
 * Runs tasks on worker threads. Each worker runs one task at a time and holds one more queued;
 * calls share the workers first come, first served, each using at most its own `limit` of them
 * at once. A worker is held (Node: `ref`) only while it has tasks, so an idle pool never keeps
 * the process from exiting. A worker that dies fails the calls of the tasks it held (they reject
 * with an Error saying so) and is replaced when work needs it.
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
    this.active.push({ work, held: new Map(), done: false });
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
      for (const active of new Set(slot.queue)) active.work.fail(new Error('the worker pool was terminated'));
    }
  }

  /**
   * Hands tasks to workers, idle ones first, then to those with room in their queue, starting
   * workers up to the largest limit of the calls waiting.
   */
  private pump(): void {
    for (let i = 0; i < this.active.length; i++) {
      const active = this.active[i]!;
      while (!active.done) {
        let slot = this.slotFor(active);
        if (slot === undefined) {
          if (this.slots.length >= active.work.limit || active.held.size >= active.work.limit) break;
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
        slot.queue.push(active);
        active.held.set(slot, (active.held.get(slot) ?? 0) + 1);
        slot.handle!.hold(true);
        slot.handle!.post(task.message, task.transfer as ArrayBuffer[]);
      }
    }
  }

  /**
   * The worker `active`'s next task goes to: an idle one, else the least loaded with room, among
   * those it may use (those it holds tasks on, or any while it holds fewer than its limit);
   * undefined when none (a new worker may then be started).
   */
  private slotFor(active: Active): Slot | undefined {
    const free = active.held.size < active.work.limit;
    const depth = active.work.unsent > active.work.limit ? DEPTH : 1;
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.queue.length >= depth || !(free || active.held.has(slot))) continue;
      if (slot.queue.length === 0) return slot;
      if (best === undefined || slot.queue.length < best.queue.length) best = slot;
    }
    // A worker of its own is better than a queue behind another task, while one may be started.
    if (best !== undefined && free && this.slots.length < active.work.limit) return undefined;
    return best;
  }

  private spawn(active: Active): Slot | undefined {
    const slot: Slot = { handle: undefined, queue: [] };
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
    const active = slot.queue.shift();
    if (active === undefined) return;
    if (slot.queue.length === 0) slot.handle!.hold(false);
    release(active, slot);
    active.work.reply(reply);
    this.pump();
  }

  /** A worker died (or exited): it leaves the pool; the calls of its tasks fail. */
  private failed(slot: Slot, error: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return; // already gone (Node reports 'error' then 'exit')
    this.slots.splice(at, 1);
    slot.handle!.terminate();
    for (const active of new Set(slot.queue.splice(0))) {
      active.held.delete(slot);
      this.cancel(active.work);
      active.work.fail(new Error(`a rankseg worker thread stopped while solving: ${error.message}`));
    }
    this.pump();
  }
}

/** One of `active`'s tasks on `slot` was answered. */
function release(active: Active, slot: Slot): void {
  const count = active.held.get(slot)! - 1;
  if (count === 0) active.held.delete(slot);
  else active.held.set(slot, count);
}
