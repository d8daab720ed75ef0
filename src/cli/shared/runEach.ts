/**
 * The loop over files shared by commands: progress on a terminal, failures collected without
 * stopping, usage errors stopping everything.
 *
 * @module
 */

import type { CliContext } from './context';
import { ProgressBar } from './progress';
import { reasonOf, UsageError } from './usage';

/** A file that could not be processed, and why (one line). */
export interface Failure {
  file: string;
  reason: string;
}

/** What {@link runEach} did. */
export interface EachResult<R> {
  /** Results of the items that succeeded, in item order. */
  results: R[];
  /** Items that failed, in item order. */
  failures: Failure[];
  /** Wall-clock seconds of the whole loop. */
  seconds: number;
}

/**
 * Runs `task` on every item in order. An error from one item is recorded as a {@link Failure}
 * (under `nameOf(item)`, with the file name stripped from the front of the message) and the loop
 * goes on; a {@link UsageError} stops it and propagates, since it would fail every item alike.
 * A progress bar is drawn on stderr when `progress` is set and stderr is a terminal.
 *
 * @example
 * ```ts
 * const { results, failures } = await runEach(ctx, files, (f) => f, async (f) => (await stat(f)).size, true);
 * ```
 */
export async function runEach<T, R>(
  ctx: CliContext,
  items: readonly T[],
  nameOf: (item: T) => string,
  task: (item: T) => Promise<R>,
  progress: boolean,
): Promise<EachResult<R>> {
  const bar = new ProgressBar(ctx.stderr, items.length, {
    enabled: progress && ctx.stderrIsTTY,
    columns: ctx.columns,
  });
  const start = performance.now();
  const results: R[] = [];
  const failures: Failure[] = [];
  try {
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const name = nameOf(item);
      bar.update(i, name);
      try {
        results.push(await task(item));
      } catch (e) {
        if (e instanceof UsageError) throw e;
        failures.push({ file: name, reason: reasonOf(e, name) });
      }
    }
    bar.update(items.length, '');
  } finally {
    bar.clear();
  }
  return { results, failures, seconds: (performance.now() - start) / 1000 };
}

/**
 * Prints failures to stderr, one `file: reason` line each, under a heading.
 *
 * @example
 * ```ts
 * printFailures(ctx, [{ file: 'b.npy', reason: 'NPY data is truncated' }]);
 * // failed (1):
 * //   b.npy: NPY data is truncated
 * ```
 */
export function printFailures(ctx: CliContext, failures: readonly Failure[]): void {
  if (failures.length === 0) return;
  ctx.stderr(`failed (${failures.length}):\n`);
  for (const f of failures) ctx.stderr(`  ${f.file}: ${f.reason}\n`);
}
