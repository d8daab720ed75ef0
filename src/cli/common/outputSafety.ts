/**
 * Outputs never destroy inputs: checked before anything is written.
 *
 * @module
 */

import { stat } from 'node:fs/promises';
import { UsageError } from './usage';

/** A file the run will write, and the flag or input it comes from (for the message). */
export interface PlannedOutput {
  output: string;
  /** What writes it, e.g. `'the mask of probs/a.npy'` or `'--report'`. */
  what: string;
}

/**
 * Refuses any output that is one of the inputs: the same file on disk (device and inode, so a
 * different spelling, `../`, a symbolic link — outputs are written through links — or a hard link
 * are all caught), before anything is written. With a folder input, the output folder must not
 * be the input folder itself.
 *
 * @param inputs - every file the run reads.
 * @param folders - the input folder and the output folder, when the input is a folder.
 * @throws {UsageError} naming the output and the input it would replace.
 * @example
 * ```ts
 * await refuseOverwritingInputs(['probs.npy'], [{ output: 'probs.npy', what: 'the mask of probs.npy' }]);
 * // throws: output probs.npy is the input probs.npy (the same file): …
 * ```
 */
export async function refuseOverwritingInputs(
  inputs: readonly string[],
  outputs: readonly PlannedOutput[],
  folders?: { input: string; output: string },
): Promise<void> {
  if (folders !== undefined) {
    const [a, b] = [await identity(folders.input), await identity(folders.output)];
    if (a !== undefined && a === b) {
      throw new UsageError(
        `the output folder ${folders.output} is the input folder ${folders.input}: write the masks into another folder`,
      );
    }
  }
  const byIdentity = new Map<string, string>();
  for (const input of inputs) {
    const id = await identity(input);
    if (id !== undefined && !byIdentity.has(id)) byIdentity.set(id, input);
  }
  for (const { output, what } of outputs) {
    const id = await identity(output);
    const input = id === undefined ? undefined : byIdentity.get(id);
    if (input !== undefined) {
      const same = input === output ? 'the same path' : 'the same file on disk';
      throw new UsageError(
        `${what} would be written to ${output}, which is the input ${input} (${same}); rankseg never overwrites its inputs: choose another output`,
      );
    }
  }
}

/** `device:inode` of what a path names (links followed), or undefined when it does not exist. */
async function identity(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}
