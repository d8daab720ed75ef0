/**
 * The pool: started lazily, reused, grown to the calls' limits; a worker that dies (or cannot
 * start) rejects the call with a clear Error, never a hang.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { solve } from '../../src/api/predict';
import { detectRuntime, runtimeOf } from '../../src/parallel/environment';
import type { ReplyMessage, TaskMessage } from '../../src/parallel/protocol';
import { solveOnThreads } from '../../src/parallel/solveAsync';
import { WorkerPool } from '../../src/parallel/WorkerPool';
import { DIST_WORKER, requireBuild } from '../helpers/distWorker';
import { realisticProbs } from '../helpers/random';

beforeAll(requireBuild);

const probs = { data: realisticProbs(1, 2, 3, [8, 8]), shape: [2, 3, 8, 8] };

/**
 * A PoolWork of `count` tasks of `probs`' first image, collecting the replies; task k's shape
 * starts with `lead(k)` (the echo worker below waits that many milliseconds).
 */
function work(limit: number, count: number, lead: (k: number) => number = () => 1) {
  const replies: ReplyMessage[] = [];
  let sent = 0;
  let failure: Error | undefined;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const item = {
    limit,
    get unsent() {
      return count - sent;
    },
    next(id: number) {
      if (sent >= count) return undefined;
      const k = sent++;
      const data = probs.data.slice(0, 3 * 64);
      const message: TaskMessage = {
        id,
        probs: { buffer: data.buffer, byteOffset: 0, length: data.length, kind: 'float32' },
        shape: [lead(k), 3, 8, 8],
        options: {},
        report: true,
      };
      return { message, transfer: [data.buffer] };
    },
    reply(reply: ReplyMessage) {
      replies.push(reply);
      if (replies.length === count) finish();
    },
    fail(error: Error) {
      failure = error;
      finish();
    },
  };
  return { item, replies, finished, failure: () => failure };
}

describe('WorkerPool', () => {
  it('detects Node’s worker_threads and shared memory here (Node ≥ 20.16)', () => {
    const runtime = detectRuntime();
    expect(runtime.kind).toBe('node');
    expect(runtime.sharedMemory).toBe(true);
    expect(runtime.cores).toBeGreaterThanOrEqual(1);
  });

  it('starts no worker until work comes, then at most the work’s limit, and reuses them', async () => {
    const pool = new WorkerPool(detectRuntime(), DIST_WORKER);
    expect(pool.size).toBe(0);
    const first = work(2, 6);
    pool.add(first.item);
    await first.finished;
    expect(first.replies.every((r) => r.ok)).toBe(true);
    expect(pool.size).toBe(2);
    const second = work(2, 4);
    pool.add(second.item);
    await second.finished;
    expect(pool.size).toBe(2);
    const wider = work(3, 6);
    pool.add(wider.item);
    await wider.finished;
    expect(pool.size).toBe(3);
    pool.terminate();
    expect(pool.size).toBe(0);
  });

  it('queues one more task on each worker, and uses at most a call’s limit of workers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rankseg-pool-'));
    const echo = join(dir, 'echo.mjs');
    // Answers each task after shape[0] ms with the id of the thread that ran it.
    writeFileSync(
      echo,
      `import { parentPort, threadId } from 'node:worker_threads';
       parentPort.on('message', (task) => {
         const until = Date.now() + task.shape[0];
         while (Date.now() < until);
         parentPort.postMessage({ id: task.id, ok: true, volume: new Int32Array([threadId]),
           cutoff: new Float32Array(0), expected: new Float64Array(0) });
       });`,
    );
    const pool = new WorkerPool(detectRuntime(), pathToFileURL(echo));
    const watched = (limit: number, count: number, lead = (_k: number) => 5) => {
      const w = work(limit, count, lead);
      let inFlight = 0;
      let most = 0;
      const { next, reply } = w.item;
      w.item.next = (id) => {
        const task = next(id);
        if (task) most = Math.max(most, ++inFlight);
        return task;
      };
      w.item.reply = (r) => {
        inFlight--;
        reply(r);
      };
      const threadOf = (id: number) => {
        const r = w.replies.find((reply) => reply.id === id);
        return r?.ok ? r.volume[0] : undefined;
      };
      const threads = () => new Set(w.replies.map((r) => r.ok && r.volume[0])).size;
      return { ...w, most: () => most, threads, threadOf };
    };
    const wide = watched(3, 12);
    pool.add(wide.item);
    await wide.finished;
    expect([pool.size, wide.threads(), wide.most()]).toEqual([3, 3, 6]);
    const narrow = watched(1, 6);
    pool.add(narrow.item);
    await narrow.finished;
    expect([narrow.threads(), narrow.most()]).toEqual([1, 2]);
    const two = watched(2, 8);
    pool.add(two.item);
    await two.finished;
    expect([two.threads(), two.most()]).toEqual([2, 4]);
    expect(two.replies.every((r) => r.ok)).toBe(true);
    // Its last tasks are not queued: the third of three, behind a long first one, goes to the
    // worker that comes free first.
    const uneven = watched(2, 3, (k) => (k === 0 ? 150 : 5));
    pool.add(uneven.item);
    await uneven.finished;
    const ids = uneven.replies.map((r) => r.id).sort((a, b) => a - b);
    expect(uneven.most()).toBe(2);
    expect(uneven.threadOf(ids[2]!)).toBe(uneven.threadOf(ids[1]!));
    expect(uneven.threadOf(ids[2]!)).not.toBe(uneven.threadOf(ids[0]!));
    pool.terminate();
  });

  it('answers each task with solve()’s figures', async () => {
    const pool = new WorkerPool(detectRuntime(), DIST_WORKER);
    const one = work(1, 1);
    pool.add(one.item);
    await one.finished;
    pool.terminate();
    const reply = one.replies[0]!;
    const expected = solve({ data: probs.data.slice(0, 192), shape: [1, 3, 8, 8] });
    expect(reply.ok && Array.from(reply.volume)).toEqual(Array.from(expected.volume));
  });

  it('rejects the call with an Error naming the cause when a worker dies mid-task, and goes on with new workers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rankseg-pool-'));
    const crashing = join(dir, 'crash.mjs');
    // Dies on its first task: an uncaught error thrown outside the message handler's try.
    writeFileSync(
      crashing,
      `import { parentPort } from 'node:worker_threads';
       parentPort.on('message', () => setTimeout(() => { throw new Error('simulated crash'); }));`,
    );
    const script = pathToFileURL(crashing);
    await expect(solveOnThreads(probs, { threads: 2 }, true, { script })).rejects.toThrow(
      /a rankseg worker thread stopped while solving: simulated crash/,
    );
    const exiting = join(dir, 'exit.mjs');
    writeFileSync(
      exiting,
      `import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => process.exit(3));`,
    );
    await expect(
      solveOnThreads(probs, { threads: 2 }, true, { script: pathToFileURL(exiting) }),
    ).rejects.toThrow(/worker thread stopped while solving: the worker exited with code 3/);
    // The real workers are unaffected.
    const again = await solveOnThreads(probs, { threads: 2 }, true, { script: DIST_WORKER });
    expect(Array.from(again.mask.data)).toEqual(Array.from(solve(probs).mask.data));
  });

  it('rejects (never hangs) when the worker script cannot be loaded', async () => {
    const script = pathToFileURL(join(tmpdir(), 'rankseg-no-such-worker.mjs'));
    await expect(solveOnThreads(probs, { threads: 2 }, true, { script })).rejects.toThrow(
      /worker thread stopped while solving/,
    );
  });
});

describe('runtimeOf', () => {
  it('runs inline on Node before 20.16 (no process.getBuiltinModule) and where there is no Worker', () => {
    expect(runtimeOf({ process: { versions: { node: '20.10.0' } } })).toMatchObject({
      kind: 'none',
      cores: 1,
    });
    expect(runtimeOf({}).kind).toBe('none');
    expect(runtimeOf({}).spawn).toBeUndefined();
  });

  it('uses Web Workers in a browser, shared memory only when cross-origin isolated', () => {
    class FakeWorker {}
    const page = { Worker: FakeWorker as never, navigator: { hardwareConcurrency: 8 } };
    expect(runtimeOf(page)).toMatchObject({ kind: 'web', cores: 8, sharedMemory: false });
    expect(runtimeOf({ ...page, crossOriginIsolated: true }).sharedMemory).toBe(true);
    expect(runtimeOf({ Worker: FakeWorker as never }).cores).toBe(1);
  });
});
