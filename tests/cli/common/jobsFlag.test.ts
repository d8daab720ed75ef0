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

  it('runs one file in this thread on every job’s thread, several on a pool one thread each', async () => {
    const one = jobRunner(ctx, 4, 1);
    expect([one.concurrency, one.threadsPerJob]).toEqual([1, 4]);
    const serial = jobRunner(ctx, 1, 9);
    expect([serial.concurrency, serial.threadsPerJob]).toEqual([1, 1]);
    const pool = jobRunner(ctx, 4, 3);
    try {
      expect([pool.concurrency, pool.threadsPerJob]).toEqual([3, 1]);
    } finally {
      await pool.close();
    }
    await one.close();
  });
});
