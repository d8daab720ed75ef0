/**
 * `rankseg predict`: probability files → masks that maximize expected Dice or IoU.
 *
 * @module
 */

import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import { DISTRIBUTION_TOLERANCE } from '../../api/validation';
import { extensionList, FILE_EXTENSIONS, formatOfPath } from '../../io/formats';
import { removeStaleTempFiles } from '../../io/node/tempFiles';
import { defaultSolver } from '../../solvers/catalog';
import type { CliContext } from '../common/context';
import { existingOutput } from '../common/existingOutput';
import { type Extension, parseExtension, type Skipped } from '../common/files';
import {
  addFolderFlags,
  type FolderFlags,
  folderFilter,
  GLOB_HELP,
  printSkipped,
} from '../common/folderFlags';
import { addJobsFlag, type JobsFlags, jobRunner, jobsOf } from '../common/jobsFlag';
import {
  type ClassAxis,
  checkMaxBytes,
  checkOptions,
  MAX_BYTES_HELP,
  parseClassAxis,
  parseInteger,
  parseNumber,
  ranksegOptions,
  type SolveFlags,
  solverChoices,
} from '../common/options';
import { refuseOverwritingInputs } from '../common/outputSafety';
import { type EachResult, type Failure, printFailures, runEach } from '../common/runEach';
import { parseShard, SHARD_HELP, type Shard, shardItems, shardReport } from '../common/shard';
import { EXIT_FAILED, EXIT_OK, flagMessage, reasonOf, UsageError } from '../common/usage';
import { type LikeImage, type LikeSource, likeImageFor, readLikeFlag } from './likeImage';
import { predictJob } from './predictJob';
import { type Job, planJobs } from './predictPlan';
import { type Written, writeReport } from './report';
import { readTemperatureFlags, type TemperatureFlags } from './temperatureFlags';

/** Flags of `rankseg predict` as commander parses them. */
interface PredictFlags extends SolveFlags, TemperatureFlags, FolderFlags, JobsFlags {
  output: string;
  like?: string;
  outputFormat?: string;
  layout?: string;
  classAxis?: ClassAxis;
  key?: string;
  maxBytes?: number;
  recursive?: boolean;
  report?: string;
  shard?: Shard;
  skipExisting?: boolean;
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

--jobs N processes N files at once, each on its own worker thread (default: one per
core); the outputs are the same bytes as with --jobs 1, and results and failures are
listed in input order. Memory: at most N files (their probabilities and masks) are
in memory at once, so with large volumes choose N by memory as well as by cores.
With fewer files than N, each file is read into shared memory and solved on its
share of the threads, N / files rounded down (solveAsync: the same bytes, one extra
copy of its mask); a single file gets all N.

${SHARD_HELP}
--skip-existing leaves out (and lists) the files whose output is already there,
whole: its header decodes and the file's size agrees with it (outputs are written
to a temporary file and renamed, so an output under its final name was written
whole). A shard that is run again after it finished writes nothing; one that was
stopped does the files it had not done. An output that is there but not whole is
written again. --report then holds the files of this run only.

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
  rankseg predict scans/ -o masks/ --jobs 8 --shard 3/10 --skip-existing
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
    .option('--shard <K/N>', 'process the K-th of N parts of a folder (see below)', parseShard)
    .option('--skip-existing', 'leave out the files whose output is already there, whole')
    .option('--json', 'print a machine-readable summary')
    .option('--no-progress', 'no progress bar (it is only drawn when stderr is a terminal)')
    .addHelpText('after', HELP_AFTER)
    .action(async (input: string, flags: PredictFlags) => {
      setExit(await predict(ctx, input, flags));
    });
  addFolderFlags(command, 'probability files');
  addJobsFlag(command, ctx, 'files processed at once, one thread each');
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
  const listed = plan.jobs;
  if (like !== undefined) {
    const other = listed.find((job) => formatOfPath(job.output) !== 'nifti');
    if (other !== undefined) {
      throw new UsageError(
        `--like gives the geometry of NIfTI outputs; ${other.output} is not .nii or .nii.gz`,
      );
    }
  }
  const jobs = shardItems(listed, flags.shard);
  const likes = await planLikes(jobs, like);
  await refuseOverwritingInputs(
    [
      ...listed.map((job) => job.input),
      ...likes.flatMap((l) => (l === undefined || l instanceof Error ? [] : [l.path])),
    ],
    [
      ...listed.map((job) => ({ output: job.output, what: `the mask of ${job.input}` })),
      ...(flags.report === undefined ? [] : [{ output: flags.report, what: '--report' }]),
    ],
    plan.folder ? { input, output: flags.output } : undefined,
  );
  const temperature = await readTemperatureFlags(flags);
  const jobCount = jobsOf(ctx, flags);
  const { todo, existing } = await skipExisting(
    ctx,
    jobs.map((job, k) => ({ job, like: likes[k] })),
    flags.skipExisting === true,
  );
  await removeStaleTemps(
    ctx,
    todo.map((item) => item.job),
    flags.report,
  );

  const read = {
    ...(layout === undefined ? {} : { layout }),
    ...(flags.classAxis === undefined ? {} : { classAxis: flags.classAxis }),
    ...(flags.key === undefined ? {} : { key: flags.key }),
    ...(maxBytes === undefined ? {} : { maxBytes }),
  };
  const noGeometry: string[] = [];
  const runner = jobRunner(ctx, jobCount, todo.length);
  let each: EachResult<Written>;
  try {
    each = await runEach(
      ctx,
      todo,
      (item) => item.job.input,
      async ({ job, like: likeImage }) => {
        try {
          if (likeImage instanceof Error) throw likeImage;
          const written = await runner.run(predictJob, {
            job,
            base,
            temperature,
            read,
            like: likeImage,
            threads: runner.threadsPerJob,
          });
          if (formatOfPath(job.output) === 'nifti' && !written.geometry) noGeometry.push(job.output);
          return written.report;
        } catch (e) {
          if (e instanceof Error) e.message = flagMessage(e.message); // options.key → --key
          throw e;
        }
      },
      flags.progress,
      runner.concurrency,
    );
  } finally {
    await runner.close();
  }
  const { results, failures, seconds } = each;

  let reportFailure: Failure | undefined;
  if (flags.report !== undefined) {
    try {
      await writeReport(flags.report, results, resolved);
    } catch (e) {
      reportFailure = { file: flags.report, reason: reasonOf(e, flags.report) };
    }
  }
  const allFailures = reportFailure === undefined ? failures : [...failures, reportFailure];
  const skipped = sortSkipped([...plan.skipped, ...existing]);
  const pixels = results.reduce((sum, r) => sum + r.pixels, 0);
  const shard = shardReport(flags.shard, jobs.length, listed.length);
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
      skipped,
      ...(shard === undefined ? {} : { shard }),
    };
    ctx.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    if (listed.length === 0) ctx.stderr(`no ${extensionList()} files to process in ${input}\n`);
    printSkipped(ctx, skipped);
    printFailures(ctx, allFailures);
    const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
    const what =
      shard !== undefined
        ? `shard ${shard.index}/${shard.count}, ${shard.items} of ${plural(shard.total)}`
        : jobs.length === 1 && results.length === 1
          ? `wrote ${results[0]!.output}`
          : plural(jobs.length);
    const kept = existing.length === 0 ? '' : `, ${existing.length} already there`;
    ctx.stdout(
      `${what}: ${results.length} written, ${failures.length} failed${kept}; ${pixels} pixels; ${seconds.toFixed(2)} s\n`,
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

/**
 * `--skip-existing`: the jobs whose output is already there, whole, are left out (listed as
 * skipped); an output that is there but not whole is noted and written again.
 */
async function skipExisting<T extends { job: Job }>(
  ctx: CliContext,
  items: readonly T[],
  skip: boolean,
): Promise<{ todo: T[]; existing: Skipped[] }> {
  if (!skip) return { todo: items.slice(), existing: [] };
  const todo: T[] = [];
  const existing: Skipped[] = [];
  for (const item of items) {
    const { input, output } = item.job;
    const found = await existingOutput(output);
    if (found.state === 'complete') {
      existing.push({ file: input, reason: `its output ${output} is already there (--skip-existing)` });
      continue;
    }
    if (found.state === 'incomplete') {
      ctx.stderr(`note: ${output} is there but not whole (${found.reason}): it is written again\n`);
    }
    todo.push(item);
  }
  return { todo, existing };
}

function sortSkipped(skipped: Skipped[]): Skipped[] {
  return skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
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
