/**
 * `rankseg evaluate --json`: the JSON of a run, and reading it back for `--merge`.
 *
 * @module
 */

import type { MetricInputForm } from '../../metrics/types';
import type { Skipped } from '../common/files';
import type { Failure } from '../common/runEach';
import type { ShardReport } from '../common/shard';
import { UsageError } from '../common/usage';
import type { PairScore } from './evaluateJob';
import type { Evaluation, EvaluationOptions } from './evaluation';

/** A number of the JSON: NaN (a class absent from both) as null, as JSON.stringify writes it. */
type JsonNumber = number | null;

/** One pair in `files`. */
export interface PairJson {
  pred: string;
  target: string;
  images: number;
  classes: number;
  classesInferred: boolean;
  /** `[B][C]` per image and class. */
  dice: JsonNumber[][];
  iou: JsonNumber[][];
  /** Summed over the pair's images. */
  counts: { intersection: number[]; predicted: number[]; target: number[]; pixels: number; correct: number };
  warnings: string[];
}

/** What `--merge` reads from one `evaluate --json` output. */
export interface EvaluationRecord {
  path: string;
  options: EvaluationOptions;
  pairs: PairScore[];
  failures: Failure[];
  skipped: Skipped[];
  /** The shards it holds: its `shard`, or the `shards` of a merge. */
  shards: ShardReport[];
}

/**
 * The `files` entry of a pair: its per-image scores `[B][C]` and its counts.
 *
 * @example
 * ```ts
 * pairJson(score).dice; // [[0.93, null, 0.41]]
 * ```
 */
export function pairJson(pair: PairScore): PairJson {
  const { counts } = pair;
  const C = counts.classes;
  const rows = (values: Float64Array) =>
    Array.from({ length: counts.images }, (_, b) =>
      Array.from(values.subarray(b * C, (b + 1) * C), (x) => (Number.isNaN(x) ? null : x)),
    );
  return {
    pred: pair.pred,
    target: pair.target,
    images: counts.images,
    classes: C,
    classesInferred: pair.classesInferred,
    dice: rows(counts.dice),
    iou: rows(counts.iou),
    counts: countsJson(counts),
    warnings: pair.warnings,
  };
}

/**
 * The keys `evaluate --json` adds to the scores for `--merge` (and for anyone who wants the counts):
 * `options` (the flags that decide the scores), `counts` (dataset totals: per class Σ|A∩B|, Σ|A|,
 * Σ|B|; pixels counted and right; images) and `files` (per pair: per-image scores and counts).
 *
 * @example
 * ```ts
 * const json = { dice, iou, ...evaluationDetails(evaluation, options) };
 * ```
 */
export function evaluationDetails(
  evaluation: Evaluation,
  options: EvaluationOptions,
): { options: EvaluationOptions; counts: object; files: PairJson[] } {
  const { counts } = evaluation;
  return {
    options,
    counts: { ...countsJson(counts), images: counts.images },
    files: evaluation.scored.map(pairJson),
  };
}

/**
 * Reads one `evaluate --json` output (a run, a shard, an earlier merge, or the error object of a
 * run that scored nothing) for `--merge`, checking every field it uses.
 *
 * @throws {UsageError} naming the file and what is wrong: not JSON, not an evaluate output of this
 *   version (no `options` and `files`: rerun it), or a field of the wrong kind.
 * @example
 * ```ts
 * const record = readEvaluationJson('shard-1.json', await readFile('shard-1.json', 'utf8'));
 * ```
 */
export function readEvaluationJson(path: string, text: string): EvaluationRecord {
  const fail = (what: string): never => {
    throw new UsageError(`--merge ${path}: ${what}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail("not JSON (write it with 'rankseg evaluate --json')");
  }
  if (!isObject(json) || !isObject(json.options) || !Array.isArray(json.files)) {
    return fail(
      'not the output of \'rankseg evaluate --json\' of this version (it needs "options" and "files"): run it again',
    );
  }
  const options = readOptions(json.options, fail);
  const pairs = json.files.map((entry, k) => readPair(entry, (what) => fail(`files[${k}]: ${what}`)));
  const failures = readList(json.failures, 'failures', fail);
  const skipped = readList(json.skipped, 'skipped', fail);
  const shards: ShardReport[] = [];
  if (json.shard !== undefined) shards.push(readShard(json.shard, 'shard', fail));
  if (json.shards !== undefined) {
    if (!Array.isArray(json.shards)) fail('"shards" is not a list');
    (json.shards as unknown[]).forEach((s, k) => {
      shards.push(readShard(s, `shards[${k}]`, fail));
    });
  }
  return { path, options, pairs, failures, skipped, shards };
}

type Fail = (what: string) => never;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readOptions(value: Record<string, unknown>, fail: Fail): EvaluationOptions {
  const { input, numClasses, ignoreIndex, dataset } = value;
  if (input !== 'auto' && input !== 'labels' && input !== 'masks')
    fail('"options.input" is not auto, labels or masks');
  const orNull = (x: unknown, name: string) => {
    if (x !== null && !Number.isInteger(x)) fail(`"options.${name}" is not an integer or null`);
    return x as number | null;
  };
  if (typeof dataset !== 'boolean') fail('"options.dataset" is not true or false');
  return {
    input: input as MetricInputForm,
    numClasses: orNull(numClasses, 'numClasses'),
    ignoreIndex: orNull(ignoreIndex, 'ignoreIndex'),
    dataset: dataset as boolean,
  };
}

function readPair(value: unknown, fail: Fail): PairScore {
  if (!isObject(value)) return fail('not an object');
  const { pred, target, images, classes, classesInferred, dice, iou, counts, warnings } = value;
  if (typeof pred !== 'string' || typeof target !== 'string') fail('"pred" and "target" must be paths');
  const B = images as number;
  const C = classes as number;
  if (!Number.isInteger(B) || B < 0 || !Number.isInteger(C) || C < 1) {
    fail('"images" and "classes" must be counts');
  }
  if (typeof classesInferred !== 'boolean') fail('"classesInferred" is not true or false');
  const matrix = (rows: unknown, name: string): Float64Array => {
    const out = new Float64Array(B * C);
    if (!Array.isArray(rows) || rows.length !== B) fail(`"${name}" must hold ${B} rows`);
    (rows as unknown[]).forEach((row, b) => {
      if (!Array.isArray(row) || row.length !== C) fail(`"${name}"[${b}] must hold ${C} scores`);
      (row as unknown[]).forEach((x, c) => {
        if (x !== null && typeof x !== 'number') fail(`"${name}"[${b}][${c}] is not a number or null`);
        out[b * C + c] = x === null ? Number.NaN : (x as number);
      });
    });
    return out;
  };
  if (!isObject(counts)) return fail('"counts" is not an object');
  const vector = (name: string): Float64Array => {
    const v = counts[name];
    if (!Array.isArray(v) || v.length !== C || !v.every((x) => Number.isInteger(x) && x >= 0)) {
      fail(`"counts.${name}" must hold ${C} counts`);
    }
    return Float64Array.from(v as number[]);
  };
  const count = (name: string): number => {
    const x = counts[name];
    if (!Number.isInteger(x) || (x as number) < 0) fail(`"counts.${name}" is not a count`);
    return x as number;
  };
  if (!Array.isArray(warnings) || !warnings.every((w) => typeof w === 'string')) {
    fail('"warnings" is not a list of strings');
  }
  return {
    pred: pred as string,
    target: target as string,
    classesInferred: classesInferred as boolean,
    warnings: warnings as string[],
    counts: {
      images: B,
      classes: C,
      dice: matrix(dice, 'dice'),
      iou: matrix(iou, 'iou'),
      intersection: vector('intersection'),
      predicted: vector('predicted'),
      target: vector('target'),
      pixels: count('pixels'),
      correct: count('correct'),
    },
  };
}

/** `failures` or `skipped`: `[{ file, reason }]` (absent: none). */
function readList(value: unknown, name: string, fail: Fail): Failure[] {
  if (value === undefined) return [];
  const ok =
    Array.isArray(value) &&
    value.every((x) => isObject(x) && typeof x.file === 'string' && typeof x.reason === 'string');
  if (!ok) fail(`"${name}" is not a list of {"file", "reason"}`);
  return (value as { file: string; reason: string }[]).map(({ file, reason }) => ({ file, reason }));
}

function readShard(value: unknown, name: string, fail: Fail): ShardReport {
  const ok =
    isObject(value) &&
    ['index', 'count', 'items', 'total'].every(
      (k) => Number.isInteger(value[k]) && (value[k] as number) >= 0,
    ) &&
    (value.index as number) >= 1 &&
    (value.index as number) <= (value.count as number);
  if (!ok) fail(`"${name}" is not {"index", "count", "items", "total"} with 1 <= index <= count`);
  const { index, count, items, total } = value as unknown as ShardReport;
  return { index, count, items, total };
}

/** The confusion counts as JSON: per class Σ|A∩B|, Σ|A|, Σ|B|, and the pixels counted and right. */
function countsJson(counts: {
  intersection: ArrayLike<number>;
  predicted: ArrayLike<number>;
  target: ArrayLike<number>;
  pixels: number;
  correct: number;
}) {
  return {
    intersection: Array.from(counts.intersection),
    predicted: Array.from(counts.predicted),
    target: Array.from(counts.target),
    pixels: counts.pixels,
    correct: counts.correct,
  };
}
