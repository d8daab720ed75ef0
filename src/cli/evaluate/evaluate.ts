/**
 * `rankseg evaluate`: Dice and IoU of predicted label maps or masks against targets.
 *
 * @module
 */

import { type Command, Option } from 'commander';
import { diceScore } from '../../metrics/diceScore';
import { iouScore } from '../../metrics/iouScore';
import { SegmentationMeter } from '../../metrics/SegmentationMeter';
import type { MetricInputForm, MetricOptions } from '../../metrics/types';
import { parseMetricOptions } from '../../metrics/validate';
import type { CliContext } from '../shared/context';
import {
  addFolderFlags,
  type FolderFlags,
  folderFilter,
  GLOB_HELP,
  printSkipped,
} from '../shared/folderFlags';
import { checkMaxBytes, MAX_BYTES_HELP } from '../shared/maxBytes';
import { parseInteger } from '../shared/options';
import { type Pair, planPairs } from '../shared/pairFiles';
import { type LabelInput, readLabelFile } from '../shared/readLabels';
import { type Failure, printFailures, runEach } from '../shared/runEach';
import { formatScore, formatTable } from '../shared/table';
import { EXIT_FAILED, EXIT_OK, flagMessage, UsageError } from '../shared/usage';
import { type AlignedPair, alignPair } from './alignPair';
import { geometryDifference } from './geometry';
import { DatasetTotals, PooledScores, type Scores } from './scoreTotals';

/** Flags of `rankseg evaluate` as commander parses them. */
interface EvaluateFlags extends FolderFlags {
  pred: string;
  target: string;
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

JSON (--json): {"dice": {"perClass": [...], "mean": x}, "iou": {"perClass": [...],
"mean": x}, "numClasses": N, "numClassesInferred": true|false, "failures": [{"file",
"reason"}], "skipped": [{"file", "reason"}], "warnings": [...]}; when no pair could
be scored: {"error": "...", "failures": [...], "skipped": [...]} (exit 1).

Exit status: 0 success, 1 some file failed, 2 usage error.
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
    .requiredOption('--pred <path>', 'predicted label map or masks, or a directory of them')
    .requiredOption('--target <path>', 'ground truth, or a directory of files with the same names')
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
    .option('--json', 'print {"dice": {...}, "iou": {...}, ...} instead of a table')
    .option('--no-progress', 'no progress bar (it is only drawn when stderr is a terminal)')
    .addHelpText('after', HELP_AFTER)
    .action(async (flags: EvaluateFlags) => {
      setExit(await evaluate(ctx, flags));
    });
  addFolderFlags(command, 'predictions');
}

async function evaluate(ctx: CliContext, flags: EvaluateFlags): Promise<number> {
  const options: MetricOptions = { input: flags.input };
  if (flags.numClasses !== undefined) options.numClasses = flags.numClasses;
  if (flags.ignoreIndex !== undefined) options.ignoreIndex = flags.ignoreIndex;
  try {
    parseMetricOptions(options);
  } catch (e) {
    throw new UsageError(flagMessage((e as Error).message));
  }
  const maxBytes = checkMaxBytes(flags.maxBytes);
  const { pairs, unpaired, skipped, directories } = await planPairs(flags.pred, flags.target, {
    recursive: flags.recursive === true,
    filter: folderFilter(flags),
    role: 'labels',
  });

  const dataset = flags.dataset === true;
  const totals = new DatasetTotals();
  const pooled = { dice: new PooledScores(), iou: new PooledScores() };
  let classes: number | undefined = flags.numClasses;
  let inferred = false;
  let maskClasses: number | undefined;
  let images = 0;
  const warnings: string[] = [];
  const { failures, seconds } = await runEach(
    ctx,
    pairs,
    (pair) => pair.pred,
    async (pair) => {
      const read = {
        input: flags.input,
        numClassesGiven: flags.numClasses !== undefined,
        ...(maxBytes === undefined ? {} : { maxBytes }),
      };
      const pred = await readLabelFile(pair.pred, { ...read, ...keyOf(flags.predKey) }).catch(
        renameKey('--pred-key'),
      );
      const target = await readLabelFile(pair.target, { ...read, ...keyOf(flags.targetKey) }).catch(
        renameKey('--target-key'),
      );
      try {
        checkGeometry(pair, pred, target, flags.strictGeometry === true, warnings);
        const aligned = alignPair(pred, target, {
          input: flags.input,
          numClasses: flags.numClasses,
          ignoreIndex: flags.ignoreIndex,
        });
        const C = score(aligned, dataset, totals, pooled);
        if (aligned.inferred === undefined) {
          // masks fix the class count: every file must have the same
          if (maskClasses !== undefined && C !== maskClasses) {
            throw new RangeError(`has ${C} classes, earlier files have ${maskClasses}`);
          }
          maskClasses = C;
        } else {
          inferred = true;
        }
        classes = Math.max(classes ?? 0, C);
        images += aligned.pred.shape[0]!;
      } catch (e) {
        if (e instanceof Error && !(e instanceof UsageError)) e.message = flagMessage(e.message);
        throw e;
      }
    },
    flags.progress,
  );
  const allFailures: Failure[] = [...unpaired, ...failures];
  const C = classes ?? 0;
  const dice = dataset ? totals.scores('dice', C) : pooled.dice.scores(C);
  const iou = dataset ? totals.scores('iou', C) : pooled.iou.scores(C);
  const scored = pairs.length - failures.length;
  if (inferred && C === 256 && flags.ignoreIndex === undefined) {
    warnings.push(
      '256 classes taken from the data (largest label 255): if 255 marks void pixels, pass --ignore-index 255',
    );
  }

  // the lists go to stderr in both forms (with --json they are in the JSON as well)
  const printLists = () => {
    for (const w of warnings) ctx.stderr(`warning: ${w}\n`);
    printSkipped(ctx, skipped);
    printFailures(ctx, allFailures);
  };
  if (flags.json === true) {
    printLists();
    if (scored === 0) {
      const error =
        pairs.length === 0
          ? `no file pair to score in ${flags.pred} and ${flags.target}`
          : `no file pair could be scored (${failures.length} failed)`;
      ctx.stdout(`${JSON.stringify({ error, failures: allFailures, skipped })}\n`);
      return EXIT_FAILED;
    }
    const json = (x: Scores) => ({ perClass: Array.from(x.perClass), mean: x.mean });
    // JSON.stringify writes NaN as null
    const out = {
      dice: json(dice),
      iou: json(iou),
      numClasses: C,
      numClassesInferred: inferred,
      failures: allFailures,
      skipped,
      warnings,
    };
    ctx.stdout(`${JSON.stringify(out)}\n`);
    return allFailures.length > 0 ? EXIT_FAILED : EXIT_OK;
  }
  const source = directories
    ? `${flags.pred} vs ${flags.target}: ${scored} file pair${scored === 1 ? '' : 's'}, `
    : `${flags.pred} vs ${flags.target}: `;
  const from = inferred ? ' (from the data: largest label + 1; --num-classes sets it)' : '';
  ctx.stdout(`${source}${images} image${images === 1 ? '' : 's'}, ${C} class${C === 1 ? '' : 'es'}${from}\n`);
  if (scored > 0) {
    ctx.stdout(
      dataset
        ? 'dataset-level scores: counts summed over all images, then one ratio per class\n'
        : 'per class: mean over the images where the class is in the prediction or the target\n',
    );
    const rows = [['class', 'dice', 'iou']];
    for (let c = 0; c < C; c++)
      rows.push([String(c), formatScore(dice.perClass[c]!), formatScore(iou.perClass[c]!)]);
    rows.push(['mean', formatScore(dice.mean), formatScore(iou.mean)]);
    ctx.stdout(formatTable(rows));
    if (directories) ctx.stdout(`${seconds.toFixed(2)} s\n`);
  }
  printLists();
  return allFailures.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** Scores one aligned pair into the run's totals; returns its number of classes. */
function score(
  aligned: AlignedPair,
  dataset: boolean,
  totals: DatasetTotals,
  pooled: { dice: PooledScores; iou: PooledScores },
): number {
  const { pred, target, options } = aligned;
  if (dataset) {
    const meter = new SegmentationMeter(options).update(pred, target);
    totals.add(meter.totals());
    return meter.numClasses!;
  }
  const dice = diceScore(pred, target, options);
  const C = dice.shape[1];
  pooled.dice.add(dice.perImage, C);
  pooled.iou.add(iouScore(pred, target, options).perImage, C);
  return C;
}

/**
 * NIfTI pairs: a warning (or, with `--strict-geometry`, a failure) when the voxel-to-world
 * geometries differ, since the scores compare voxels by index.
 *
 * @throws {Error} with `strict`, naming the difference.
 */
function checkGeometry(
  pair: Pair,
  pred: LabelInput,
  target: LabelInput,
  strict: boolean,
  warnings: string[],
): void {
  if (pred.header === undefined || target.header === undefined) return;
  const difference = geometryDifference(pred.header, target.header);
  if (difference === undefined) return;
  const what = `${pair.pred} and ${pair.target} have different geometries (${difference}); the voxels are compared by index`;
  if (strict) throw new Error(`${what}, and --strict-geometry refuses that`);
  warnings.push(`${what} (--strict-geometry makes this a failure)`);
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
