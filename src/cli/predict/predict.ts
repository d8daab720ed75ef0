/**
 * `rankseg predict`: probability files → masks that maximize expected Dice or IoU.
 *
 * @module
 */

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import type { ResolvedOptions } from '../../api/options';
import { ProbabilityValueError } from '../../api/ProbabilityValueError';
import { solve } from '../../api/predict';
import { readProbabilities } from '../../api/tensor';
import type { RanksegOptions } from '../../api/types';
import { checkDistribution, DISTRIBUTION_TOLERANCE } from '../../api/validation';
import { applyTemperature } from '../../calibration/applyTemperature';
import { extensionList, FILE_EXTENSIONS, formatOfPath } from '../../io/formats';
import { removeStaleTempFiles } from '../../io/node/tempFiles';
import { defaultSolver } from '../../solvers/catalog';
import type { CliContext } from '../shared/context';
import { explainValueError } from '../shared/explainValues';
import { type Extension, parseExtension } from '../shared/files';
import {
  addFolderFlags,
  type FolderFlags,
  folderFilter,
  GLOB_HELP,
  printSkipped,
} from '../shared/folderFlags';
import { checkMaxBytes, MAX_BYTES_HELP } from '../shared/maxBytes';
import {
  type ClassAxis,
  checkOptions,
  optionsForInput,
  parseClassAxis,
  parseInteger,
  parseNumber,
  ranksegOptions,
  type SolveFlags,
  solverChoices,
} from '../shared/options';
import { refuseOverwritingInputs } from '../shared/outputSafety';
import { type ProbabilityInput, readProbabilityFile } from '../shared/readProbabilities';
import { type Failure, printFailures, runEach } from '../shared/runEach';
import { EXIT_FAILED, EXIT_OK, flagMessage, reasonOf, UsageError } from '../shared/usage';
import { checkLikeShape, type LikeImage, type LikeSource, likeImageFor, readLikeFlag } from './likeImage';
import { maskAsStored } from './maskLayout';
import { type Job, planJobs } from './predictPlan';
import { type Written, writeReport } from './report';
import { readTemperatureFlags, type TemperatureFlags, temperatureOptions } from './temperatureFlags';
import { writeMaskFile } from './writeMask';

/** Flags of `rankseg predict` as commander parses them. */
interface PredictFlags extends SolveFlags, TemperatureFlags, FolderFlags {
  output: string;
  like?: string;
  outputFormat?: string;
  layout?: string;
  classAxis?: ClassAxis;
  key?: string;
  maxBytes?: number;
  recursive?: boolean;
  report?: string;
  json?: boolean;
  progress: boolean;
}

const HELP_AFTER = `
Inputs (probabilities, or logits with --activation):
  .npy/.npz     [B, C, ...spatial] (--class-axis/--layout for other layouts; a 2-D
                array is one image of one class); --key picks an .npz member. An
                .npz member named "probabilities" (nnU-Net v2 --save_probabilities) is
                one image (C, Z, Y, X), classes on axis 0
  .nii/.nii.gz  an (x, y, z, class) volume; a 3-D volume is one class
                (--class-axis counts NIfTI axes: 0 = x, ..., 3 = the 4th)
  .png          an 8/16-bit grayscale probability image of one class
One-class inputs are predicted as a binary mask (--output-mode multilabel) unless
--output-mode is given.

Checks (--validate distribution, the default): with multiclass output, several
classes and no --activation, every pixel's class values must sum to 1 (within
${DISTRIBUTION_TOLERANCE}, float16 rounding); a file that fails says why and which flag fixes it
(--class-axis K, --activation softmax|sigmoid, --output-mode multilabel). --validate
none only checks that every value lies in [0, 1].

Outputs, by the extension of --output, in the input's own layout (no axes added):
  .npy/.npz     labels: the input's shape without the class axis ((H, W) -> (H, W),
                (1, C, H, W) -> (1, H, W), (C, Z, Y, X) -> (Z, Y, X)); 0/1 masks
                (multilabel): the input's shape (.npz member "mask")
  .nii/.nii.gz  a label volume with the geometry of the NIfTI input or of --like
                IMAGE (affine, qform/sform, voxel sizes, axis order); without either,
                the array's axes reversed (x fastest) and no geometry
  .png          a palette PNG of labels, or a black/white PNG of a one-class mask

--like IMAGE (a .nii/.nii.gz, e.g. nnU-Net's input case_0000.nii.gz or its
segmentation case.nii.gz) gives NIfTI outputs its geometry, so that the mask overlays
the image voxel for voxel; the array must be (Z, Y, X) = the image's dims reversed,
as nnU-Net writes it. --like FOLDER takes, for input <name>, the first of <name>.nii.gz,
<name>.nii, <name>_0000.nii.gz, <name>_0000.nii in it. With --like, outputs into a
folder default to .nii.gz.

A directory <input> is processed file by file (${FILE_EXTENSIONS.join(' ')}; -r for
subdirectories) into the directory --output as <name>.<ext>, where <ext> is
--output-format or, by default, the input file's own extension. A file that fails is
listed (file: reason) and the others go on. Of nnU-Net's case.npz and case.nii.gz
(its segmentation) only the .npz is read. Two inputs may not write the same output.

${GLOB_HELP}

Outputs never replace inputs: an output that is an input (the same file, by any path
or link) or an output folder that is the input folder is refused (exit 2). An output
that is a symbolic link is written through (the file it points to is replaced, the
link kept). Files are written whole or not at all (a hidden temporary file, renamed);
on Ctrl-C or SIGTERM the unfinished ones are removed, and stale temporary files of
killed runs (.<name>.<pid>.<hex>.tmp, untouched for an hour, or a minute when their
process is gone) are removed from the output folders at the next run.

--temperature T (or --calibration FILE from 'rankseg calibrate') tempers the model
before solving: softmax(z/T) over the classes, or sigmoid(z/T) for one channel or
--activation sigmoid (z: the logits, or log p / logit p; a per-class T in FILE means
sigmoids).

Exit status: 0 all files written, 1 some file failed, 2 usage error (bad option or
value, missing input, an output that would replace an input).

Examples:
  rankseg predict probs.npy -o mask.npy
  rankseg predict logits.npy -o mask.png --activation softmax --layout channels-last
  rankseg predict scans/ -o masks/ --metric iou --output-format nii.gz --json
  rankseg predict nnunet_out/ -o rankseg_out/ --like nnunet_out/
`;

/**
 * Adds the `predict` command to `program`.
 *
 * @example
 * ```ts
 * addPredictCommand(program, processContext());
 * ```
 */
export function addPredictCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const command = program
    .command('predict')
    .summary('turn probability files into masks that maximize expected Dice or IoU')
    .description(
      `Turn probability maps (${FILE_EXTENSIONS.join(', ')}) into the masks that maximize the\n` +
        'expected Dice or IoU (RankSEG), file by file.',
    )
    .argument('<input>', 'probability file, or a directory of them')
    .requiredOption('-o, --output <path>', 'output file (format by extension) or directory')
    .option(
      '--output-format <ext>',
      `directory output format: ${FILE_EXTENSIONS.map((e) => e.slice(1)).join(', ')} (default: the input's)`,
    )
    .option('-m, --metric <name>', 'dice, iou or accuracy (default: dice)')
    .option('-s, --solver <name>', `${solverChoices()} (default: ${defaultSolver('dice', 'multiclass')})`)
    .option(
      '--output-mode <mode>',
      'multiclass or multilabel (default: multiclass; multilabel for one class)',
    )
    .option('--smooth <s>', 'added to numerator and denominator of Dice/IoU, >= 0 (default: 0)', parseNumber)
    .option(
      '--pruning-prob <p>',
      'a class whose largest probability is <= p is left empty (default: 0.5)',
      parseNumber,
    )
    .option(
      '--eps <e>',
      'tail mass cut from the BA/TRNA distributions, in (0, 1) (default: 1e-4)',
      parseNumber,
    )
    .option(
      '--unassigned-policy <policy>',
      'multiclass pixels no class selected: max_score or void (default: max_score)',
    )
    .option('--void-index <n>', "label of unassigned pixels under 'void' (default: 255)", parseInteger)
    .option('--activation <fn>', 'none, softmax or sigmoid: the inputs are logits (default: none)')
    .option(
      '--validate <check>',
      "distribution: each pixel's class values must sum to 1 (multiclass, no activation); none: only [0, 1]",
      'distribution',
    )
    .option(
      '--like <image>',
      'NIfTI outputs get the geometry of this .nii/.nii.gz (or of <name>.nii.gz in a folder)',
    )
    .addOption(
      new Option('--temperature <T>', 'apply temperature T > 0 before solving (see rankseg calibrate)')
        .argParser(parseNumber)
        .conflicts('calibration'),
    )
    .option('--calibration <file.json>', "apply the temperature of 'rankseg calibrate -o file.json'")
    .addOption(
      new Option(
        '--layout <layout>',
        '.npy/.npz: channels-first [B, C, ...] or channels-last [B, ..., C]',
      ).conflicts('classAxis'),
    )
    .option(
      '--class-axis <n>',
      "axis of the classes (negative from the end), 'last' or 'none'",
      parseClassAxis,
    )
    .option('--key <name>', '.npz inputs: the member to read (default: the only one)')
    .option('--max-bytes <n>', MAX_BYTES_HELP, parseInteger)
    .option('-r, --recursive', 'with a directory input, also process its subdirectories')
    .option('--report <file.json>', "write solve()'s volume, cutoff and expected score per file and class")
    .option('--json', 'print a machine-readable summary')
    .option('--no-progress', 'no progress bar (it is only drawn when stderr is a terminal)')
    .addHelpText('after', HELP_AFTER)
    .action(async (input: string, flags: PredictFlags) => {
      setExit(await predict(ctx, input, flags));
    });
  addFolderFlags(command, 'probability files');
}

async function predict(ctx: CliContext, input: string, flags: PredictFlags): Promise<number> {
  const base = ranksegOptions(flags);
  const resolved = checkOptions({ ...base, ...(flags.layout === undefined ? {} : { layout: flags.layout }) });
  const layout = flags.layout === undefined ? undefined : resolved.layout;
  const format = flags.outputFormat === undefined ? undefined : usageExtension(flags.outputFormat);
  const maxBytes = checkMaxBytes(flags.maxBytes);
  const like = flags.like === undefined ? undefined : await readLikeFlag(flags.like);
  const plan = await planJobs(input, flags.output, {
    format,
    folderFormat: like === undefined ? undefined : '.nii.gz',
    recursive: flags.recursive === true,
    filter: folderFilter(flags),
  });
  const { jobs } = plan;
  if (like !== undefined) {
    const other = jobs.find((job) => formatOfPath(job.output) !== 'nifti');
    if (other !== undefined) {
      throw new UsageError(
        `--like gives the geometry of NIfTI outputs; ${other.output} is not .nii or .nii.gz`,
      );
    }
  }
  const likes = await planLikes(jobs, like);
  await refuseOverwritingInputs(
    [
      ...jobs.map((job) => job.input),
      ...likes.flatMap((l) => (l === undefined || l instanceof Error ? [] : [l.path])),
    ],
    [
      ...jobs.map((job) => ({ output: job.output, what: `the mask of ${job.input}` })),
      ...(flags.report === undefined ? [] : [{ output: flags.report, what: '--report' }]),
    ],
    plan.folder ? { input, output: flags.output } : undefined,
  );
  const temperature = await readTemperatureFlags(flags);
  await removeStaleTemps(ctx, jobs, flags.report);

  const read = {
    ...(layout === undefined ? {} : { layout }),
    ...(flags.classAxis === undefined ? {} : { classAxis: flags.classAxis }),
    ...(flags.key === undefined ? {} : { key: flags.key }),
    ...(maxBytes === undefined ? {} : { maxBytes }),
  };
  const noGeometry: string[] = [];
  const { results, failures, seconds } = await runEach(
    ctx,
    jobs.map((job, k) => ({ job, like: likes[k] })),
    (item) => item.job.input,
    async ({ job, like: likeImage }) => {
      try {
        if (likeImage instanceof Error) throw likeImage;
        const written = await predictFile(job, base, temperature, read, likeImage);
        if (formatOfPath(job.output) === 'nifti' && !written.geometry) noGeometry.push(job.output);
        return written.report;
      } catch (e) {
        if (e instanceof Error) e.message = flagMessage(e.message); // options.key → --key
        throw e;
      }
    },
    flags.progress,
  );

  let reportFailure: Failure | undefined;
  if (flags.report !== undefined) {
    try {
      await writeReport(flags.report, results, resolved);
    } catch (e) {
      reportFailure = { file: flags.report, reason: reasonOf(e, flags.report) };
    }
  }
  const allFailures = reportFailure === undefined ? failures : [...failures, reportFailure];
  const pixels = results.reduce((sum, r) => sum + r.pixels, 0);
  if (flags.json === true) {
    const summary = {
      files: jobs.length,
      written: results.length,
      failed: failures.length,
      pixels,
      seconds: round(seconds),
      outputs: results.map((r) => ({
        input: r.input,
        output: r.output,
        images: r.images,
        classes: r.classes,
        pixels: r.pixels,
      })),
      failures: allFailures,
      skipped: plan.skipped,
    };
    ctx.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    if (jobs.length === 0) ctx.stderr(`no ${extensionList()} files to process in ${input}\n`);
    printSkipped(ctx, plan.skipped);
    printFailures(ctx, allFailures);
    const what =
      jobs.length === 1 && results.length === 1
        ? `wrote ${results[0]!.output}`
        : `${jobs.length} file${jobs.length === 1 ? '' : 's'}`;
    ctx.stdout(
      `${what}: ${results.length} written, ${failures.length} failed; ${pixels} pixels; ${seconds.toFixed(2)} s\n`,
    );
  }
  if (noGeometry.length > 0) {
    const which = noGeometry.length === 1 ? noGeometry[0]! : `${noGeometry.length} NIfTI outputs`;
    ctx.stderr(
      `note: ${which} ha${noGeometry.length === 1 ? 's' : 've'} no geometry (unit voxels, no orientation): ` +
        '--like IMAGE gives NIfTI outputs the geometry of an image\n',
    );
  }
  return allFailures.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** The `--like` image of each job (an Error where none is found: that job fails with it). */
async function planLikes(
  jobs: readonly Job[],
  like: LikeSource | undefined,
): Promise<(LikeImage | Error | undefined)[]> {
  if (like === undefined) return jobs.map(() => undefined);
  const out: (LikeImage | Error | undefined)[] = [];
  for (const job of jobs) out.push(await likeImageFor(like, job.rel).catch((e: unknown) => e as Error));
  return out;
}

/** Removes the temporary files that killed runs left in the output folders (and says so). */
async function removeStaleTemps(
  ctx: CliContext,
  jobs: readonly Job[],
  report: string | undefined,
): Promise<void> {
  const folders = new Set([
    ...jobs.map((job) => dirname(job.output)),
    ...(report === undefined ? [] : [dirname(report)]),
  ]);
  const removed: string[] = [];
  for (const folder of folders) removed.push(...(await removeStaleTempFiles(folder)));
  if (removed.length > 0) {
    ctx.stderr(
      `removed ${removed.length} stale temporary file${removed.length === 1 ? '' : 's'} of killed runs: ${removed.join(', ')}\n`,
    );
  }
}

/** What one file gave: the report entry, and whether a NIfTI output got geometry. */
interface FileResult {
  report: Written;
  geometry: boolean;
}

async function predictFile(
  job: Job,
  base: RanksegOptions,
  temperature: number | number[] | undefined,
  read: Parameters<typeof readProbabilityFile>[1],
  like: LikeImage | undefined,
): Promise<FileResult> {
  const input = await readProbabilityFile(job.input, read);
  const { options, resolved } = optionsForInput(base, input.classes);
  const multilabel = resolved.outputMode === 'multilabel';
  const solution = explainingValues(input, () => {
    if (temperature === undefined) return solve(input.probs, { ...options, layout: input.layout });
    // the values are checked as they are, before the temperature turns them into tempered probabilities
    const tempering = temperatureOptions(base.activation, input.layout, temperature);
    if (tempering.mode !== 'sigmoid') checkAsGiven(input, resolved);
    const probs = applyTemperature(input.probs, temperature, tempering);
    return solve(probs, { ...options, activation: undefined, validate: 'none', layout: input.layout });
  });
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

/** Runs `work`; a value error of the library becomes one that says which flag fixes the file. */
function explainingValues<T>(input: ProbabilityInput, work: () => T): T {
  try {
    return work();
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

function usageExtension(value: string): Extension {
  try {
    return parseExtension(value);
  } catch (e) {
    throw new UsageError(`--output-format: ${(e as Error).message}`);
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
