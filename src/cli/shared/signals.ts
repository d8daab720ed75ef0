/**
 * What the command line does when it is stopped: no half-written file is left behind.
 *
 * @module
 */

import { removeLiveTempFilesSync } from '../../io/node/tempFiles';

/** Exit codes of a process ended by a signal, as shells report them (128 + the signal number). */
const SIGNAL_EXITS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * On SIGINT (Ctrl-C), SIGTERM and SIGHUP: removes the temporary files of the writes under way,
 * says so on stderr, and exits with 128 + the signal number. Also removes them when the process
 * exits any other way while a write is under way.
 *
 * @example
 * ```ts
 * removeTempFilesOnExit((text) => process.stderr.write(text));
 * ```
 */
export function removeTempFilesOnExit(stderr: (text: string) => void): void {
  for (const [signal, code] of Object.entries(SIGNAL_EXITS)) {
    process.once(signal, () => {
      const removed = removeLiveTempFilesSync();
      const what = removed === 0 ? '' : `; removed ${removed} unfinished file${removed === 1 ? '' : 's'}`;
      stderr(`rankseg: stopped by ${signal}${what}\n`);
      process.exit(code);
    });
  }
  process.once('exit', () => {
    removeLiveTempFilesSync();
  });
}
