/**
 * `--shard K/N`: the part of a run one machine of a cluster does (a SLURM array task, a Kubernetes
 * Indexed Job pod), with no coordinator: each takes its files from the same sorted list.
 *
 * @module
 */

import { InvalidArgumentError } from 'commander';

/** Shard `index` of `count` (1 ≤ index ≤ count). */
export interface Shard {
  index: number;
  count: number;
}

/** What a run says about its shard (`--json`): which one, and how many items it took of how many. */
export interface ShardReport extends Shard {
  /** Items (files, or file pairs) of this shard. */
  items: number;
  /** Items of the whole list, before sharding: every shard of a run must see the same. */
  total: number;
}

/** Help text of `--shard`, for the commands' `--help`. */
export const SHARD_HELP = `--shard K/N (1 <= K <= N) processes the K-th of N disjoint parts of the files, for a
cluster (a SLURM job array, a Kubernetes Indexed Job: see the README): after
--include/--exclude, the files in sorted order (byte order of their paths below the
folder), numbered from 1, and this run takes numbers K, K+N, K+2N, ... Every shard of
N sees the same list, so shards 1..N together take every file exactly once.`;

/**
 * Commander argument parser of `K/N`: integers with 1 ≤ K ≤ N.
 *
 * @throws {InvalidArgumentError} for any other text (commander makes it a usage error).
 * @example
 * ```ts
 * parseShard('2/4'); // { index: 2, count: 4 }
 * ```
 */
export function parseShard(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = match === null ? Number.NaN : Number(match[1]);
  const count = match === null ? Number.NaN : Number(match[2]);
  if (!(index >= 1 && index <= count && Number.isSafeInteger(count))) {
    throw new InvalidArgumentError('expected K/N with integers 1 <= K <= N, e.g. 2/8.');
  }
  return { index, count };
}

/**
 * The items of shard K of N: those at 0-based positions p with p mod N = K − 1 (round robin over
 * the list as given, so shards differ in size by at most one and each keeps the list's order).
 * Without a shard, every item.
 *
 * @example
 * ```ts
 * shardItems(['a', 'b', 'c', 'd', 'e'], { index: 2, count: 2 }); // ['b', 'd']
 * ```
 */
export function shardItems<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (shard === undefined) return items.slice();
  return items.filter((_, p) => p % shard.count === shard.index - 1);
}

/**
 * The `--json` record of a shard, or undefined without one.
 *
 * @example
 * ```ts
 * shardReport({ index: 2, count: 4 }, 25, 100); // { index: 2, count: 4, items: 25, total: 100 }
 * ```
 */
export function shardReport(shard: Shard | undefined, items: number, total: number): ShardReport | undefined {
  return shard === undefined ? undefined : { ...shard, items, total };
}

/**
 * The line a run prints about its shard: `shard 2/4: 25 of 100 files`.
 *
 * @example
 * ```ts
 * shardLine({ index: 2, count: 4, items: 25, total: 100 }, 'files'); // 'shard 2/4: 25 of 100 files'
 * ```
 */
export function shardLine(report: ShardReport, what: string): string {
  return `shard ${report.index}/${report.count}: ${report.items} of ${report.total} ${what}`;
}
