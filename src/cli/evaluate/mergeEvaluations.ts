/**
 * `rankseg evaluate --merge`: the evaluations of a dataset's shards combined into the evaluation of
 * the whole dataset.
 *
 * @module
 */

import type { Skipped } from '../common/files';
import type { Failure } from '../common/runEach';
import type { ShardReport } from '../common/shard';
import { UsageError } from '../common/usage';
import type { PairScore } from './evaluateJob';
import { type Evaluation, type EvaluationOptions, evaluatePairs } from './evaluation';
import type { EvaluationRecord } from './evaluationJson';

/** The combined evaluation, and what it was made of. */
export interface MergedEvaluation {
  options: EvaluationOptions;
  evaluation: Evaluation;
  failures: Failure[];
  skipped: Skipped[];
  /** Every shard merged, sorted by count then index. */
  shards: ShardReport[];
}

/**
 * Combines `evaluate --json` outputs exactly: their pairs are put back in the order one run over
 * all of them takes (sorted by prediction path) and scored by the same code (`evaluatePairs`), so
 * the per-class means pool the same per-image scores in the same order and the dataset totals are
 * sums of the same integer counts — the numbers of evaluating everything at once, bit for bit
 * (when the shards were run on the same folder with the same paths). Failures and skipped files
 * are listed together (skipped ones once).
 *
 * @throws {UsageError} when the outputs differ in the options that decide the scores
 *   (`--num-classes`, `--ignore-index`, `--input`, `--dataset`), overlap (a prediction in two of
 *   them, a shard given twice), miss shards (of N, some of 1…N absent), saw different lists (shards
 *   of N whose totals differ), or hold mask files of different class counts across them.
 * @example
 * ```ts
 * const merged = mergeEvaluations([readEvaluationJson('1.json', a), readEvaluationJson('2.json', b)]);
 * merged.evaluation.iou.mean;
 * ```
 */
export function mergeEvaluations(records: readonly EvaluationRecord[]): MergedEvaluation {
  const first = records[0];
  if (first === undefined) throw new UsageError('--merge needs at least one evaluate --json output');
  for (const record of records) {
    for (const key of ['numClasses', 'ignoreIndex', 'input', 'dataset'] as const) {
      if (record.options[key] !== first.options[key]) {
        throw new UsageError(
          `--merge: ${first.path} and ${record.path} were evaluated with different options ` +
            `(${key}: ${String(first.options[key])} and ${String(record.options[key])}); merge only runs of one setting`,
        );
      }
    }
  }
  const shards = checkShards(records);
  const owner = new Map<string, string>();
  const pairs: PairScore[] = [];
  for (const record of records) {
    for (const pair of record.pairs) {
      const other = owner.get(pair.pred);
      if (other !== undefined) {
        throw new UsageError(
          `--merge: ${pair.pred} is in ${other} and in ${record.path}: the evaluations overlap`,
        );
      }
      owner.set(pair.pred, record.path);
      pairs.push(pair);
    }
  }
  pairs.sort((a, b) => byCodePoint(a.pred, b.pred));
  const evaluation = evaluatePairs(pairs, first.options);
  const refused = evaluation.failures[0];
  if (refused !== undefined) {
    throw new UsageError(
      `--merge: the mask files differ in their number of classes (${refused.file} ${refused.reason}); ` +
        'evaluate them in one run to see each one',
    );
  }
  const failures = records.flatMap((r) => r.failures).sort((a, b) => byCodePoint(a.file, b.file));
  const seen = new Set<string>();
  const skipped = records
    .flatMap((r) => r.skipped)
    .filter((s) => {
      const key = `${s.file}\0${s.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => byCodePoint(a.file, b.file));
  return { options: first.options, evaluation, failures, skipped, shards };
}

/** Every shard once; of each count N every index 1…N, all of one total. */
function checkShards(records: readonly EvaluationRecord[]): ShardReport[] {
  const byKey = new Map<string, { shard: ShardReport; path: string }>();
  for (const record of records) {
    for (const shard of record.shards) {
      const key = `${shard.index}/${shard.count}`;
      const other = byKey.get(key);
      if (other !== undefined) {
        throw new UsageError(`--merge: shard ${key} is in ${other.path} and in ${record.path}`);
      }
      byKey.set(key, { shard, path: record.path });
    }
  }
  const all = [...byKey.values()];
  for (const count of new Set(all.map((s) => s.shard.count))) {
    const group = all.filter((s) => s.shard.count === count);
    const total = group[0]!.shard.total;
    const odd = group.find((s) => s.shard.total !== total);
    if (odd !== undefined) {
      throw new UsageError(
        `--merge: the shards of ${count} saw different lists (${total} items in ${group[0]!.path}, ` +
          `${odd.shard.total} in ${odd.path}): were the folders or flags changed between the runs?`,
      );
    }
    const missing = Array.from({ length: count }, (_, k) => k + 1).filter(
      (index) => !group.some((s) => s.shard.index === index),
    );
    if (missing.length > 0) {
      const shown = missing.slice(0, 10).map((index) => `${index}/${count}`);
      throw new UsageError(
        `--merge: shard${missing.length === 1 ? '' : 's'} ${shown.join(', ')}${missing.length > 10 ? ', …' : ''} ` +
          `of ${count} missing: pass the output of every shard`,
      );
    }
  }
  return all.map((s) => s.shard).sort((a, b) => a.count - b.count || a.index - b.index);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
