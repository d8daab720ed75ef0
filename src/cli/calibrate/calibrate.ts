/**
 * `rankseg calibrate`: fits a temperature to held-out predictions and their labels, so that the
 * probabilities RankSEG optimizes under mean what they say.
 *
 * @module
 */

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import { resolveCalibrationOptions } from '../../calibration/calibrationOptions';
import { fitTemperature } from '../../calibration/fitTemperature';
import { reliabilityDiagram } from '../../calibration/reliabilityDiagram';
import type { TemperatureFit } from '../../calibration/types';
import { writePng } from '../../io/node/png';
import { writeFileAtomic } from '../../io/node/writeFileAtomic';
import type { CliContext } from '../common/context';
import {
  addFolderFlags,
  type FolderFlags,
  folderFilter,
  GLOB_HELP,
  printSkipped,
} from '../common/folderFlags';
import { type ClassAxis, parseClassAxis, parseInteger } from '../common/options';
import { refuseOverwritingInputs } from '../common/outputSafety';
import { type Pair, planPairs } from '../common/pairFiles';
import { ProgressBar } from '../common/progress';
import { printFailures } from '../common/runEach';
import { formatTable } from '../common/table';
import { EXIT_FAILED, EXIT_OK, flagMessage, oneLine, UsageError } from '../common/usage';
import { calibrationSources, nameFiles } from './calibrationPairs';

/** Flags of `rankseg calibrate` as commander parses them. */
interface CalibrateFlags extends FolderFlags {
  target: string;
  output: string;
  activation?: string;
  layout?: 'channels-first' | 'channels-last';
  classAxis?: ClassAxis;
  key?: string;
  targetKey?: string;
  perClass?: boolean;
  ignoreIndex?: number;
  bins: number;
  plot?: string;
  recursive?: boolean;
  json?: boolean;
  progress: boolean;
  /** Refused: see {@link calibrate}. */
  shard?: string;
}

const HELP_AFTER = `
Fits the temperature T that minimizes the negative log-likelihood (NLL) of the labels
under the model's probabilities softened (T > 1) or sharpened (T < 1): softmax(z/T)
over the classes, or sigmoid(z/T) per value for one channel, --activation sigmoid or
0/1 mask labels (z: the logits, or log p / logit p from probabilities). Fit it on
held-out images, then predict with --calibration calibration.json.

Inputs: the prediction files of 'rankseg predict' (.npy .npz .nii .nii.gz .png, the
same --class-axis/--layout/--key), and their labels: label maps [B, ...spatial] for a
softmax, 0/1 masks [B, C, ...spatial] for sigmoids (one class: either). Directories
are paired by name without extension, as in 'rankseg evaluate' (of nnU-Net's
case.npz and case.nii.gz the .npz is read). The files are read
once per pass (5-10 passes), one pair at a time. Every pair must be read: an unpaired
or unreadable file stops the fit (exit 1, nothing written).

Output (-o): {"temperature": T, "nll": {"before": x, "after": x}, "ece": {"before": x,
"after": x}} (--per-class: "temperature" is one T per class). NLL: mean -ln p(label)
in nats; ECE: expected calibration error over --bins equal-width confidence bins
(softmax: top-class probability vs whether the argmax is right; sigmoid: max(p, 1-p)
vs whether p > 0.5 is right). --plot draws the reliability diagram before and after.

${GLOB_HELP}
The globs pick prediction files; their labels are found by name.

Exit status: 0 written, 1 some file failed, 2 usage error.

Examples:
  rankseg calibrate val/probs/ --target val/labels/ -o calibration.json --plot reliability.png
  rankseg predict test/probs/ -o masks/ --calibration calibration.json
`;

/**
 * Adds the `calibrate` command to `program`.
 *
 * @example
 * ```ts
 * addCalibrateCommand(program, processContext(), (code) => { process.exitCode = code; });
 * ```
 */
export function addCalibrateCommand(
  program: Command,
  ctx: CliContext,
  setExit: (code: number) => void,
): void {
  const command = program
    .command('calibrate')
    .summary('fit a temperature so that the probabilities RankSEG uses are calibrated')
    .description(
      'Fit the temperature that calibrates a model (minimum NLL) on prediction files and their labels;\n' +
        'write it as JSON for `rankseg predict --calibration`.',
    )
    .argument(
      '<input>',
      'prediction file (probabilities, or logits with --activation), or a directory of them',
    )
    .requiredOption('--target <path>', 'labels: a file, or a directory of files with the same names')
    .requiredOption('-o, --output <file.json>', 'where to write {"temperature", "nll", "ece"}')
    .option('--activation <fn>', 'none, softmax or sigmoid: the inputs are logits (default: none)')
    .addOption(
      new Option('--layout <layout>', '.npy/.npz: channels-first [B, C, ...] or channels-last [B, ..., C]')
        .choices(['channels-first', 'channels-last'])
        .conflicts('classAxis'),
    )
    .option(
      '--class-axis <n>',
      "axis of the classes (negative from the end), 'last' or 'none'",
      parseClassAxis,
    )
    .option('--key <name>', '.npz predictions: the member to read')
    .option('--target-key <name>', '.npz labels: the member to read')
    .option('--per-class', 'one temperature per class (sigmoid models: --activation sigmoid or 0/1 masks)')
    .option('--ignore-index <i>', 'label that counts nowhere (e.g. 255)', parseInteger)
    .option('--bins <n>', 'confidence bins of the ECE', parseInteger, 15)
    .option('--plot <file.png>', 'also draw the reliability diagram, before and after')
    .option('-r, --recursive', 'with directories, also pair files in subdirectories')
    .option('--json', 'print the JSON written to --output instead of a summary')
    .option('--no-progress', 'no progress bar (it is only drawn when stderr is a terminal)')
    // a flag of predict and evaluate: here it is refused with the reason, not as an unknown option
    .addOption(new Option('--shard <K/N>').hideHelp())
    .addHelpText('after', HELP_AFTER)
    .action(async (input: string, flags: CalibrateFlags) => {
      setExit(await calibrate(ctx, input, flags));
    });
  addFolderFlags(command, 'prediction files');
}

async function calibrate(ctx: CliContext, input: string, flags: CalibrateFlags): Promise<number> {
  if (flags.shard !== undefined) {
    throw new UsageError(
      '--shard does not apply: calibrate fits one temperature to all the pairs at once (a shard would fit ' +
        'its own); run it once, on one machine (it reads one pair at a time)',
    );
  }
  const options = {
    ...(flags.activation === undefined ? {} : { activation: flags.activation }),
    ...(flags.perClass === true ? { perClass: true } : {}),
    ...(flags.ignoreIndex === undefined ? {} : { ignoreIndex: flags.ignoreIndex }),
    bins: flags.bins,
  };
  try {
    resolveCalibrationOptions(options);
  } catch (e) {
    throw new UsageError(calibrationFlags((e as Error).message));
  }
  if (!/\.json$/i.test(flags.output)) throw new UsageError(`--output ${flags.output} must be a .json file`);
  if (flags.plot !== undefined && !/\.png$/i.test(flags.plot)) {
    throw new UsageError(`--plot ${flags.plot} must be a .png file`);
  }
  const { pairs, unpaired, skipped } = await planPairs(input, flags.target, {
    recursive: flags.recursive === true,
    filter: folderFilter(flags),
    role: 'probabilities',
  }).catch((e) => {
    if (e instanceof UsageError) e.message = e.message.replace(/^--pred\b/, 'input');
    throw e;
  });
  await refuseOverwritingInputs(
    pairs.flatMap((pair) => [pair.pred, pair.target]),
    [
      { output: flags.output, what: '--output' },
      ...(flags.plot === undefined ? [] : [{ output: flags.plot, what: '--plot' }]),
    ],
  );
  printSkipped(ctx, skipped);
  if (unpaired.length > 0) {
    printFailures(ctx, unpaired);
    ctx.stderr('nothing written: the temperature is fitted to every pair or to none\n');
    return EXIT_FAILED;
  }
  if (pairs.length === 0) throw new UsageError(`no .npy, .npz, .nii, .nii.gz or .png files in ${input}`);

  const bar = new ProgressBar(ctx.stderr, pairs.length, {
    enabled: flags.progress && ctx.stderrIsTTY,
    columns: ctx.columns,
  });
  let pass = 0;
  const sources = calibrationSources(
    pairs,
    {
      ...(flags.classAxis === undefined ? {} : { classAxis: flags.classAxis }),
      ...(flags.layout === undefined ? {} : { layout: flags.layout }),
      ...(flags.key === undefined ? {} : { key: flags.key }),
      ...(flags.targetKey === undefined ? {} : { targetKey: flags.targetKey }),
    },
    (k, pair) => {
      if (k === 0) pass++;
      bar.update(k, `pass ${pass}: ${pair.pred}`);
    },
  );
  const start = performance.now();
  let fit: TemperatureFit<number | number[]>;
  try {
    fit = await fitTemperature(sources.predictions, sources.labels, options);
  } catch (e) {
    bar.clear();
    if (e instanceof UsageError) throw e;
    const reason = nameFiles(oneLine(e instanceof Error ? e.message : String(e)), pairs);
    printFailures(ctx, [{ file: input, reason: calibrationFlags(reason) }]);
    ctx.stderr('nothing written\n');
    return EXIT_FAILED;
  }
  bar.clear();
  const seconds = (performance.now() - start) / 1000;

  const json = {
    temperature: fit.temperature,
    nll: { before: fit.nll.before, after: fit.nll.after },
    ece: { before: fit.ece.before, after: fit.ece.after },
  };
  const text = `${JSON.stringify(json, null, 2)}\n`;
  try {
    await mkdir(dirname(flags.output), { recursive: true });
    await writeFileAtomic(flags.output, [new TextEncoder().encode(text)]);
    if (flags.plot !== undefined) {
      await mkdir(dirname(flags.plot), { recursive: true });
      await writePng(flags.plot, diagramOf(fit));
    }
  } catch (e) {
    printFailures(ctx, [{ file: flags.output, reason: oneLine((e as Error).message) }]);
    return EXIT_FAILED;
  }
  if (flags.json === true) {
    ctx.stdout(text);
    return EXIT_OK;
  }
  ctx.stdout(summary(fit, pairs, seconds, flags));
  return EXIT_OK;
}

/** The two panels: the model as it is, and after the fitted temperature. */
function diagramOf(fit: TemperatureFit<number | number[]>) {
  const t = fit.temperature;
  const after = Array.isArray(t) ? 'after: one T per class' : `after: T = ${formatT(t)}`;
  const caption = (ece: number, nll: number) => `ECE ${ece.toFixed(4)}  NLL ${nll.toFixed(4)}`;
  return reliabilityDiagram([
    {
      title: 'before: T = 1',
      subtitle: caption(fit.ece.before, fit.nll.before),
      bins: fit.reliability.before,
    },
    { title: after, subtitle: caption(fit.ece.after, fit.nll.after), bins: fit.reliability.after },
  ]);
}

function summary(
  fit: TemperatureFit<number | number[]>,
  pairs: readonly Pair[],
  seconds: number,
  flags: CalibrateFlags,
): string {
  const t = fit.temperature;
  const what = fit.mode === 'softmax' ? 'labelled pixels' : 'labelled pixel-classes';
  const lines = [
    `${pairs.length} file pair${pairs.length === 1 ? '' : 's'}, ${fit.count} ${what} (${fit.mode}); ` +
      `${fit.passes} passes, ${seconds.toFixed(2)} s`,
    `temperature: ${Array.isArray(t) ? t.map(formatT).join(', ') : formatT(t)}` +
      (Array.isArray(t)
        ? ' (per class)'
        : t > 1
          ? ' (the model was over-confident)'
          : t < 1
            ? ' (under-confident)'
            : ''),
    formatTable([
      ['', 'before', 'after'],
      ['NLL', fit.nll.before.toFixed(4), fit.nll.after.toFixed(4)],
      [`ECE (${flags.bins} bins)`, fit.ece.before.toFixed(4), fit.ece.after.toFixed(4)],
    ]).trimEnd(),
    `wrote ${flags.output}${flags.plot === undefined ? '' : ` and ${flags.plot}`}`,
  ];
  return `${lines.join('\n')}\n`;
}

function formatT(t: number): string {
  return Number(t.toPrecision(6)).toString();
}

/** The library's option names as the flags of this command. */
function calibrationFlags(message: string): string {
  return flagMessage(message)
    .replace(/\boptions\.perClass\b/g, '--per-class')
    .replace(/\boptions\.bins\b/g, '--bins')
    .replace(/\boptions\.activation\b/g, '--activation');
}
