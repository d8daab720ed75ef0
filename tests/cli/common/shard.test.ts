import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseShard, shardItems, shardLine, shardReport } from '../../../src/cli/common/shard';

describe('--shard K/N', () => {
  it('reads K/N with 1 <= K <= N (spaces allowed around the slash)', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    expect(parseShard('10/10')).toEqual({ index: 10, count: 10 });
  });

  it.each(['0/4', '5/4', '-1/4', '2', '2/', '/4', '1.5/4', '2/4.0', 'a/b', '2/0', '', '1/2/3'])(
    'refuses %j (a usage error through commander)',
    (value) => {
      expect(() => parseShard(value)).toThrow(InvalidArgumentError);
    },
  );

  it('takes positions K, K+N, K+2N, … (1-based) of the list, in its order', () => {
    const files = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(shardItems(files, { index: 1, count: 3 })).toEqual(['a', 'd', 'g']);
    expect(shardItems(files, { index: 2, count: 3 })).toEqual(['b', 'e']);
    expect(shardItems(files, { index: 3, count: 3 })).toEqual(['c', 'f']);
    expect(shardItems(files, undefined)).toEqual(files);
    expect(shardItems(['a'], { index: 2, count: 2 })).toEqual([]);
  });

  it('partitions every list: shards are disjoint, their union is the list, sizes differ by at most one', () => {
    for (let length = 0; length <= 23; length++) {
      const items = Array.from({ length }, (_, k) => k);
      for (let count = 1; count <= 9; count++) {
        const shards = Array.from({ length: count }, (_, k) => shardItems(items, { index: k + 1, count }));
        const union = shards.flat().sort((a, b) => a - b);
        expect(union).toEqual(items); // every item once: disjoint and complete
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        for (const shard of shards) expect(shard).toEqual([...shard].sort((a, b) => a - b));
      }
    }
  });

  it('reports which shard ran, and says it in one line', () => {
    const report = shardReport({ index: 2, count: 4 }, 25, 100)!;
    expect(report).toEqual({ index: 2, count: 4, items: 25, total: 100 });
    expect(shardLine(report, 'files')).toBe('shard 2/4: 25 of 100 files');
    expect(shardReport(undefined, 3, 3)).toBeUndefined();
  });
});
