/** The command line every example shares: `[image] [--out file.png] [--json]`. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** Parsed arguments of an example. */
export interface ExampleArgs {
  /** The photo to segment (a PNG path); `undefined` means the example's default. */
  image: string | undefined;
  /** Where the overlay PNG goes. */
  out: string;
  /** Print one JSON object (the summary) instead of the table. */
  json: boolean;
}

/**
 * Parses `argv` (without `node` and the script).
 *
 * @param defaultOut - the overlay path when `--out` is absent.
 * @throws TypeError (from `node:util` parseArgs) for an unknown flag or a missing value.
 */
export function readArgs(argv: string[], defaultOut: string): ExampleArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, json: { type: 'boolean', default: false } },
  });
  return { image: positionals[0], out: values.out ?? defaultOut, json: values.json === true };
}

/**
 * Runs an example when its file is the script node was started with: prints the summary as a
 * table (or JSON with `--json`), or the error message with exit code 1.
 */
export function runIfMain<T>(
  moduleUrl: string,
  main: (argv: string[]) => Promise<T>,
  format: (summary: T) => string,
): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  const json = process.argv.includes('--json');
  main(process.argv.slice(2)).then(
    (summary) => console.log(json ? JSON.stringify(summary) : format(summary)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
