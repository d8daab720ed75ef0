import { describe, expect, it } from 'vitest';
import { jobRunner, jobsOf } from '../../../src/cli/common/jobsFlag';
import { UsageError } from '../../../src/cli/common/usage';
import { quietContext } from '../../helpers/cli';

const ctx = quietContext(6);

describe('--jobs', () => {
  it('defaults to the cores; refuses a value below 1', () => {
    expect(jobsOf(ctx, {})).toBe(6);
    expect(jobsOf(ctx, { jobs: 3 })).toBe(3);
    expect(() => jobsOf(ctx, { jobs: 0 })).toThrow(UsageError);
  });

  it('runs one file in this thread on every thread, several on a pool sharing the threads', async () => {
    const one = jobRunner(ctx, 4, 1);
    expect([one.concurrency, one.threadsPerJob]).toEqual([1, 4]);
    const serial = jobRunner(ctx, 1, 9);
    expect([serial.concurrency, serial.threadsPerJob]).toEqual([1, 1]);
    for (const [jobs, count, expected] of [
      [4, 3, [3, 1]],
      [4, 2, [2, 2]],
      [8, 3, [3, 2]],
      [8, 20, [8, 1]],
    ] as const) {
      const pool = jobRunner(ctx, jobs, count);
      try {
        expect([pool.concurrency, pool.threadsPerJob], `${jobs} ${count}`).toEqual(expected);
      } finally {
        await pool.close();
      }
    }
    await one.close();
  });
});
