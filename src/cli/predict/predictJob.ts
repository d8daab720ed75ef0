/**
 * `rankseg predict` on one file — read, solve, write — the same in the main thread and on a worker.
 *
 * @module
 */

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ResolvedOptions } from '../../api/options';
import { ProbabilityValueError } from '../../api/ProbabilityValueError';
import { solve } from '../../api/predict';
import { readProbabilities } from '../../api/tensor';
import type { ProbabilityTensor, RanksegOptions, Solution } from '../../api/types';
import { checkDistribution } from '../../api/validation';
import { applyTemperature } from '../../calibration/applyTemperature';
import { solveAsync } from '../../parallel/solveAsync';
import { explainValueError } from '../common/explainValues';
import type { FileJob } from '../common/fileJob';
import { optionsForInput } from '../common/options';
import {
  type ProbabilityInput,
  type ProbabilityReadOptions,
  readProbabilityFile,
} from '../common/readProbabilities';
import { checkLikeShape, type LikeImage } from './likeImage';
import { maskAsStored } from './maskLayout';
import type { Job } from './predictPlan';
import type { Written } from './report';
import { temperatureOptions } from './temperatureFlags';
import { writeMaskFile } from './writeMask';

/** One file to predict, and everything the run decided for it (plain data: it goes to a worker). */
export interface PredictRequest {
  job: Job;
  /** The library options of the flags (before the file's class count adjusts them). */
  base: RanksegOptions;
  /** `--temperature` / `--calibration`. */
  temperature: number | number[] | undefined;
  /** `--layout`, `--class-axis`, `--key`, `--max-bytes`. */
  read: ProbabilityReadOptions;
  /** The `--like` image of this file. */
  like: LikeImage | undefined;
  /**
   * Threads to solve this file on: 1 solves it in this thread (`solve`); more, on that many
   * worker threads (`solveAsync`, the file read into shared memory so that it is not copied).
   */
  threads: number;
}

/** What one file gave: the report entry, and whether a NIfTI output got geometry. */
export interface PredictResult {
  report: Written;
  geometry: boolean;
}

/**
 * The job of `rankseg predict` on one file: reads the probabilities, solves, writes the mask
 * (atomically), returns the `--report` entry. Errors are the file's failure (a `UsageError` when a
 * flag does not fit the file).
 *
 * @example
 * ```ts
 * const { report } = await predictJob.run({ job, base: {}, temperature: undefined, read: {}, like: undefined });
 * ```
 */
export const predictJob: FileJob<PredictRequest, PredictResult> = {
  name: 'predict',
  run: predictFile,
};

async function predictFile(request: PredictRequest): Promise<PredictResult> {
  const { job, base, temperature, read, like, threads } = request;
  const input = await readProbabilityFile(job.input, threads > 1 ? { ...read, shared: true } : read);
  const { options, resolved } = optionsForInput(base, input.classes);
  const multilabel = resolved.outputMode === 'multilabel';
  const solution = await solveFile(input, base, temperature, options, resolved, threads);
  if (like !== undefined) checkLikeShape(solution.mask.shape.slice(multilabel ? 2 : 1), like);
  const template = like?.template ?? input.niftiTemplate;
  await mkdir(dirname(job.output), { recursive: true });
  await writeMaskFile(job.output, solution.mask, {
    multilabel,
    niftiTemplate: template,
    asStored: maskAsStored(solution.mask, input.stored, multilabel),
  });
  const { batch: B, classes: C } = input;
  const perImage = <T>(values: ArrayLike<number>, map: (x: number) => T): T[][] =>
    Array.from({ length: B }, (_, b) => Array.from({ length: C }, (_, c) => map(values[b * C + c]!)));
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const report: Written = {
    input: job.input,
    output: job.output,
    shape: [B, C, ...solution.mask.shape.slice(multilabel ? 2 : 1)],
    outputMode: resolved.outputMode,
    images: B,
    classes: C,
    pixels: B * input.pixels,
    volume: perImage(solution.volume, (x) => x),
    cutoff: perImage(solution.cutoff, finite),
    expected: perImage(solution.expected, finite),
  };
  return { report, geometry: template !== undefined };
}

/**
 * Solves one file's probabilities (tempered first with a temperature): `solve` in this thread, or
 * `solveAsync` on `threads` worker threads (the same bytes).
 */
async function solveFile(
  input: ProbabilityInput,
  base: RanksegOptions,
  temperature: number | number[] | undefined,
  options: RanksegOptions,
  resolved: ResolvedOptions,
  threads: number,
): Promise<Solution> {
  const solveOn = (probs: ProbabilityTensor, given: RanksegOptions) =>
    threads > 1 ? solveAsync(probs, { ...given, threads }) : solve(probs, given);
  return explainingValues(input, async () => {
    if (temperature === undefined) return solveOn(input.probs, { ...options, layout: input.layout });
    // the values are checked as they are, before the temperature turns them into tempered probabilities
    const tempering = temperatureOptions(base.activation, input.layout, temperature);
    if (tempering.mode !== 'sigmoid') checkAsGiven(input, resolved);
    const probs = applyTemperature(input.probs, temperature, tempering);
    return solveOn(probs, { ...options, activation: undefined, validate: 'none', layout: input.layout });
  });
}

/** Runs `work`; a value error of the library becomes one that says which flag fixes the file. */
async function explainingValues<T>(input: ProbabilityInput, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ProbabilityValueError)
      throw new Error(explainValueError(e, input.stored, input.classes));
    throw e;
  }
}

/** The distribution check of `validate` on the values as given (before a temperature). */
function checkAsGiven(input: ProbabilityInput, resolved: ResolvedOptions): void {
  if (resolved.validate !== 'distribution' || resolved.activation !== 'none') return;
  const view = readProbabilities(input.probs, { activation: 'none', layout: input.layout }, true);
  checkDistribution(view, resolved, 'probs');
}
