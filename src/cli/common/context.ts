/**
 * What a command needs from its process: output streams, whether stderr is a terminal, the cores
 * and the script its worker threads run. Commands take it as a parameter, so they never reach for
 * `process` themselves.
 *
 * @module
 */

import { availableParallelism } from 'node:os';

/** Output channels and terminal facts of one CLI run. */
export interface CliContext {
  /** Writes to standard output (results: tables, JSON, summaries). */
  stdout: (text: string) => void;
  /** Writes to standard error (failures, usage errors, the progress bar). */
  stderr: (text: string) => void;
  /** True when stderr is a terminal: only then is a progress bar drawn. */
  stderrIsTTY: boolean;
  /** Width of the stderr terminal in characters (80 when unknown). */
  columns: number;
  /** Cores this process may use (`os.availableParallelism()`): the default of `--jobs`. */
  cores: number;
  /** The script a worker thread runs to serve jobs (`dist/cli.js` itself, see src/cli/index.ts). */
  workerScript: URL;
}

/**
 * The context of the running Node process, whose worker threads run `workerScript`.
 *
 * @example
 * ```ts
 * const ctx = processContext(new URL(import.meta.url));
 * ctx.stdout('hello\n');
 * ```
 */
export function processContext(workerScript: URL): CliContext {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    // 0 or undefined when the terminal does not say (some pseudo-terminals)
    columns: process.stderr.columns || 80,
    cores: availableParallelism(),
    workerScript,
  };
}
