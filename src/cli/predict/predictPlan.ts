/**
 * `rankseg predict`: which files go where, checked before anything is written.
 *
 * @module
 */

import { basename, join } from 'node:path';
import { extensionList } from '../../io/formats';
import {
  type Extension,
  listInputFiles,
  nnunetPairs,
  outputPathFor,
  pathKind,
  type Skipped,
  splitExtension,
} from '../common/files';
import type { FileFilter } from '../common/glob';
import { UsageError } from '../common/usage';

/** One input and where its mask goes. */
export interface Job {
  input: string;
  output: string;
  /** The input's path relative to its folder (its file name for a file input). */
  rel: string;
}

/** The work of one `predict` run: the jobs, and the files of a folder input left out (with why). */
export interface Plan {
  jobs: Job[];
  skipped: Skipped[];
  /** The input is a folder (its files are listed). */
  folder: boolean;
}

/** How {@link planJobs} names outputs and lists folders. */
export interface PlanOptions {
  /** `--output-format`: the extension of every output (must agree with an output file's). */
  format: Extension | undefined;
  /** The extension of outputs written into a folder when `format` is not given (default: each input's own). */
  folderFormat?: Extension | undefined;
  /** `-r`: subfolders too. */
  recursive: boolean;
  /** `--include`/`--exclude`. */
  filter: FileFilter;
}

/**
 * Works out the (input, output) pairs: a file to a file (format by the output's extension) or into
 * a folder (`<dir>/<name><ext>`), a folder into a folder (`recursive`: subfolders too, mirrored).
 * In a folder, `filter` (`--include`/`--exclude`) picks the files, and of nnU-Net's `case.npz` and
 * `case.nii.gz` the probabilities are read (see `nnunetPairs`); everything left out is returned in `skipped` with its reason. Paths are
 * only checked, nothing is written.
 *
 * @throws {UsageError} for a missing input, an input or output extension no reader/writer knows,
 *   `--output-format` that disagrees with an output file, a folder input with a file output (also
 *   one that does not exist yet but is named like a file, `out/x.npy`), or two inputs that would
 *   write the same output (naming both).
 * @example
 * ```ts
 * await planJobs('probs', 'masks', { format: '.png', recursive: false, filter: fileFilter() });
 * // { jobs: [{ input: 'probs/a.npy', output: 'masks/a.png' }, …], skipped: [], folder: true }
 * ```
 */
export async function planJobs(input: string, output: string, options: PlanOptions): Promise<Plan> {
  const { format, recursive, filter } = options;
  const folderFormat = format ?? options.folderFormat;
  const inputKind = await pathKind(input);
  if (inputKind === 'missing') throw new UsageError(`input ${input} does not exist`);
  if (inputKind === 'other') throw new UsageError(`input ${input} is neither a file nor a directory`);
  const outputKind = await pathKind(output);
  const outputIsDir = outputKind === 'directory' || /[/\\]$/.test(output);
  if (inputKind === 'file') {
    if (splitExtension(basename(input)) === undefined) {
      throw new UsageError(`input ${input} is not a ${extensionList()} file`);
    }
    if (outputIsDir) {
      const job = {
        input,
        output: outputPathFor(basename(input), output, folderFormat),
        rel: basename(input),
      };
      return { jobs: [job], skipped: [], folder: false };
    }
    const ext = splitExtension(basename(output))?.ext;
    if (ext === undefined) {
      throw new UsageError(`output ${output} must end in ${extensionList()} (or be a directory)`);
    }
    if (format !== undefined && format !== ext) {
      throw new UsageError(`--output-format ${format.slice(1)} disagrees with the output file ${output}`);
    }
    return { jobs: [{ input, output, rel: basename(input) }], skipped: [], folder: false };
  }
  if (outputKind === 'file' || outputKind === 'other') {
    throw new UsageError(
      `input ${input} is a directory, so --output must be a directory; ${output} is a file`,
    );
  }
  if (!outputIsDir && splitExtension(basename(output)) !== undefined) {
    throw new UsageError(
      `input ${input} is a directory, so --output must be a directory; ${output} is named like a file ` +
        '(to make a directory of that name, end it with /)',
    );
  }
  const listing = await listInputFiles(input, recursive, filter);
  const chosen = nnunetPairs(listing.files, input, 'probabilities');
  const jobs = chosen.files.map((rel) => ({
    input: join(input, rel),
    output: outputPathFor(rel, output, folderFormat),
    rel,
  }));
  const writers = new Map<string, string>();
  for (const job of jobs) {
    const first = writers.get(job.output);
    if (first !== undefined) {
      throw new UsageError(`${first} and ${job.input} would both be written to ${job.output}`);
    }
    writers.set(job.output, job.input);
  }
  const skipped = [...listing.skipped, ...chosen.skipped].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
  );
  return { jobs, skipped, folder: true };
}
