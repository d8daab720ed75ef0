/**
 * The jobs a worker thread of the command line can run, by name (see `FileJob`).
 *
 * @module
 */

import { contenderJob, monteCarloJob } from './comparison/comparisonJobs';
import { evaluateJob } from './evaluate/evaluateJob';
import { predictJob } from './predict/predictJob';
import type { AnyFileJob } from './shared/fileJob';

/**
 * Every job of the program: a worker thread finds the job the main thread names here, so a
 * command's job that is missing would fail each file with "no job named …"
 * (tests/cli/jobs.test.ts checks the list).
 */
export const JOBS: readonly AnyFileJob[] = [predictJob, evaluateJob, contenderJob, monteCarloJob];
