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
import { checkMaxBytes, MAX_BYTES_HELP } from '../shared/maxBytes';
import { parseInteger } from '../shared/options';
import { type Pair, planPairs } from '../shared/pairFiles';
import { type LabelInput, readLabelFile } from '../shared/readLabels';
import { type Failure, printFailures, runEach } from '../shared/runEach';
import { formatScore, formatTable } from '../shared/table';
import { EXIT_FAILED, EXIT_OK, flagMessage, UsageError } from '../shared/usage';

/** Flags of `rankseg evaluate` as commander parses them. */
interface EvaluateFlags {
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
  json?: boolean;
  progress: boolean;
}

/** Per-class scores and their mean, NaN where undefined. */
interface Scores {
  perClass: Float64Array;
  mean: number;
}

const HELP_AFTER = `
Files: .npy/.npz (as stored: labels [B, ...spatial] or 0/1 masks [B, C, ...spatial];
a 2-D array is one image), .nii/.nii.gz (one volume: labels (x, y, z) or masks
(x, y, z, class)), .png (palette or grayscale labels; a black/white image is a binary
mask: the label map 0/1 with --num-classes, a one-class mask without).

Reading (--input auto): arrays whose ranks differ by one are masks (the longer) and a
label map; arrays of equal rank are label maps when --num-classes is given, and must
be black/white PNG masks or be read with --input masks otherwise. Prediction labels
>= N (or --ignore-index) count as "no class"; target pixels equal to --ignore-index
count nowhere.

Scores: per class, the mean over images where the class is in the prediction or the
target (absent everywhere: null in JSON, - in the table); "mean" averages the classes
that have a score. With --dataset, counts are summed over all images first and each
class gets one ratio (benchmark mIoU).

Directories: --pred and --target may be directories; files are paired by name without
extension (pred/x.npy with target/x.png), all images pooled. Unpaired files are listed
as failures.

JSON (--json): {"dice": {"perClass": [...], "mean": x}, "iou": {"perClass": [...], "mean": x}}

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
  program
    .command('evaluate')
    .summary('score predicted label maps or masks against targets (Dice, IoU)')
    .description('Dice and IoU per class of predictions against targets (files or directories).')
    .requiredOption('--pred <path>', 'predicted label map or masks, or a directory of them')
    .requiredOption('--target <path>', 'ground truth, or a directory of files with the same names')
    .option('--num-classes <n>', 'number of classes (required for label maps)', parseInteger)
    .option('--ignore-index <i>', 'target label that counts nowhere (e.g. 255)', parseInteger)
    .addOption(
      new Option('--input <form>', 'how files are read').choices(['auto', 'labels', 'masks']).default('auto'),
    )
    .option('--dataset', 'dataset-level scores: counts summed over all images, then one ratio per class')
    .option('--pred-key <name>', '.npz predictions: the member to read')
    .option('--target-key <name>', '.npz targets: the member to read')
    .option('--max-bytes <n>', MAX_BYTES_HELP, parseInteger)
    .option('-r, --recursive', 'with directories, also pair files in subdirectories')
    .option('--json', 'print {"dice": {...}, "iou": {...}} instead of a table')
    .option('--no-progress', 'no progress bar (it is only drawn when stderr is a terminal)')
    .addHelpText('after', HELP_AFTER)
    .action(async (flags: EvaluateFlags) => {
      setExit(await evaluate(ctx, flags));
    });
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
  const { pairs, unpaired, directories } = await planPairs(
    flags.pred,
    flags.target,
    flags.recursive === true,
  );

  const dataset = flags.dataset === true;
  const meter = dataset ? new SegmentationMeter(options) : undefined;
  const pooled = { dice: new Pooled(), iou: new Pooled() };
  let classes: number | undefined = flags.numClasses;
  let images = 0;
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
      checkForm(options, pred, target, pair);
      try {
        if (meter !== undefined) {
          meter.update(pred, target);
          images += pred.shape[0]!;
          classes = meter.numClasses;
          return;
        }
        const dice = diceScore(pred, target, options);
        const C = dice.shape[1];
        if (classes !== undefined && C !== classes) {
          throw new RangeError(`has ${C} classes, earlier files have ${classes}`);
        }
        classes = C;
        pooled.dice.add(dice.perImage, C);
        pooled.iou.add(iouScore(pred, target, options).perImage, C);
        images += dice.shape[0];
      } catch (e) {
        if (e instanceof Error && !(e instanceof UsageError)) e.message = flagMessage(e.message);
        throw e;
      }
    },
    flags.progress,
  );
  const allFailures: Failure[] = [...unpaired, ...failures];
  const C = classes ?? 0;
  const dice = meter !== undefined ? meter.dice() : pooled.dice.scores(C);
  const iou = meter !== undefined ? meter.iou() : pooled.iou.scores(C);

  if (flags.json === true) {
    const json = (s: Scores) => ({ perClass: Array.from(s.perClass), mean: s.mean });
    // JSON.stringify writes NaN as null
    ctx.stdout(`${JSON.stringify({ dice: json(dice), iou: json(iou) })}\n`);
  } else {
    const scored = pairs.length - failures.length;
    const source = directories
      ? `${flags.pred} vs ${flags.target}: ${scored} file pair${scored === 1 ? '' : 's'}, `
      : `${flags.pred} vs ${flags.target}: `;
    ctx.stdout(`${source}${images} image${images === 1 ? '' : 's'}, ${C} class${C === 1 ? '' : 'es'}\n`);
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
  printFailures(ctx, allFailures);
  return allFailures.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** Sums of per-image scores per class, skipping NaN, pooled over files. */
class Pooled {
  private sum: number[] = [];
  private count: number[] = [];

  add(perImage: Float64Array, C: number): void {
    for (let j = 0; j < perImage.length; j++) {
      const c = j % C;
      const x = perImage[j]!;
      this.sum[c] ??= 0;
      this.count[c] ??= 0;
      if (Number.isNaN(x)) continue;
      this.sum[c] += x;
      this.count[c] += 1;
    }
  }

  scores(C: number): Scores {
    const perClass = new Float64Array(C);
    let total = 0;
    let n = 0;
    for (let c = 0; c < C; c++) {
      const k = this.count[c] ?? 0;
      perClass[c] = k === 0 ? Number.NaN : this.sum[c]! / k;
      if (k > 0) {
        total += perClass[c]!;
        n += 1;
      }
    }
    return { perClass, mean: n === 0 ? Number.NaN : total / n };
  }
}

/**
 * Refuses the one ambiguous reading: under `--input auto`, two arrays of equal rank without
 * `--num-classes` are read as masks by the metrics, which is right for black/white PNG masks but
 * would silently turn label maps whose values happen to be 0/1 into masks `[B, C = H, W]`. Unless
 * both files are known masks, the user must say which it is.
 *
 * @throws {UsageError} for that case.
 */
function checkForm(options: MetricOptions, pred: LabelInput, target: LabelInput, pair: Pair): void {
  if (options.input !== 'auto' || options.numClasses !== undefined) return;
  if (pred.shape.length !== target.shape.length) return;
  if (pred.kind === 'masks' && target.kind === 'masks') return;
  throw new UsageError(
    `${pair.pred} [${pred.shape.join(', ')}] and ${pair.target} [${target.shape.join(', ')}] have the same rank: ` +
      'pass --num-classes N for label maps, or --input masks for 0/1 masks [B, C, ...spatial]',
  );
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
