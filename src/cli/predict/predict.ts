/**
 * `rankseg predict`: probability files → masks that maximize expected Dice or IoU.
 *
 * @module
 */

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import { solve } from '../../api/predict';
import type { RanksegOptions } from '../../api/types';
import { applyTemperature } from '../../calibration/applyTemperature';
import { extensionList, FILE_EXTENSIONS } from '../../io/formats';
import { defaultSolver } from '../../solvers/catalog';
import type { CliContext } from '../shared/context';
import { type Extension, parseExtension } from '../shared/files';
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
import { readProbabilityFile } from '../shared/readProbabilities';
import { type Failure, printFailures, runEach } from '../shared/runEach';
import { EXIT_FAILED, EXIT_OK, flagMessage, reasonOf, UsageError } from '../shared/usage';
import { type Job, planJobs } from './predictPlan';
import { type Written, writeReport } from './report';
import { readTemperatureFlags, type TemperatureFlags, temperatureOptions } from './temperatureFlags';
import { writeMaskFile } from './writeMask';

/** Flags of `rankseg predict` as commander parses them. */
interface PredictFlags extends SolveFlags, TemperatureFlags {
  output: string;
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
                array is one image of one class); --key picks an .npz member
  .nii/.nii.gz  an (x, y, z, class) volume; a 3-D volume is one class
                (--class-axis counts NIfTI axes: 0 = x, ..., 3 = the 4th)
  .png          an 8/16-bit grayscale probability image of one class
One-class inputs are predicted as a binary mask (--output-mode multilabel) unless
--output-mode is given.

Outputs, by the extension of --output:
  .npy/.npz     the mask array: labels [B, ...spatial] or 0/1 masks [B, C, ...spatial]
                (.npz member "mask")
  .nii/.nii.gz  a label volume keeping the input's geometry (NIfTI inputs)
  .png          a palette PNG of labels, or a black/white PNG of a one-class mask

A directory <input> is processed file by file (${FILE_EXTENSIONS.join(' ')}; -r for
subdirectories) into the directory --output as <name>.<ext>, where <ext> is
--output-format or, by default, the input file's own extension. A file that fails is
listed (file: reason) and the others go on.

--temperature T (or --calibration FILE from 'rankseg calibrate') tempers the model
before solving: softmax(z/T) over the classes, or sigmoid(z/T) for one channel or
--activation sigmoid (z: the logits, or log p / logit p; a per-class T in FILE means
sigmoids).

Exit status: 0 all files written, 1 some file failed, 2 usage error (bad option or
value, missing input).

Examples:
  rankseg predict probs.npy -o mask.npy
  rankseg predict logits.npy -o mask.png --activation softmax --layout channels-last
  rankseg predict scans/ -o masks/ --metric iou --output-format nii.gz --json
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
  program
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
}

async function predict(ctx: CliContext, input: string, flags: PredictFlags): Promise<number> {
  const base = ranksegOptions(flags);
  const resolved = checkOptions({ ...base, ...(flags.layout === undefined ? {} : { layout: flags.layout }) });
  const layout = flags.layout === undefined ? undefined : resolved.layout;
  const format = flags.outputFormat === undefined ? undefined : usageExtension(flags.outputFormat);
  const maxBytes = checkMaxBytes(flags.maxBytes);
  const jobs = await planJobs(input, flags.output, format, flags.recursive === true);
  const temperature = await readTemperatureFlags(flags);

  const outputs = new Map<string, string>();
  const { results, failures, seconds } = await runEach(
    ctx,
    jobs,
    (job) => job.input,
    async (job) => {
      const first = outputs.get(job.output);
      if (first !== undefined) throw new Error(`its output ${job.output} is also the output of ${first}`);
      outputs.set(job.output, job.input);
      try {
        return await predictFile(job, base, temperature, {
          ...(layout === undefined ? {} : { layout }),
          ...(flags.classAxis === undefined ? {} : { classAxis: flags.classAxis }),
          ...(flags.key === undefined ? {} : { key: flags.key }),
          ...(maxBytes === undefined ? {} : { maxBytes }),
        });
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
    };
    ctx.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    if (jobs.length === 0) ctx.stderr(`no ${extensionList()} files in ${input}\n`);
    printFailures(ctx, allFailures);
    const what =
      jobs.length === 1 && results.length === 1
        ? `wrote ${results[0]!.output}`
        : `${jobs.length} file${jobs.length === 1 ? '' : 's'}`;
    ctx.stdout(
      `${what}: ${results.length} written, ${failures.length} failed; ${pixels} pixels; ${seconds.toFixed(2)} s\n`,
    );
  }
  return allFailures.length > 0 ? EXIT_FAILED : EXIT_OK;
}

async function predictFile(
  job: Job,
  base: RanksegOptions,
  temperature: number | number[] | undefined,
  read: Parameters<typeof readProbabilityFile>[1],
): Promise<Written> {
  const input = await readProbabilityFile(job.input, read);
  const { options, resolved } = optionsForInput(base, input.classes);
  // a temperature turns the values (logits or probabilities) into tempered probabilities
  const probs =
    temperature === undefined
      ? input.probs
      : applyTemperature(
          input.probs,
          temperature,
          temperatureOptions(base.activation, input.layout, temperature),
        );
  const activation = temperature === undefined ? options.activation : undefined;
  const solution = solve(probs, { ...options, activation, layout: input.layout });
  await mkdir(dirname(job.output), { recursive: true });
  await writeMaskFile(job.output, solution.mask, resolved.outputMode === 'multilabel', input.niftiTemplate);
  const { batch: B, classes: C } = input;
  const perImage = <T>(values: ArrayLike<number>, map: (x: number) => T): T[][] =>
    Array.from({ length: B }, (_, b) => Array.from({ length: C }, (_, c) => map(values[b * C + c]!)));
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    input: job.input,
    output: job.output,
    shape: [B, C, ...solution.mask.shape.slice(resolved.outputMode === 'multilabel' ? 2 : 1)],
    outputMode: resolved.outputMode,
    images: B,
    classes: C,
    pixels: B * input.pixels,
    volume: perImage(solution.volume, (x) => x),
    cutoff: perImage(solution.cutoff, finite),
    expected: perImage(solution.expected, finite),
  };
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
