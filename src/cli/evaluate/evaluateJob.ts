/**
 * `rankseg evaluate` on one prediction/target pair — read both, align, count — the same in the main
 * thread and on a worker.
 *
 * @module
 */

import type { MetricInputForm } from '../../metrics/types';
import type { FileJob } from '../common/fileJob';
import type { Pair } from '../common/pairFiles';
import { type LabelInput, readLabelFile } from '../common/readLabels';
import { flagMessage, UsageError } from '../common/usage';
import { alignPair } from './alignPair';
import { geometryDifference } from './geometry';
import { countPair, type PairCounts } from './pairCounts';

/** One pair to score, and the flags that decide how (plain data: it goes to a worker). */
export interface EvaluateRequest {
  pair: Pair;
  input: MetricInputForm;
  numClasses?: number | undefined;
  ignoreIndex?: number | undefined;
  predKey?: string | undefined;
  targetKey?: string | undefined;
  maxBytes?: number | undefined;
  strictGeometry: boolean;
}

/** What one pair gave: its counts, and how its class count was found. */
export interface PairScore {
  pred: string;
  target: string;
  /** The class count came from the data (largest label + 1), not from masks or --num-classes. */
  classesInferred: boolean;
  counts: PairCounts;
  /** Warnings about this pair (NIfTI geometries that differ). */
  warnings: string[];
}

/**
 * The job of `rankseg evaluate` on one pair: reads the prediction and the target, checks NIfTI
 * geometries (a warning, or with `strictGeometry` a failure), aligns them as the user means them
 * (`alignPair`) and counts them (`countPair`). Errors are the pair's failure, in flag terms.
 *
 * @example
 * ```ts
 * const score = await evaluateJob.run({ pair: { pred: 'p.png', target: 't.png' }, input: 'auto', strictGeometry: false });
 * ```
 */
export const evaluateJob: FileJob<EvaluateRequest, PairScore> = {
  name: 'evaluate',
  run: scorePair,
};

async function scorePair(request: EvaluateRequest): Promise<PairScore> {
  const { pair } = request;
  const read = {
    input: request.input,
    numClassesGiven: request.numClasses !== undefined,
    ...(request.maxBytes === undefined ? {} : { maxBytes: request.maxBytes }),
  };
  const pred = await readLabelFile(pair.pred, { ...read, ...keyOf(request.predKey) }).catch(
    renameKey('--pred-key'),
  );
  const target = await readLabelFile(pair.target, { ...read, ...keyOf(request.targetKey) }).catch(
    renameKey('--target-key'),
  );
  try {
    const warnings = geometryWarnings(pair, pred, target, request.strictGeometry);
    const aligned = alignPair(pred, target, {
      input: request.input,
      numClasses: request.numClasses,
      ignoreIndex: request.ignoreIndex,
    });
    const counts = countPair(aligned.pred, aligned.target, aligned.options);
    return { ...pair, classesInferred: aligned.inferred !== undefined, counts, warnings };
  } catch (e) {
    if (e instanceof Error && !(e instanceof UsageError)) e.message = flagMessage(e.message);
    throw e;
  }
}

/**
 * NIfTI pairs: a warning (or, with `strict`, a failure) when the voxel-to-world geometries differ,
 * since the scores compare voxels by index.
 *
 * @throws {Error} with `strict`, naming the difference.
 */
function geometryWarnings(pair: Pair, pred: LabelInput, target: LabelInput, strict: boolean): string[] {
  if (pred.header === undefined || target.header === undefined) return [];
  const difference = geometryDifference(pred.header, target.header);
  if (difference === undefined) return [];
  const what = `${pair.pred} and ${pair.target} have different geometries (${difference}); the voxels are compared by index`;
  if (strict) throw new Error(`${what}, and --strict-geometry refuses that`);
  return [`${what} (--strict-geometry makes this a failure)`];
}

/** Rethrows an io error with `options.key` named as the CLI flag that sets it. */
function renameKey(flag: string): (e: unknown) => never {
  return (e) => {
    if (e instanceof Error) e.message = e.message.replace(/\boptions\.key\b/g, flag);
    throw e;
  };
}

function keyOf(key: string | undefined): { key?: string } {
  return key === undefined ? {} : { key };
}
