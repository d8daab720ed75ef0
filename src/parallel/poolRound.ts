/**
 * One round of tasks on the worker pool: sent as workers come free, answered in any order; the
 * round settles when every answer came, at the first failure, or when the signal aborts.
 *
 * @module
 */

import type { ReplyMessage, TaskMessage } from './protocol';
import type { AbortSignalLike } from './types';
import type { WorkerPool } from './WorkerPool';

/** A task's solver threw (its message speaks of the sub-tensor, not of the caller's). */
export class TaskError extends Error {}

/** A successful answer. */
export type OkReply = Extract<ReplyMessage, { ok: true }>;

/** The round's tasks: made one at a time when sent (so that their input is copied then). */
export interface Round {
  /** Workers it may use at once. */
  limit: number;
  count: number;
  /** Task k (its `id` is set by the pool), and the buffers to transfer with it. */
  make(k: number): { message: Omit<TaskMessage, 'id'>; transfer: ArrayBufferLike[] };
  /** Task k's answer; an error it throws fails the round. */
  done(k: number, reply: OkReply): void;
}

/**
 * Runs a round of tasks on `pool`.
 *
 * @returns a promise that resolves once every task has answered.
 * @throws (rejects with) {@link TaskError} when a task's solver threw; the signal's reason when
 *   it aborts; an Error when a worker dies or cannot start, or one `done` throws. No further
 *   task of the round is sent then; tasks under way finish and their answers are dropped.
 * @example
 * ```ts
 * await runRound(pool, { limit: 2, count: 3, make: (k) => …, done: (k, reply) => … }, signal);
 * ```
 */
export function runRound(pool: WorkerPool, round: Round, signal: AbortSignalLike | undefined): Promise<void> {
  const sent = new Map<number, number>();
  let next = 0;
  let open = round.count;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    if (open === 0) {
      resolve();
      return;
    }
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      pool.cancel(work);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => settle(abortReason(signal!));
    const work = {
      limit: round.limit,
      get unsent() {
        return settled ? 0 : round.count - next;
      },
      next(id: number): { message: TaskMessage; transfer: ArrayBufferLike[] } | undefined {
        if (settled || next >= round.count) return undefined;
        const k = next++;
        sent.set(id, k);
        try {
          const { message, transfer } = round.make(k);
          return { message: { ...message, id } as TaskMessage, transfer };
        } catch (error) {
          settle(error);
          return undefined;
        }
      },
      reply(reply: ReplyMessage) {
        const k = sent.get(reply.id);
        sent.delete(reply.id);
        if (settled || k === undefined) return;
        if (!reply.ok) {
          settle(new TaskError(`${reply.error.name}: ${reply.error.message}`));
          return;
        }
        try {
          round.done(k, reply);
          if (--open === 0) settle();
        } catch (error) {
          settle(error);
        }
      },
      fail(error: Error) {
        settle(error);
      },
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    pool.add(work);
  });
}

/**
 * The signal's reason, or an AbortError where the runtime gives none.
 *
 * @example
 * ```ts
 * throw abortReason(signal);
 * ```
 */
export function abortReason(signal: AbortSignalLike): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const error = new Error('the operation was aborted');
  error.name = 'AbortError';
  return error;
}
