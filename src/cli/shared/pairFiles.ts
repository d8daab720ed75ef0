/**
 * `rankseg evaluate`: predictions paired with targets, file to file or by name in directories.
 *
 * @module
 */

import { join } from 'node:path';
import { extensionList } from '../../io/formats';
import { listArrayFiles, pathKind, splitExtension } from './files';
import type { Failure } from './runEach';
import { UsageError } from './usage';

/** One prediction and its target. */
export interface Pair {
  pred: string;
  target: string;
}

/**
 * Pairs `--pred` with `--target`: two files, or two directories whose array files are matched by
 * name without extension (`pred/x.npy` with `target/x.png`; with `recursive`, by relative path).
 * A name without a partner, or with several files, is returned as a failure rather than thrown,
 * so the other pairs are still scored.
 *
 * @throws {UsageError} for a missing path, a file paired with a directory, or a file that is not
 *   an array file.
 * @example
 * ```ts
 * const { pairs, unpaired } = await planPairs('pred', 'target', false);
 * // pairs: [{ pred: 'pred/x.npy', target: 'target/x.png' }]; unpaired: [{ file: 'pred/z.npy', reason: … }]
 * ```
 */
export async function planPairs(
  pred: string,
  target: string,
  recursive: boolean,
): Promise<{ pairs: Pair[]; unpaired: Failure[]; directories: boolean }> {
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
    return { pairs: [{ pred, target }], unpaired: [], directories: false };
  }
  const byStem = async (dir: string) => {
    const map = new Map<string, string[]>();
    for (const rel of await listArrayFiles(dir, recursive)) {
      const stem = splitExtension(rel)!.stem;
      map.set(stem, [...(map.get(stem) ?? []), rel]);
    }
    return map;
  };
  const [preds, targets] = [await byStem(pred), await byStem(target)];
  const pairs: Pair[] = [];
  const unpaired: Failure[] = [];
  for (const [stem, files] of preds) {
    const found = targets.get(stem);
    if (files.length > 1) {
      unpaired.push({
        file: join(pred, files[0]!),
        reason: `several predictions named ${stem}: ${files.join(', ')}`,
      });
    } else if (found === undefined) {
      unpaired.push({ file: join(pred, files[0]!), reason: `no target named ${stem}.* in ${target}` });
    } else if (found.length > 1) {
      unpaired.push({
        file: join(pred, files[0]!),
        reason: `several targets named ${stem}: ${found.join(', ')}`,
      });
    } else {
      pairs.push({ pred: join(pred, files[0]!), target: join(target, found[0]!) });
    }
  }
  for (const [stem, files] of targets) {
    if (!preds.has(stem))
      unpaired.push({ file: join(target, files[0]!), reason: `no prediction named ${stem}.* in ${pred}` });
  }
  return { pairs, unpaired, directories: true };
}
