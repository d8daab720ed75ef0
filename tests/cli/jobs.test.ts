import { describe, expect, it } from 'vitest';
import { contenderJob, monteCarloJob } from '../../src/cli/comparison/comparisonJobs';
import { evaluateJob } from '../../src/cli/evaluate/evaluateJob';
import { JOBS } from '../../src/cli/jobs';
import { predictJob } from '../../src/cli/predict/predictJob';

describe('the jobs a worker thread can run', () => {
  it('are every job the commands hand to the pool, once each, under unique names', () => {
    expect(JOBS).toEqual([predictJob, evaluateJob, contenderJob, monteCarloJob]);
    expect(new Set(JOBS.map((job) => job.name)).size).toBe(JOBS.length);
    expect(JOBS.map((job) => job.name)).toEqual([
      'predict',
      'evaluate',
      'compare-contender',
      'compare-montecarlo',
    ]);
  });
});
