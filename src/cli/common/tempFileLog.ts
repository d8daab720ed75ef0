/**
 * The temporary files a worker thread is writing, readable by the main thread at any moment, also
 * after the worker was terminated: a log in shared memory.
 *
 * @module
 */

import { unlinkSync } from 'node:fs';

/** Bytes of a log: room for 16 paths of Linux's longest (4096 bytes), more than a job ever has open. */
export const TEMP_LOG_BYTES = 1 << 16;

/** Header: one int32, the number of log bytes published. */
const HEADER_BYTES = 4;

/**
 * An append-only list of paths in a `SharedArrayBuffer`, written by one thread (a worker, before it
 * creates each temporary file) and read by another (the main thread, when it stops the worker).
 * An entry's bytes are written first and published after by one atomic store of the length, so a
 * reader, even one reading a worker terminated mid-append, sees whole entries only. The writer
 * empties the log whenever none of its files is open any more, so it holds only the files of the
 * write under way; a path whose file was renamed meanwhile names nothing, and removing it is a
 * no-op.
 *
 * @example
 * ```ts
 * const log = new TempFileLog(new SharedArrayBuffer(TEMP_LOG_BYTES));
 * log.append('out/.a.npy.4242.9f86d081884c.tmp');
 * log.paths(); // ['out/.a.npy.4242.9f86d081884c.tmp']
 * log.clear();
 * ```
 */
export class TempFileLog {
  private readonly length: Int32Array;
  private readonly bytes: Uint8Array;

  /** @param buffer - shared memory of {@link TEMP_LOG_BYTES} (or any size above 4 bytes). */
  constructor(readonly buffer: SharedArrayBuffer) {
    this.length = new Int32Array(buffer, 0, 1);
    this.bytes = new Uint8Array(buffer, HEADER_BYTES);
  }

  /**
   * Adds a path (UTF-8, NUL-terminated: no path holds a NUL).
   *
   * @throws {RangeError} when the log is full (more temporary files open at once than it holds).
   */
  append(path: string): void {
    const entry = new TextEncoder().encode(`${path}\0`);
    const used = Atomics.load(this.length, 0);
    if (used + entry.length > this.bytes.length) {
      throw new RangeError(`too many temporary files open at once in one worker (writing ${path})`);
    }
    this.bytes.set(entry, used);
    Atomics.store(this.length, 0, used + entry.length);
  }

  /** Forgets every entry (the writer has no temporary file open). */
  clear(): void {
    Atomics.store(this.length, 0, 0);
  }

  /** The paths published so far. */
  paths(): string[] {
    const used = Atomics.load(this.length, 0);
    if (used === 0) return [];
    // TextDecoder does not take views of shared memory: copy the few bytes first
    const text = new TextDecoder().decode(this.bytes.slice(0, used));
    return text.split('\0').slice(0, -1);
  }

  /**
   * Removes the files of every path in the log (those already renamed or removed are skipped),
   * synchronously, for a signal or exit handler, and empties the log.
   *
   * @returns how many files were removed.
   */
  removeFilesSync(): number {
    let removed = 0;
    for (const path of this.paths()) {
      try {
        unlinkSync(path);
        removed++;
      } catch {
        // renamed onto its destination, or removed by its writer
      }
    }
    this.clear();
    return removed;
  }
}
