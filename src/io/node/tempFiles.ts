/**
 * The temporary files of atomic writes: their names, the ones this process has open, and the
 * stale ones that killed runs left behind.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** `.<name>.<pid>.<12 hex digits>.tmp`: the name of a temporary file of {@link tempPathFor}. */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** Temporary files this process is writing now (removed on a signal, see {@link removeLiveTempFilesSync}). */
const live = new Set<string>();

/** Told of every temporary file tracked and forgotten (see {@link watchTempFiles}). */
export type TempFileWatcher = (event: 'track' | 'forget', path: string) => void;

let watcher: TempFileWatcher | undefined;

/**
 * A fresh temporary path beside `path`: `.<name>.<pid>.<random>.tmp` in the same folder, so that
 * renaming it onto `path` is atomic, and hidden, so that folder listings skip it.
 *
 * @example
 * ```ts
 * tempPathFor('out/a.npy'); // 'out/.a.npy.4242.9f86d081884c.tmp'
 * ```
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Whether `name` (a file name, no folder) is one of {@link tempPathFor}'s temporary files.
 *
 * @example
 * ```ts
 * isTempName('.a.npy.4242.9f86d081884c.tmp'); // true
 * isTempName('.a.npy.tmp'); // false
 * ```
 */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/**
 * Records a temporary file about to be written (until {@link forgetTempFile}); called before the
 * file is created, so that no moment exists when it is on disk but unknown.
 */
export function trackTempFile(path: string): void {
  live.add(path);
  watcher?.('track', path);
}

/** The temporary file was renamed or removed. */
export function forgetTempFile(path: string): void {
  live.delete(path);
  watcher?.('forget', path);
}

/**
 * Tells `listener` (synchronously, in this thread) of every temporary file tracked and forgotten
 * from now on; `undefined` stops it. A worker thread's files are its own (each thread has its own
 * list): the command line's worker pool uses this to show the main thread which files its workers
 * are writing, so that a signal removes them too.
 *
 * @example
 * ```ts
 * watchTempFiles((event, path) => console.log(event, path));
 * ```
 */
export function watchTempFiles(listener: TempFileWatcher | undefined): void {
  watcher = listener;
}

/**
 * Removes, synchronously, every temporary file this process is writing: for a signal handler
 * (SIGINT, SIGTERM) that exits at once, so that an interrupted run leaves no `.tmp` behind.
 *
 * @returns how many files were removed.
 * @example
 * ```ts
 * process.once('SIGTERM', () => { removeLiveTempFilesSync(); process.exit(143); });
 * ```
 */
export function removeLiveTempFilesSync(): number {
  let removed = 0;
  for (const path of live) {
    try {
      unlinkSync(path);
      removed++;
    } catch {
      // already gone (renamed or removed a moment ago)
    }
    live.delete(path);
  }
  return removed;
}

/** When a temporary file counts as stale (see {@link removeStaleTempFiles}). */
export interface StaleRule {
  /** Untouched this long (ms), whatever its process: stale. Default one hour. */
  maxAge?: number;
  /** Untouched this long (ms) and its process is not running on this machine: stale. Default one minute. */
  orphanAge?: number;
  /** The clock (ms since the epoch); default `Date.now()`. */
  now?: number;
}

/**
 * Removes the stale temporary files of atomic writes in `dir` (not its subfolders): only regular
 * files named as {@link tempPathFor} names them, and only when no write can still be going on — not
 * modified for `maxAge` (one hour), or for `orphanAge` (one minute) when the process id in the
 * name is not running here. A file being written is modified at every chunk, so a live write of
 * another process is never taken. Nothing else is touched; a missing folder is fine.
 *
 * @returns the paths removed.
 * @example
 * ```ts
 * await removeStaleTempFiles('masks'); // ['masks/.a.npy.4242.9f86d081884c.tmp']
 * ```
 */
export async function removeStaleTempFiles(dir: string, rule: StaleRule = {}): Promise<string[]> {
  const maxAge = rule.maxAge ?? 3_600_000;
  const orphanAge = rule.orphanAge ?? 60_000;
  const now = rule.now ?? Date.now();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (match === null) continue;
    const path = join(dir, name);
    if (live.has(path)) continue;
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined || !info.isFile()) continue;
    const age = now - info.mtimeMs;
    const stale = age > maxAge || (age > orphanAge && !isRunning(Number(match[1])));
    if (!stale) continue;
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed;
}

/** Whether a process with this id runs on this machine (signal 0 only asks). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else
    return (e as { code?: unknown }).code === 'EPERM';
  }
}
