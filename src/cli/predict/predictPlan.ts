/**
 * `rankseg predict`: which files go where, checked before anything is written.
 *
 * @module
 */

import { basename, join } from 'node:path';
import { extensionList } from '../../io/formats';
import { type Extension, listArrayFiles, outputPathFor, pathKind, splitExtension } from '../shared/files';
import { UsageError } from '../shared/usage';

/** One input and where its mask goes. */
export interface Job {
  input: string;
  output: string;
}

/**
 * Works out the (input, output) pairs: a file to a file (format by the output's extension) or into
 * a directory (`<dir>/<name><ext>`), a directory into a directory (`--recursive`: subdirectories too,
 * mirrored). Paths are only checked, nothing is written.
 *
 * @throws {UsageError} for a missing input, an input or output extension no reader/writer knows,
 *   `--output-format` that disagrees with an output file, or a directory input with a file output.
 * @example
 * ```ts
 * await planJobs('probs', 'masks', '.png', false); // [{ input: 'probs/a.npy', output: 'masks/a.png' }, …]
 * ```
 */
export async function planJobs(
  input: string,
  output: string,
  format: Extension | undefined,
  recursive: boolean,
): Promise<Job[]> {
  const inputKind = await pathKind(input);
  if (inputKind === 'missing') throw new UsageError(`input ${input} does not exist`);
  if (inputKind === 'other') throw new UsageError(`input ${input} is neither a file nor a directory`);
  const outputKind = await pathKind(output);
  const outputIsDir = outputKind === 'directory' || /[/\\]$/.test(output);
  if (inputKind === 'file') {
    if (splitExtension(basename(input)) === undefined) {
      throw new UsageError(`input ${input} is not a ${extensionList()} file`);
    }
    if (outputIsDir) return [{ input, output: outputPathFor(basename(input), output, format) }];
    const ext = splitExtension(basename(output))?.ext;
    if (ext === undefined) {
      throw new UsageError(`output ${output} must end in ${extensionList()} (or be a directory)`);
    }
    if (format !== undefined && format !== ext) {
      throw new UsageError(`--output-format ${format.slice(1)} disagrees with the output file ${output}`);
    }
    return [{ input, output }];
  }
  if (outputKind === 'file' || outputKind === 'other') {
    throw new UsageError(
      `input ${input} is a directory, so --output must be a directory; ${output} is a file`,
    );
  }
  const files = await listArrayFiles(input, recursive);
  return files.map((rel) => ({ input: join(input, rel), output: outputPathFor(rel, output, format) }));
}
