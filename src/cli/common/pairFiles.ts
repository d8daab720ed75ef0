/**
 * `rankseg evaluate`: predictions paired with targets, file to file or by name in directories.
 *
 * @module
 */

import { join } from 'node:path';
import { extensionList } from '../../io/formats';
import { listInputFiles, nnunetPairs, pathKind, type Skipped, splitExtension } from './files';
import { type FileFilter, fileFilter } from './glob';
import type { Failure } from './runEach';
import { UsageError } from './usage';

/** One prediction and its target. */
export interface Pair {
  pred: string;
  target: string;
}

/** An entry of the work list of {@link planPairs}: a pair to score, or a file without a partner. */
export type PairEntry = { pair: Pair } | { unpaired: Failure };

/** How {@link planPairs} lists folders. */
export interface PairOptions {
  /** `-r`: pair files in subfolders too, by relative path. */
  recursive: boolean;
  /** `--include`/`--exclude`, applied to the prediction folder (paths relative to it). */
  filter: FileFilter;
  /**
   * What the prediction folder holds, for nnU-Net's `case.npz` beside `case.nii.gz` (see
   * `nnunetPairs`): `'probabilities'` reads the `.npz`, `'labels'` the segmentation.
   */
  role: 'probabilities' | 'labels';
}

/**
 * Pairs `--pred` with `--target`: two files, or two directories whose array files are matched by
 * name without extension (`pred/x.npy` with `target/x.png`; with `recursive`, by relative path).
 * A name without a partner, or with several files, is returned as a failure rather than thrown,
 * so the other pairs are still scored. `entries` is the work list in a fixed order, for `--shard`:
 * the prediction files sorted by path (paired or not), then the targets without a prediction,
 * sorted. Files left out on purpose (`--include`/`--exclude`,
 * unsupported extensions, subfolders without `-r`, nnU-Net's second file of a case, targets of
 * predictions left out) are returned in `skipped`, with their reasons.
 *
 * @throws {UsageError} for a missing path, a file paired with a directory, or a file that is not
 *   an array file.
 * @example
 * ```ts
 * const { pairs, unpaired } = await planPairs('pred', 'target', { recursive: false, filter: fileFilter(), role: 'labels' });
 * // pairs: [{ pred: 'pred/x.npy', target: 'target/x.png' }]; unpaired: [{ file: 'pred/z.npy', reason: … }]
 * ```
 */
export async function planPairs(
  pred: string,
  target: string,
  options: PairOptions,
): Promise<{
  pairs: Pair[];
  unpaired: Failure[];
  entries: PairEntry[];
  skipped: Skipped[];
  directories: boolean;
}> {
  const [pk, tk] = [await pathKind(pred), await pathKind(target)];
  for (const [path, kind, flag] of [
    [pred, pk, '--pred'],
    [target, tk, '--target'],
  ] as const) {
    if (kind === 'missing') throw new UsageError(`${flag} ${path} does not exist`);
    if (kind === 'other') throw new UsageError(`${flag} ${path} is neither a file nor a directory`);
  }
  if (pk !== tk) {
    throw new UsageError(
      `--pred and --target must both be files or both be directories; got a ${pk} and a ${tk}`,
    );
  }
  if (pk === 'file') {
    for (const [path, flag] of [
      [pred, '--pred'],
      [target, '--target'],
    ] as const) {
      if (splitExtension(path) === undefined) {
        throw new UsageError(`${flag} ${path} is not a ${extensionList()} file`);
      }
    }
    const pair = { pred, target };
    return { pairs: [pair], unpaired: [], entries: [{ pair }], skipped: [], directories: false };
  }
  const skipped: Skipped[] = [];
  const byStem = async (dir: string, filter: FileFilter) => {
    const listing = await listInputFiles(dir, options.recursive, filter);
    const chosen = nnunetPairs(listing.files, dir, dir === pred ? options.role : 'labels');
    skipped.push(...listing.skipped, ...chosen.skipped);
    const map = new Map<string, string[]>();
    for (const rel of chosen.files) {
      const stem = splitExtension(rel)!.stem;
      map.set(stem, [...(map.get(stem) ?? []), rel]);
    }
    return map;
  };
  const left = await listInputFiles(pred, options.recursive, fileFilter());
  const [preds, targets] = [await byStem(pred, options.filter), await byStem(target, fileFilter())];
  // names whose prediction exists but is left out: their targets are left out too, not unpaired
  const leftOut = new Set(
    left.files.map((rel) => splitExtension(rel)!.stem).filter((stem) => !preds.has(stem)),
  );
  const entries: PairEntry[] = [];
  for (const [stem, files] of preds) {
    const found = targets.get(stem);
    const several = (what: string, dir: string, list: string[]) =>
      `several ${what} named ${stem}: ${list.map((f) => join(dir, f)).join(', ')} (choose with --include or --exclude)`;
    const unpaired = (reason: string) => entries.push({ unpaired: { file: join(pred, files[0]!), reason } });
    if (files.length > 1) unpaired(several('predictions', pred, files));
    else if (found === undefined) unpaired(`no target named ${stem}.* in ${target}`);
    else if (found.length > 1) unpaired(several('targets', target, found));
    else entries.push({ pair: { pred: join(pred, files[0]!), target: join(target, found[0]!) } });
  }
  for (const [stem, files] of targets) {
    if (preds.has(stem)) continue;
    if (leftOut.has(stem)) {
      for (const f of files)
        skipped.push({
          file: join(target, f),
          reason: `its prediction ${stem}.* in ${pred} is not processed`,
        });
    } else {
      entries.push({
        unpaired: { file: join(target, files[0]!), reason: `no prediction named ${stem}.* in ${pred}` },
      });
    }
  }
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { ...splitEntries(entries), entries, skipped, directories: true };
}

/**
 * The pairs and the unpaired files of a work list, each in its order.
 *
 * @example
 * ```ts
 * splitEntries([{ pair: { pred: 'p/a.npy', target: 't/a.png' } }]); // { pairs: [{ pred: 'p/a.npy', … }], unpaired: [] }
 * ```
 */
export function splitEntries(entries: readonly PairEntry[]): { pairs: Pair[]; unpaired: Failure[] } {
  const pairs: Pair[] = [];
  const unpaired: Failure[] = [];
  for (const entry of entries) {
    if ('pair' in entry) pairs.push(entry.pair);
    else unpaired.push(entry.unpaired);
  }
  return { pairs, unpaired };
}
