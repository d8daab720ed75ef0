/**
 * The loop over files shared by commands: one after the other or several at once, progress on a
 * terminal, failures collected without stopping, usage errors stopping everything.
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
 * Runs `task` on every item, at most `concurrency` at once (1: one after the other), starting them
 * in item order. An error from one item is recorded as a {@link Failure} (under `nameOf(item)`,
 * with the file name stripped from the front of the message) and the loop goes on; a
 * {@link UsageError} stops it — no item starts after it, those under way finish — and propagates
 * (the first by item order, as one after the other would), since it would fail every item alike.
 * Results and failures come back in item order whatever order the items finish in. A progress
 * bar counting finished items is drawn on stderr when `progress` is set and stderr is a terminal,
 * redrawn when an item starts or finishes and labelled with the item started last.
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
  concurrency = 1,
): Promise<EachResult<R>> {
  const bar = new ProgressBar(ctx.stderr, items.length, {
    enabled: progress && ctx.stderrIsTTY,
    columns: ctx.columns,
  });
  const start = performance.now();
  const outcomes: ({ ok: true; result: R } | { ok: false; failure: Failure })[] = [];
  let next = 0;
  let finished = 0;
  let label = '';
  // the first usage error by item order, once one is thrown
  const usage: { at: number; error: UsageError | undefined } = { at: items.length, error: undefined };
  // one lane per concurrent item; each takes the next item when its own is done
  const lane = async (): Promise<void> => {
    while (next < items.length && usage.error === undefined) {
      const at = next++;
      const item = items[at]!;
      const name = nameOf(item);
      label = name;
      bar.update(finished, label);
      try {
        outcomes[at] = { ok: true, result: await task(item) };
      } catch (e) {
        if (e instanceof UsageError) {
          if (at < usage.at) Object.assign(usage, { at, error: e });
        } else {
          outcomes[at] = { ok: false, failure: { file: name, reason: reasonOf(e, name) } };
        }
      }
      finished++;
      if (finished < items.length) bar.update(finished, label);
    }
  };
  try {
    const lanes = Math.max(1, Math.min(concurrency, items.length));
    await Promise.all(Array.from({ length: lanes }, lane));
    if (usage.error !== undefined) throw usage.error;
    bar.update(items.length, '');
  } finally {
    bar.clear();
  }
  const results: R[] = [];
  const failures: Failure[] = [];
  for (const outcome of outcomes) {
    if (outcome.ok) results.push(outcome.result);
    else failures.push(outcome.failure);
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
