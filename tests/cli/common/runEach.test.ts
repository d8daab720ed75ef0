import { describe, expect, it } from 'vitest';
import { runEach } from '../../../src/cli/common/runEach';
import { UsageError } from '../../../src/cli/common/usage';
import { quietContext } from '../../helpers/cli';

const quiet = quietContext();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A task that finishes after `delays[item]` ms, and records how many run at once. */
function timedTask(delays: number[], fail: Set<number> = new Set(), usage: Set<number> = new Set()) {
  const state = { running: 0, most: 0, started: [] as number[] };
  const task = async (item: number) => {
    state.started.push(item);
    state.running++;
    state.most = Math.max(state.most, state.running);
    await sleep(delays[item]!);
    state.running--;
    if (usage.has(item)) throw new UsageError(`usage ${item}`);
    if (fail.has(item)) throw new Error(`f${item}: broken`);
    return item * 10;
  };
  return { state, task };
}

describe('runEach with several items at once', () => {
  it('runs at most `concurrency` items at once and returns results in item order, whatever order they finish in', async () => {
    const delays = [40, 5, 30, 1, 20, 2, 10];
    const { state, task } = timedTask(delays);
    const items = delays.map((_, k) => k);
    const { results, failures } = await runEach(quiet, items, (k) => `f${k}`, task, false, 3);
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(failures).toEqual([]);
    expect(state.most).toBe(3);
    expect(state.started).toEqual(items); // started in item order
  });

  it('one at a time by default', async () => {
    const { state, task } = timedTask([3, 1, 2]);
    await runEach(quiet, [0, 1, 2], String, task, false);
    expect(state.most).toBe(1);
  });

  it('lists failures in item order with the file name stripped from the message, and goes on', async () => {
    const { task } = timedTask([30, 1, 20, 1], new Set([0, 2]));
    const { results, failures } = await runEach(quiet, [0, 1, 2, 3], (k) => `f${k}`, task, false, 4);
    expect(results).toEqual([10, 30]);
    expect(failures).toEqual([
      { file: 'f0', reason: 'broken' },
      { file: 'f2', reason: 'broken' },
    ]);
  });

  it('a usage error stops the run: no item starts after it, and the first one by item order is thrown', async () => {
    // items 1 and 2 both fail with a usage error; 2 fails first, yet 1 comes first in order
    const { state, task } = timedTask([5, 40, 1, 1, 1, 1], new Set(), new Set([1, 2]));
    await expect(runEach(quiet, [0, 1, 2, 3, 4, 5], String, task, false, 3)).rejects.toThrow('usage 1');
    expect(state.started).toEqual([0, 1, 2]); // 3 would start when 2 finished, but 2 stopped the run
    expect(state.running).toBe(0); // those under way finished first
  });

  it('draws one bar counting finished items, and erases it at the end', async () => {
    let text = '';
    const ctx = { ...quiet, stderrIsTTY: true, stderr: (s: string) => (text += s) };
    const { task } = timedTask([20, 1]);
    await runEach(ctx, [0, 1], (k) => `f${k}`, task, true, 2);
    expect(text).toContain('[--------------------] 0/2 f0');
    expect(text).toContain('[--------------------] 0/2 f1'); // f1 started before anything finished
    expect(text).toContain('[####################] 2/2');
    expect(text.endsWith('\r\x1b[2K')).toBe(true);
  });
});
