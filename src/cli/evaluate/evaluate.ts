/**
 * `rankseg evaluate`: Dice and IoU of predicted label maps or masks against targets.
 *
 * @module
 */

import { type Command, Option } from 'commander';
import type { MetricInputForm, MetricOptions } from '../../metrics/types';
import { parseMetricOptions } from '../../metrics/validate';
import type { CliContext } from '../common/context';
import type { Skipped } from '../common/files';
import {
  addFolderFlags,
  type FolderFlags,
  folderFilter,
  GLOB_HELP,
  printSkipped,
} from '../common/folderFlags';
import { addJobsFlag, type JobsFlags, jobRunner, jobsOf } from '../common/jobsFlag';
import { checkMaxBytes, MAX_BYTES_HELP, parseInteger, readFlagFile } from '../common/options';
import { type Pair, planPairs, splitEntries } from '../common/pairFiles';
import { type EachResult, type Failure, printFailures, runEach } from '../common/runEach';
import {
  parseShard,
  SHARD_HELP,
  type Shard,
  type ShardReport,
  shardItems,
  shardLine,
  shardReport,
} from '../common/shard';
import { formatScore, formatTable } from '../common/table';
import { EXIT_FAILED, EXIT_OK, flagMessage, UsageError } from '../common/usage';
import { evaluateJob, type PairScore } from './evaluateJob';
import { type Evaluation, type EvaluationOptions, evaluatePairs } from './evaluation';
import { evaluationDetails, readEvaluationJson } from './evaluationJson';
import { mergeEvaluations } from './mergeEvaluations';

/** Flags of `rankseg evaluate` as commander parses them. */
interface EvaluateFlags extends FolderFlags, JobsFlags {
  pred?: string;
  target?: string;
  merge?: string[];
  shard?: Shard;
  numClasses?: number;
  ignoreIndex?: number;
  input: MetricInputForm;
  dataset?: boolean;
  predKey?: string;
  targetKey?: string;
  maxBytes?: number;
  recursive?: boolean;
  strictGeometry?: boolean;
  json?: boolean;
  progress: boolean;
}

const HELP_AFTER = `
Files: .npy/.npz (as stored: labels [B, ...spatial] or 0/1 masks [B, C, ...spatial];
a 2-D array is one image), .nii/.nii.gz (one volume: labels (x, y, z) or masks
(x, y, z, class)), .png (palette or grayscale labels; a black/white image is a binary
mask: the label map 0/1 with --num-classes, a one-class mask without).

Reading (--input auto): arrays whose ranks differ by one are masks (the longer) and a
label map; arrays of equal rank are label maps, or masks when both are black/white
PNG masks (or one is and the other holds only 0 and 1); 0/1 mask stacks
[B, C, ...] of equal rank need --input masks. Axes of size 1 are left out on both
sides when the shapes differ only by them (predict's (1, 1, H, W) against an (H, W)
target); a one-class mask against a 0/1 label map is scored as one class. Without
--num-classes, label maps have (largest label of the pair + 1) classes, as the output
says. Prediction labels >= N (or --ignore-index) count as "no class"; target pixels
equal to --ignore-index count nowhere.

Geometry: NIfTI predictions and targets whose voxel-to-world affines differ are
scored voxel by voxel with a warning; --strict-geometry makes it a failure.

Scores: per class, the mean over images where the class is in the prediction or the
target (absent everywhere: null in JSON, - in the table); "mean" averages the classes
that have a score. With --dataset, counts are summed over all images first and each
class gets one ratio (benchmark mIoU).

Directories: --pred and --target may be directories; files are paired by name without
extension (pred/x.npy with target/x.png), all images pooled. Unpaired files are listed
as failures. Of nnU-Net's case.nii.gz (its segmentation) and case.npz (probabilities)
in --pred, the segmentation is read.

${GLOB_HELP}
The globs pick prediction files; their targets are found by name.

--jobs N scores N pairs at once, each on its own worker thread (default: one per
core; at most N pairs in memory at once); the scores are the same bits as with --jobs 1.

${SHARD_HELP}
For evaluate the list is the prediction files (with a target or not), then the
targets without a prediction.

--merge A.json B.json ... combines the --json outputs of the shards of one evaluation
into the evaluation of the whole: the pairs' counts and per-image scores are pooled
in the order one run takes them, so the scores equal those of evaluating everything
at once, exactly (dataset totals are sums of counts, never averages of means). It
refuses outputs of other options (--num-classes, --ignore-index, --input, --dataset),
outputs that overlap (a file, or a shard, twice), and a set of shards with one
missing. Its --json output can be merged again.

JSON (--json): {"dice": {"perClass": [...], "mean": x}, "iou": {"perClass": [...],
"mean": x}, "numClasses": N, "numClassesInferred": true|false, "failures": [{"file",
"reason"}], "skipped": [{"file", "reason"}], "warnings": [...], "options": {"input",
"numClasses", "ignoreIndex", "dataset"}, "counts": {"intersection": [...],
"predicted": [...], "target": [...], "pixels", "correct", "images"} (dataset totals
per class: |A and B|, |A|, |B| summed over all images), "files": [{"pred", "target",
"images", "classes", "classesInferred", "dice": [[...]], "iou": [[...]] (per image
and class), "counts": {...} (summed over the file's images), "warnings"}]}, with
"shard": {"index", "count", "items", "total"} for --shard and "merged": [files],
"shards": [...] for --merge; when no pair could be scored: {"error": "...",
"failures": [...], "skipped": [...]} (exit 1), but with --shard the scores object
(of no pairs) all the same, for --merge.

Exit status: 0 success, 1 some file failed, 2 usage error.

Examples:
  rankseg evaluate --pred masks/ --target labels/ --num-classes 21 --ignore-index 255
  rankseg evaluate --pred masks/ --target labels/ --json --shard 2/8 > eval-2.json
  rankseg evaluate --merge eval-*.json
`;

/**
 * Adds the `evaluate` command to `program`.
 *
 * @example
 * ```ts
 * addEvaluateCommand(program, processContext(), (code) => { process.exitCode = code; });
 * ```
 */
export function addEvaluateCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const command = program
    .command('evaluate')
    .summary('score predicted label maps or masks against targets (Dice, IoU)')
    .description('Dice and IoU per class of predictions against targets (files or directories).')
    .option('--pred <path>', 'predicted label map or masks, or a directory of them')
    .option('--target <path>', 'ground truth, or a directory of files with the same names')
    .option('--num-classes <n>', 'number of classes of label maps (default: largest label + 1)', parseInteger)
    .option('--ignore-index <i>', 'target label that counts nowhere (e.g. 255)', parseInteger)
    .addOption(
      new Option('--input <form>', 'how files are read').choices(['auto', 'labels', 'masks']).default('auto'),
    )
    .option('--dataset', 'dataset-level scores: counts summed over all images, then one ratio per class')
    .option('--pred-key <name>', '.npz predictions: the member to read')
    .option('--target-key <name>', '.npz targets: the member to read')
    .option('--max-bytes <n>', MAX_BYTES_HELP, parseInteger)
    .option('-r, --recursive', 'with directories, also pair files in subdirectories')
    .option('--strict-geometry', 'a NIfTI pair whose geometries differ fails (default: a warning)')
    .option('--shard <K/N>', 'score the K-th of N parts of the pairs (see below)', parseShard)
    .addOption(
      new Option(
        '--merge <json...>',
        'combine the --json outputs of shards into the whole evaluation',
      ).conflicts([
        'pred',
        'target',
        'numClasses',
        'ignoreIndex',
        'input',
        'dataset',
        'predKey',
        'targetKey',
        'maxBytes',
        'recursive',
        'strictGeometry',
        'shard',
        'include',
        'exclude',
        'jobs',
      ]),
    )
    .option('--json', 'print {"dice": {...}, "iou": {...}, ...} instead of a table')
    .option('--no-progress', 'no progress bar (it is only drawn when stderr is a terminal)')
    .addHelpText('after', HELP_AFTER)
    .action(async (flags: EvaluateFlags) => {
      setExit(await (flags.merge === undefined ? evaluate(ctx, flags) : merge(ctx, flags.merge, flags)));
    });
  addFolderFlags(command, 'predictions');
  addJobsFlag(command, ctx, 'pairs scored at once, one thread each');
}

async function evaluate(ctx: CliContext, flags: EvaluateFlags): Promise<number> {
  for (const flag of ['pred', 'target'] as const) {
    if (flags[flag] === undefined) {
      throw new UsageError(`required option '--${flag} <path>' not specified (or --merge <json...>)`);
    }
  }
  const predPath = flags.pred!;
  const targetPath = flags.target!;
  const options: MetricOptions = { input: flags.input };
  if (flags.numClasses !== undefined) options.numClasses = flags.numClasses;
  if (flags.ignoreIndex !== undefined) options.ignoreIndex = flags.ignoreIndex;
  try {
    parseMetricOptions(options);
  } catch (e) {
    throw new UsageError(flagMessage((e as Error).message));
  }
  const maxBytes = checkMaxBytes(flags.maxBytes);
  const jobs = jobsOf(ctx, flags);
  const plan = await planPairs(predPath, targetPath, {
    recursive: flags.recursive === true,
    filter: folderFilter(flags),
    role: 'labels',
  });
  const mine = shardItems(plan.entries, flags.shard);
  const { pairs, unpaired } = splitEntries(mine);
  const shard = shardReport(flags.shard, mine.length, plan.entries.length);

  const runner = jobRunner(ctx, jobs, pairs.length);
  let each: EachResult<PairScore>;
  try {
    each = await runEach(
      ctx,
      pairs,
      (pair) => pair.pred,
      (pair) =>
        runner.run(evaluateJob, {
          pair,
          input: flags.input,
          numClasses: flags.numClasses,
          ignoreIndex: flags.ignoreIndex,
          predKey: flags.predKey,
          targetKey: flags.targetKey,
          maxBytes,
          strictGeometry: flags.strictGeometry === true,
        }),
      flags.progress,
      runner.concurrency,
    );
  } finally {
    await runner.close();
  }
  const settings: EvaluationOptions = {
    input: flags.input,
    numClasses: flags.numClasses ?? null,
    ignoreIndex: flags.ignoreIndex ?? null,
    dataset: flags.dataset === true,
  };
  const evaluation = evaluatePairs(each.results, settings);
  const failures: Failure[] = [
    ...unpaired,
    ...inPairOrder(pairs, [...each.failures, ...evaluation.failures]),
  ];
  const report: Report = {
    evaluation,
    settings,
    failures,
    skipped: plan.skipped,
    extra: shard === undefined ? {} : { shard },
  };
  // a shard prints its scores even when it has none, so that --merge counts its failures
  if (flags.json === true && evaluation.scored.length === 0 && shard === undefined) {
    const error =
      pairs.length === 0
        ? `no file pair to score in ${predPath} and ${targetPath}`
        : `no file pair could be scored (${failures.length - unpaired.length} failed)`;
    printLists(ctx, report);
    const out = { error, failures, skipped: plan.skipped };
    ctx.stdout(`${JSON.stringify(out)}\n`);
    return EXIT_FAILED;
  }
  const scored = evaluation.scored.length;
  const source = plan.directories
    ? `${predPath} vs ${targetPath}: ${scored} file pair${scored === 1 ? '' : 's'}, `
    : `${predPath} vs ${targetPath}: `;
  const head = shard === undefined ? '' : `${shardLine(shard, 'files and pairs')}\n`;
  return printReport(ctx, flags, report, `${head}${source}`, plan.directories ? each.seconds : undefined);
}

/** `--merge`: the evaluations of the JSON files combined. */
async function merge(ctx: CliContext, paths: string[], flags: EvaluateFlags): Promise<number> {
  const records = [];
  for (const path of paths) {
    const text = await readFlagFile('--merge', path);
    records.push(readEvaluationJson(path, text));
  }
  const merged = mergeEvaluations(records);
  const { evaluation } = merged;
  const report: Report = {
    evaluation,
    settings: merged.options,
    failures: merged.failures,
    skipped: merged.skipped,
    extra: { merged: paths, shards: merged.shards },
  };
  const scored = evaluation.scored.length;
  const source = `merged ${paths.length} evaluation${paths.length === 1 ? '' : 's'}: ${scored} file pair${scored === 1 ? '' : 's'}, `;
  return printReport(ctx, flags, report, source, undefined);
}

/** What a run or a merge prints. */
interface Report {
  evaluation: Evaluation;
  settings: EvaluationOptions;
  failures: Failure[];
  skipped: Skipped[];
  /** Keys the JSON adds at its end (`shard`; `merged`, `shards`). */
  extra: { shard?: ShardReport; merged?: string[]; shards?: ShardReport[] };
}

/** The lists of a report (warnings, files left out, failures), on stderr in both forms. */
function printLists(ctx: CliContext, report: Report): void {
  for (const w of report.evaluation.warnings) ctx.stderr(`warning: ${w}\n`);
  printSkipped(ctx, report.skipped);
  printFailures(ctx, report.failures);
}

/** Prints the scores as JSON or as a table (after `source`); the exit code. */
function printReport(
  ctx: CliContext,
  flags: EvaluateFlags,
  report: Report,
  source: string,
  seconds: number | undefined,
): number {
  const { evaluation, failures } = report;
  const { dice, iou, classes: C, inferred, images } = evaluation;
  const code = failures.length > 0 ? EXIT_FAILED : EXIT_OK;
  if (flags.json === true) {
    printLists(ctx, report);
    const json = (x: { perClass: Float64Array; mean: number }) => ({
      perClass: Array.from(x.perClass),
      mean: x.mean,
    });
    // JSON.stringify writes NaN as null
    const out = {
      dice: json(dice),
      iou: json(iou),
      numClasses: C,
      numClassesInferred: inferred,
      failures,
      skipped: report.skipped,
      warnings: evaluation.warnings,
      ...evaluationDetails(evaluation, report.settings),
      ...report.extra,
    };
    ctx.stdout(`${JSON.stringify(out)}\n`);
    return code;
  }
  const from = inferred ? ' (from the data: largest label + 1; --num-classes sets it)' : '';
  ctx.stdout(`${source}${images} image${images === 1 ? '' : 's'}, ${C} class${C === 1 ? '' : 'es'}${from}\n`);
  if (evaluation.scored.length > 0) {
    ctx.stdout(
      report.settings.dataset
        ? 'dataset-level scores: counts summed over all images, then one ratio per class\n'
        : 'per class: mean over the images where the class is in the prediction or the target\n',
    );
    const rows = [['class', 'dice', 'iou']];
    for (let c = 0; c < C; c++)
      rows.push([String(c), formatScore(dice.perClass[c]!), formatScore(iou.perClass[c]!)]);
    rows.push(['mean', formatScore(dice.mean), formatScore(iou.mean)]);
    ctx.stdout(formatTable(rows));
    if (seconds !== undefined) ctx.stdout(`${seconds.toFixed(2)} s\n`);
  }
  printLists(ctx, report);
  return code;
}

/** Failures of pairs in the pairs' order (those of the run, and those refused when scoring). */
function inPairOrder(pairs: readonly Pair[], failures: readonly Failure[]): Failure[] {
  const position = new Map(pairs.map((pair, k) => [pair.pred, k]));
  return [...failures].sort((a, b) => (position.get(a.file) ?? 0) - (position.get(b.file) ?? 0));
}
