/**
 * The `rankseg` program: commander wiring, error format and exit codes.
 *
 * @module
 */

import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { addCalibrateCommand } from './calibrate/calibrate';
import type { CliContext } from './common/context';
import type { AnyFileJob } from './common/fileJob';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, oneLine, UsageError } from './common/usage';
import { addCompareCommand } from './compare/compare';
import { contenderJob, monteCarloJob } from './comparison/comparisonJobs';
import { addDemoCommand } from './demo/demo';
import { addEvaluateCommand } from './evaluate/evaluate';
import { evaluateJob } from './evaluate/evaluateJob';
import { addPredictCommand } from './predict/predict';
import { predictJob } from './predict/predictJob';
import { addSimulateCommand } from './simulate/simulate';

/**
 * The `version` field of package.json, e.g. `'0.1.0'`, inlined at build time (so `dist/cli.js`
 * needs no file lookup at run time and works the same from a checkout, a global install or
 * `npx rankseg`).
 */
export const VERSION: string = version;

/**
 * A command of the program: adds itself to `program` and reports its exit code through `setExit`.
 * Adding a command (`demo`, `compare`, `simulate`) is one file exporting such a function and one
 * line in {@link COMMANDS}.
 */
export type AddCommand = (program: Command, ctx: CliContext, setExit: (code: number) => void) => void;

/** The commands, in the order `--help` lists them. */
export const COMMANDS: readonly AddCommand[] = [
  addPredictCommand,
  addEvaluateCommand,
  addDemoCommand,
  addCompareCommand,
  addSimulateCommand,
  addCalibrateCommand,
];

/**
 * Every job of the program: a worker thread finds the job the main thread names here, so a
 * command's job that is missing would fail each file with "no job named …"
 * (tests/cli/program.test.ts checks the list).
 */
export const JOBS: readonly AnyFileJob[] = [predictJob, evaluateJob, contenderJob, monteCarloJob];

/**
 * Builds the program. Commander's errors are not printed by commander: {@link runCli} prints them
 * on one line. Subcommands made with `.command()` inherit these settings.
 *
 * @example
 * ```ts
 * const program = createProgram(processContext(), (code) => { process.exitCode = code; });
 * program.commands.map((c) => c.name()); // ['predict', 'evaluate', 'demo', 'compare', 'simulate', 'calibrate']
 * ```
 */
export function createProgram(ctx: CliContext, setExit: (code: number) => void): Command {
  const program = new Command('rankseg')
    .description(
      'RankSEG: segmentation masks that maximize expected Dice or IoU, from per-pixel probabilities.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout(s),
      writeErr: (s) => ctx.stderr(s),
      outputError: () => {}, // printed by runCli, on one line
      getOutHelpWidth: () => 100,
      getErrHelpWidth: () => 100,
    })
    .addHelpText('after', '\nExit status: 0 success, 1 some file failed, 2 usage error.\n');
  for (const add of COMMANDS) add(program, ctx, setExit);
  return program;
}

/**
 * Runs the command line `args` (without `node` and the script) and returns the exit code:
 * 0 success, 1 some file failed, 2 usage error. Usage errors print one line on stderr,
 * `rankseg <command>: <reason> (see 'rankseg <command> --help')`.
 *
 * @example
 * ```ts
 * const code = await runCli(['evaluate', '--pred', 'p.npy', '--target', 't.npy', '--json'], processContext());
 * ```
 */
export async function runCli(args: readonly string[], ctx: CliContext): Promise<number> {
  let code = EXIT_OK;
  const program = createProgram(ctx, (c) => {
    code = c;
  });
  const name = commandName(program, args);
  const usage = (reason: string) => {
    const where = name === undefined ? 'rankseg' : `rankseg ${name}`;
    ctx.stderr(`${where}: ${oneLine(reason)} (see '${where} --help')\n`);
    return EXIT_USAGE;
  };
  if (args.length === 0) {
    const names = program.commands.map((c) => c.name()).join(', ');
    return usage(`missing command; commands: ${names}`);
  }
  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT_OK;
      return usage(e.message.replace(/^error: /, ''));
    }
    if (e instanceof UsageError) return usage(e.message);
    ctx.stderr(
      `rankseg${name === undefined ? '' : ` ${name}`}: ${oneLine(e instanceof Error ? e.message : String(e))}\n`,
    );
    return EXIT_FAILED;
  }
}

/** The subcommand named on the command line, if any (for error messages). */
function commandName(program: Command, args: readonly string[]): string | undefined {
  const names = new Set(program.commands.map((c) => c.name()));
  return args.find((a) => names.has(a));
}
