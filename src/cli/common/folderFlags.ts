/**
 * The flags of commands that take folders: `--include GLOB`, `--exclude GLOB` (both repeatable),
 * and the list of files left out.
 *
 * @module
 */

import type { Command } from 'commander';
import type { CliContext } from './context';
import type { Skipped } from './files';
import { type FileFilter, fileFilter } from './glob';
import { UsageError } from './usage';

/** `--include`/`--exclude` as commander collects them (absent when not given). */
export interface FolderFlags {
  include?: string[];
  exclude?: string[];
}

/** Help text on how folders are read, for the commands' `--help`. */
export const GLOB_HELP = `--include GLOB / --exclude GLOB (each repeatable) pick the files of a folder: a
file is taken when it matches an --include (if any is given) and no --exclude. '*'
matches within a name, '?' one character, '**' any number of folders, [abc] [a-z]
[!a-z] a set; a pattern without '/' is matched against the file name in any folder,
one with '/' against the path below the folder. Every file left out is listed with
its reason (another extension, excluded, a subfolder without -r, hidden).`;

/**
 * Adds `--include GLOB` and `--exclude GLOB` to a command.
 *
 * @example
 * ```ts
 * addFolderFlags(program.command('predict'), 'probability files');
 * ```
 */
export function addFolderFlags(command: Command, what: string): Command {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  return command
    .option('--include <glob>', `with a folder: only the ${what} matching it (repeatable)`, collect)
    .option('--exclude <glob>', 'with a folder: leave out the files matching it (repeatable)', collect);
}

/**
 * The filter of the flags.
 *
 * @throws {UsageError} for a bad glob (the message names the flag).
 * @example
 * ```ts
 * folderFilter({ include: ['*.npz'], exclude: [] }).reasonToSkip('a.nii.gz'); // 'not matched by --include *.npz'
 * ```
 */
export function folderFilter(flags: FolderFlags): FileFilter {
  try {
    return fileFilter(flags.include ?? [], flags.exclude ?? []);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * Prints the files a command left out, one `file: reason` line each, under a heading (stderr).
 *
 * @example
 * ```ts
 * printSkipped(ctx, [{ file: 'probs/notes.txt', reason: 'not a .npy, … file' }]);
 * // not processed (1):
 * //   probs/notes.txt: not a .npy, … file
 * ```
 */
export function printSkipped(ctx: CliContext, skipped: readonly Skipped[]): void {
  if (skipped.length === 0) return;
  ctx.stderr(`not processed (${skipped.length}):\n`);
  for (const s of skipped) ctx.stderr(`  ${s.file}: ${s.reason}\n`);
}
