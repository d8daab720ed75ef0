/**
 * `rankseg compare`: the demo's table for the user's own probability file — the usual mask
 * against RankSEG's, by exact expected Dice/IoU, Monte Carlo draws and, with a target, the truth.
 *
 * @module
 */

import { basename } from 'node:path';
import type { Command } from 'commander';
import { readProbabilities } from '../../api/tensor';
import { extensionList, FILE_EXTENSIONS } from '../../io/formats';
import { readPng } from '../../io/node/png';
import type { PngImage } from '../../io/png/pngImage';
import { probabilitiesToPng } from '../../io/png/probabilitiesToPng';
import type { OutputMode, OverlapMetric, Solver } from '../../solvers/catalog';
import type { CliContext } from '../common/context';
import { pathKind, splitExtension } from '../common/files';
import { addJobsFlag, type JobsFlags, jobRunner, jobsOf } from '../common/jobsFlag';
import { type ClassAxis, checkOptions, parseClassAxis, parseInteger, parseNumber } from '../common/options';
import { readProbabilityFile } from '../common/readProbabilities';
import { EXIT_OK, flagMessage, UsageError } from '../common/usage';
import {
  type ComparisonRow,
  DEFAULT_DRAWS,
  type DenseProbabilities,
  TIMED_REPEATS,
} from '../comparison/comparison';
import { compareMasksOn } from '../comparison/comparisonJobs';
import { comparisonJson, formatComparisonTable } from '../comparison/comparisonTable';
import { planContenders, RANKSEG_SOLVERS } from '../comparison/contenders';
import { stripFiles, stripLine, type WrittenStrip, writeComparisonStrips } from '../comparison/writeStrips';
import { targetScorer } from './targetScorer';

/** Flags of `rankseg compare` as commander parses them. */
interface CompareFlags extends JobsFlags {
  target?: string;
  output?: string;
  image?: string;
  metric: string;
  solvers: string;
  outputMode?: string;
  smooth?: number;
  activation?: string;
  layout?: string;
  classAxis?: ClassAxis;
  key?: string;
  targetKey?: string;
  ignoreIndex?: number;
  draws: number;
  seed: number;
  json?: boolean;
}

const HELP_AFTER = `
Reads <probs-file> like 'rankseg predict' does (.npy/.npz [B, C, ...spatial], .nii/.nii.gz,
.png; --activation, --layout, --class-axis, --key) and compares the baseline mask
(p > 0.5 for one class or --output-mode multilabel, argmax for multiclass output) with
RankSEG's masks for each --metric and solver in --solvers (Dice: ${RANKSEG_SOLVERS.dice.join(', ')};
IoU: ${RANKSEG_SOLVERS.iou.join(', ')}). Columns as in 'rankseg demo --help'; all scores are means
over images and classes. E[...] is exact (expectedScore); MC draws labels from the model.

--target: the ground truth (labels [B, ...spatial], or 0/1 masks [B, C, ...spatial];
for one class a 0/1 mask or a black/white PNG) adds each mask's true Dice and IoU
(as 'rankseg evaluate' computes them: per class, mean over the images where the class
is in the prediction or the target, then over classes).

-o <dir>: for one 2-D image, writes <name>-dice.png and <name>-iou.png: photo |
baseline | RankSEG | difference. The photo is --image, else a grayscale heat map of the
probabilities (one class: p; several: the largest class probability).

JSON (--json): {"input", "shape", "outputMode", "draws", "seed", "rows": [{"solver",
"metric", "ms", "changed", "expectedDice", "expectedIou", "gain", "monteCarlo",
"trueDice", "trueIou"}], "images", "notes"}

--jobs N: the contenders are solved and scored N at once, then the Monte Carlo's
image-class slices, each on a worker thread (default: one per core). The scores are
the same numbers as with --jobs 1; the times are measured while other contenders
run (memory is shared), so for clean timings use --jobs 1.

Exit status: 0 success, 1 the file could not be read or solved, 2 usage error.

Examples:
  rankseg compare probs.npy
  rankseg compare logits.npy --activation softmax --target labels.png -o pictures/
`;

/**
 * Adds the `compare` command to `program`.
 *
 * @example
 * ```ts
 * addCompareCommand(program, processContext(), (code) => { process.exitCode = code; });
 * ```
 */
export function addCompareCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const command = program
    .command('compare')
    .summary('compare argmax/threshold with RankSEG on your probabilities (expected, MC, true scores)')
    .description(
      'The baseline mask and RankSEG masks of one probability file, side by side: time, exact\n' +
        'expected Dice/IoU, Monte Carlo estimates and, with --target, the true Dice/IoU.',
    )
    .argument('<probs-file>', `probabilities or logits (${FILE_EXTENSIONS.join(', ')})`)
    .option('--target <labels-file>', 'ground truth: label map or 0/1 masks')
    .option('-o, --output <dir>', 'folder for the pictures (one 2-D image only)')
    .option('--image <png>', 'the photo behind the pictures (default: a heat map of the probabilities)')
    .option('-m, --metric <list>', 'dice, iou or both, comma-separated', 'dice,iou')
    .option('--solvers <list>', 'RankSEG solvers, comma-separated', 'rma,ba,exact')
    .option(
      '--output-mode <mode>',
      'multiclass or multilabel (default: multiclass; multilabel for one class)',
    )
    .option('--smooth <s>', 'added to numerator and denominator of Dice/IoU, >= 0 (default: 0)', parseNumber)
    .option('--activation <fn>', 'none, softmax or sigmoid: the input holds logits (default: none)')
    .option('--layout <layout>', '.npy/.npz: channels-first [B, C, ...] or channels-last [B, ..., C]')
    .option(
      '--class-axis <n>',
      "axis of the classes (negative from the end), 'last' or 'none'",
      parseClassAxis,
    )
    .option('--key <name>', '.npz input: the member to read')
    .option('--target-key <name>', '.npz target: the member to read')
    .option('--ignore-index <i>', 'target label that counts nowhere (multiclass output)', parseInteger)
    .option('--draws <n>', 'Monte Carlo label draws (0: none)', parseInteger, DEFAULT_DRAWS)
    .option('--seed <n>', 'seed of the label draws', parseInteger, 1)
    .option('--json', 'print the rows as JSON instead of a table')
    .addHelpText('after', HELP_AFTER)
    .action(async (input: string, flags: CompareFlags) => {
      setExit(await compare(ctx, input, flags));
    });
  addJobsFlag(command, ctx, 'contenders and Monte Carlo slices at once, one thread each');
}

async function compare(ctx: CliContext, input: string, flags: CompareFlags): Promise<number> {
  const metrics = parseList(flags.metric, '--metric', ['dice', 'iou', 'both']).flatMap((m) =>
    m === 'both' ? (['dice', 'iou'] as const) : [m as OverlapMetric],
  );
  const allSolvers = [...new Set([...RANKSEG_SOLVERS.dice, ...RANKSEG_SOLVERS.iou])];
  const solvers = parseList(flags.solvers, '--solvers', allSolvers) as Solver[];
  if (flags.draws < 0) throw new UsageError(`--draws must be >= 0; got ${flags.draws}`);
  const jobs = jobsOf(ctx, flags);
  if (flags.layout !== undefined && flags.classAxis !== undefined) {
    throw new UsageError("option '--layout <layout>' cannot be used with option '--class-axis <n>'");
  }
  const resolved = checkOptions({
    ...(flags.activation === undefined ? {} : { activation: flags.activation }),
    ...(flags.layout === undefined ? {} : { layout: flags.layout }),
    ...(flags.smooth === undefined ? {} : { smooth: flags.smooth }),
    ...(flags.outputMode === undefined ? {} : { outputMode: flags.outputMode }),
  });
  await checkInput(input, 'input');
  if (flags.target !== undefined) await checkInput(flags.target, '--target');
  if (flags.image !== undefined) await checkInput(flags.image, '--image');

  const file = await readProbabilityFile(input, {
    ...(flags.layout === undefined ? {} : { layout: resolved.layout }),
    ...(flags.classAxis === undefined ? {} : { classAxis: flags.classAxis }),
    ...(flags.key === undefined ? {} : { key: flags.key }),
  }).catch(rethrowAs(input));
  const probs = prepare(file.probs, resolved.activation, file.layout, input);
  const [B, C] = probs.shape as [number, number];
  const spatial = probs.shape.slice(2);
  const outputMode: OutputMode =
    flags.outputMode === undefined ? (C === 1 ? 'multilabel' : 'multiclass') : resolved.outputMode;
  if (outputMode === 'multiclass' && C === 1) {
    throw new UsageError(`--output-mode multiclass needs at least 2 classes; ${input} has 1 (a binary task)`);
  }
  if (flags.ignoreIndex !== undefined && outputMode !== 'multiclass') {
    throw new UsageError('--ignore-index applies to multiclass output (label maps)');
  }

  let plan: ReturnType<typeof planContenders>;
  try {
    plan = planContenders(C, outputMode, metrics, solvers);
  } catch (e) {
    throw new UsageError(`--solvers: ${(e as Error).message}`);
  }
  const truth =
    flags.target === undefined
      ? undefined
      : await targetScorer(flags.target, probs.shape, outputMode, {
          smooth: resolved.smooth,
          ...(flags.targetKey === undefined ? {} : { key: flags.targetKey }),
          ...(flags.ignoreIndex === undefined ? {} : { ignoreIndex: flags.ignoreIndex }),
        });

  let rows: ComparisonRow[];
  const slices = flags.draws > 0 ? B * C : 0;
  const runner = jobRunner(ctx, jobs, Math.max(plan.contenders.length, slices));
  try {
    rows = await compareMasksOn(runner, probs, plan.contenders, {
      draws: flags.draws,
      seed: flags.seed,
      smooth: resolved.smooth,
      repeats: TIMED_REPEATS,
      ...(truth === undefined ? {} : { truth }),
    });
  } catch (e) {
    throw rethrowAs(input)(e);
  } finally {
    await runner.close();
  }

  const notes: string[] = [];
  let images: WrittenStrip[] = [];
  const kind = outputMode === 'multiclass' ? 'labels' : 'mask';
  if (flags.output !== undefined) {
    if (B !== 1 || spatial.length !== 2 || (kind === 'mask' && C !== 1)) {
      notes.push(
        'no pictures: they need one 2-D image with one class or multiclass output ' +
          `(probabilities [${probs.shape.join(', ')}], ${outputMode})`,
      );
    } else {
      const photo = flags.image === undefined ? heatMap(probs) : await readPng(flags.image);
      const [H, W] = spatial as [number, number];
      if (photo.height !== H || photo.width !== W) {
        throw new UsageError(
          `--image ${flags.image} is ${photo.width}×${photo.height}; the probabilities are ${W}×${H}`,
        );
      }
      const stem = splitExtension(basename(input))?.stem ?? basename(input);
      images = await writeComparisonStrips(flags.output, stem, photo, rows, kind);
    }
  }

  if (flags.json === true) {
    const report = {
      input,
      shape: probs.shape,
      outputMode,
      draws: flags.draws,
      seed: flags.seed,
      rows: comparisonJson(rows),
      images: stripFiles(images),
      notes,
    };
    ctx.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT_OK;
  }
  const size = spatial.join('×');
  const baseline = rows[0]!.solver === 'argmax' ? 'argmax' : 'threshold p > 0.5';
  ctx.stdout(
    `${input}: ${B} image${B === 1 ? '' : 's'}, ${C} class${C === 1 ? '' : 'es'}, ${size}; ` +
      `${outputMode} output; baseline: ${baseline}; scores: mean over images and classes\n`,
  );
  ctx.stdout(
    'E[...]: exact expected score under the probabilities (expectedScore); ' +
      (flags.draws > 0
        ? `MC: mean over ${flags.draws} label draws Y ~ Bernoulli(p), seed ${flags.seed}, ± standard error`
        : 'no Monte Carlo (--draws 0)') +
      (flags.target === undefined ? '' : `; true: against ${flags.target}`) +
      '\n',
  );
  ctx.stdout(formatComparisonTable(rows));
  for (const image of images) ctx.stdout(`${stripLine(image, kind)}\n`);
  for (const note of notes) ctx.stdout(`note: ${note}\n`);
  return EXIT_OK;
}

/** A comma-separated list of known names (lower-cased, trimmed, duplicates dropped). */
function parseList(value: string, flag: string, valid: readonly string[]): string[] {
  const names = value
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
  if (names.length === 0) throw new UsageError(`${flag}: empty list; valid: ${valid.join(', ')}`);
  for (const name of names) {
    if (!valid.includes(name)) throw new UsageError(`${flag}: unknown '${name}'; valid: ${valid.join(', ')}`);
  }
  return [...new Set(names)];
}

async function checkInput(path: string, what: string): Promise<void> {
  const kind = await pathKind(path);
  if (kind !== 'file')
    throw new UsageError(`${what} ${path} ${kind === 'missing' ? 'does not exist' : 'is not a file'}`);
  if (what !== '--image' && splitExtension(basename(path)) === undefined) {
    throw new UsageError(`${what} ${path} is not a ${extensionList()} file`);
  }
}

/** Channels-first probabilities (activation applied, channels-last transposed), validated. */
function prepare(
  probs: unknown,
  activation: 'none' | 'softmax' | 'sigmoid',
  layout: 'channels-first' | 'channels-last',
  path: string,
): DenseProbabilities {
  try {
    const view = readProbabilities(probs, { activation, layout }, true);
    return { data: view.data, shape: [view.batch, view.classes, ...view.spatialShape] };
  } catch (e) {
    throw rethrowAs(path)(e);
  }
}

/** A grayscale picture of one image's probabilities: p for one class, max over classes otherwise. */
function heatMap(probs: DenseProbabilities): PngImage {
  const [, C, H, W] = probs.shape as [number, number, number, number];
  const P = H * W;
  const top = new Float64Array(P);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < P; i++) top[i] = Math.max(top[i]!, probs.data[c * P + i]!);
  }
  return probabilitiesToPng({ data: top, shape: [H, W] });
}

/** Errors of reading/solving one file: message in flag terms, prefixed by the file when it is not. */
function rethrowAs(path: string): (e: unknown) => never {
  return (e) => {
    if (e instanceof UsageError) throw e;
    const message = flagMessage(e instanceof Error ? e.message : String(e));
    throw new Error(message.startsWith(path) ? message : `${path}: ${message}`);
  };
}
