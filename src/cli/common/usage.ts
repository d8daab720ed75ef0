/**
 * Exit codes and the one-line error format of the command line.
 *
 * @module
 */

/** Everything went well. */
export const EXIT_OK = 0;
/** At least one file failed (the others were processed). */
export const EXIT_FAILED = 1;
/** The command line itself is wrong: unknown option, missing argument, bad value, missing input. */
export const EXIT_USAGE = 2;

/**
 * A usage error: the command line cannot work as written. It stops the run with exit code 2 and a
 * one-line message on stderr, before or instead of processing files.
 *
 * @example
 * ```ts
 * throw new UsageError('--output is a file but the input is a directory');
 * ```
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

// Option names of the library API and the metrics, as the flags a CLI user typed.
const FLAG_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\boptions\.numClasses\b/g, '--num-classes'],
  [/\boptions\.ignoreIndex\b/g, '--ignore-index'],
  [/\boptions\.input\b/g, '--input'],
  [/\boptions\.key\b/g, '--key'],
  [/\boutputMode\b/g, '--output-mode'],
  [/\bpruningProb\b/g, '--pruning-prob'],
  [/\bunassignedPolicy\b/g, '--unassigned-policy'],
  [/\bvoidIndex\b/g, '--void-index'],
  [/\bvalidate '(\w+)'/g, '--validate $1'],
];

/**
 * Rewrites a library message in terms of CLI flags (`outputMode` → `--output-mode`,
 * `options.numClasses` → `--num-classes`) and folds it onto one line.
 *
 * @example
 * ```ts
 * flagMessage("pruningProb must lie in [0, 1]; got 2"); // "--pruning-prob must lie in [0, 1]; got 2"
 * ```
 */
export function flagMessage(message: string): string {
  let out = message;
  for (const [pattern, flag] of FLAG_NAMES) out = out.replace(pattern, flag);
  return oneLine(out);
}

/**
 * Folds whitespace runs (newlines included) into single spaces and trims.
 *
 * @example
 * ```ts
 * oneLine('a\n  b '); // 'a b'
 * ```
 */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The message of any thrown value, on one line, without a leading `<path>: ` when the error names
 * the file it is listed under (the io layer starts its messages with the path).
 *
 * @example
 * ```ts
 * reasonOf(new Error('a.npy: NPY data is truncated'), 'a.npy'); // 'NPY data is truncated'
 * ```
 */
export function reasonOf(error: unknown, path?: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = oneLine(message);
  if (path !== undefined && line.startsWith(`${path}: `)) return line.slice(path.length + 2);
  return line;
}
