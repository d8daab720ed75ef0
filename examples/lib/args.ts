/** The command line every example shares: `[image] [--out file.png] [--json]`. */
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
