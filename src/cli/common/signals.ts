/**
 * What the command line does when it is stopped: no half-written file is left behind, its own nor
 * its worker threads'.
 *
 * @module
 */

import { removeLiveTempFilesSync } from '../../io/node/tempFiles';

/** Exit codes of a process ended by a signal, as shells report them (128 + the signal number). */
const SIGNAL_EXITS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** How long a signal waits for the stoppers before the process exits anyway (ms). */
const STOP_TIMEOUT = 5_000;

/**
 * Something running that a signal must stop first (a worker pool): `stop` ends it and removes its
 * unfinished files, returning how many; `removeSync` removes them without waiting, for an exit
 * that cannot wait.
 */
export interface Stopper {
  stop: () => Promise<number>;
  removeSync: () => number;
}

const stoppers = new Set<Stopper>();

/**
 * Registers a {@link Stopper} until the returned function is called.
 *
 * @example
 * ```ts
 * const release = onStop({ stop: async () => { await pool.close(); return 0; }, removeSync: () => 0 });
 * // … work …
 * release();
 * ```
 */
export function onStop(stopper: Stopper): () => void {
  stoppers.add(stopper);
  return () => {
    stoppers.delete(stopper);
  };
}

/**
 * On SIGINT (Ctrl-C), SIGTERM and SIGHUP: stops what {@link onStop} registered (worker threads:
 * terminated, then their unfinished files removed; at most 5 s), removes the temporary files of
 * the writes under way in this thread, says so on stderr, and exits with 128 + the signal number.
 * Also removes them when the process exits any other way while a write is under way.
 *
 * @example
 * ```ts
 * removeTempFilesOnExit((text) => process.stderr.write(text));
 * ```
 */
export function removeTempFilesOnExit(stderr: (text: string) => void): void {
  for (const [signal, code] of Object.entries(SIGNAL_EXITS)) {
    process.once(signal, () => {
      void stopAll().then((stopped) => {
        const removed = stopped + removeLiveTempFilesSync();
        const what = removed === 0 ? '' : `; removed ${removed} unfinished file${removed === 1 ? '' : 's'}`;
        stderr(`rankseg: stopped by ${signal}${what}\n`);
        process.exit(code);
      });
    });
  }
  process.once('exit', () => {
    for (const stopper of stoppers) stopper.removeSync();
    removeLiveTempFilesSync();
  });
}

/** Runs every stopper (at most {@link STOP_TIMEOUT}); the files they removed. */
async function stopAll(): Promise<number> {
  const all = [...stoppers];
  stoppers.clear();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number[]>((resolve) => {
    timer = setTimeout(() => resolve(all.map((s) => s.removeSync())), STOP_TIMEOUT);
  });
  const counts = await Promise.race([
    Promise.all(all.map((s) => s.stop().catch(() => s.removeSync()))),
    timeout,
  ]);
  clearTimeout(timer);
  return counts.reduce((a, b) => a + b, 0);
}
