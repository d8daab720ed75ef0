/**
 * `rankseg predict --shard K/N --skip-existing`: the recipe of a cluster job array — shards that
 * partition a folder, and reruns that write only what is missing.
 */
import { mkdir, readdir, readFile, stat, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../src/io/node/index';
import { ensureBuilt, expectUsageError, rankseg, tempDir } from '../../helpers/cli';
import { realisticProbs } from '../../helpers/random';

let dir = '';
let remove: () => Promise<void> = async () => {};
const at = (name: string) => join(dir, name);
const NAMES = ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09', 'c10', 'c11'];

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  await mkdir(at('in'));
  for (const [k, name] of NAMES.entries()) {
    const data = realisticProbs(300 + k, 1, 3, [8, 9], { cell: 2 });
    await writeNpy(at(`in/${name}.npy`), { data, shape: [1, 3, 8, 9] });
  }
  await writeNpy(at('in/skip_me.npy'), { data: new Float32Array([1, 0]), shape: [1, 2, 1, 1] });
  const all = await rankseg(['predict', 'in', '-o', 'all', '--exclude', 'skip_*'], dir);
  expect(all.code).toBe(0);
}, 60_000);
afterAll(() => remove());

interface Summary {
  files: number;
  written: number;
  outputs: { input: string }[];
  skipped: { file: string; reason: string }[];
  shard?: { index: number; count: number; items: number; total: number };
}

async function mtimes(folder: string): Promise<Map<string, number>> {
  const names = (await readdir(at(folder))).sort();
  return new Map(
    await Promise.all(names.map(async (n) => [n, (await stat(at(`${folder}/${n}`))).mtimeMs] as const)),
  );
}

describe('--shard K/N', () => {
  it('shards 1..4 of 4 take disjoint parts, round robin over the sorted files after --exclude, and together every file once', async () => {
    const taken: string[][] = [];
    for (let k = 1; k <= 4; k++) {
      const run = await rankseg(
        ['predict', 'in', '-o', 'sharded', '--exclude', 'skip_*', '--shard', `${k}/4`, '--json'],
        dir,
      );
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as Summary;
      expect(summary.shard).toEqual({ index: k, count: 4, items: k <= 3 ? 3 : 2, total: 11 });
      expect(summary.files).toBe(summary.shard!.items);
      taken.push(summary.outputs.map((o) => o.input.slice(3, -4)));
      // the files of other shards are not listed one by one; the excluded one is
      expect(summary.skipped).toEqual([{ file: 'in/skip_me.npy', reason: 'excluded by --exclude skip_*' }]);
    }
    expect(taken).toEqual([
      ['c01', 'c05', 'c09'],
      ['c02', 'c06', 'c10'],
      ['c03', 'c07', 'c11'],
      ['c04', 'c08'],
    ]);
    // the union is the unsharded run, byte for byte
    const names = (await readdir(at('all'))).sort();
    expect((await readdir(at('sharded'))).sort()).toEqual(names);
    for (const name of names) {
      expect(await readFile(at(`sharded/${name}`))).toEqual(await readFile(at(`all/${name}`)));
    }
  });

  it('says which shard ran in the summary line', async () => {
    const run = await rankseg(['predict', 'in', '-o', 'line', '--exclude', 'skip_*', '--shard', '2/5'], dir);
    expect(run.stdout).toMatch(/^shard 2\/5, 2 of 11 files: 2 written, 0 failed; 144 pixels; [\d.]+ s\n$/);
  });

  it('a shard with nothing in it (N above the file count) writes nothing and succeeds', async () => {
    const run = await rankseg(['predict', 'in', '-o', 'empty', '--shard', '13/13', '--json'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      files: 0,
      written: 0,
      shard: { index: 13, items: 0, total: 12 },
    });
  });

  it.each(['0/4', '5/4', '2', 'a/4'])('--shard %s is a usage error', async (value) => {
    expectUsageError(
      await rankseg(['predict', 'in', '-o', 'bad', '--shard', value], dir),
      /--shard <K\/N>.*expected K\/N with integers 1 <= K <= N/,
    );
  });
});

describe('--skip-existing', () => {
  it('a finished shard run again writes nothing: every file listed as already there, no mtime changed', async () => {
    for (let k = 1; k <= 3; k++) {
      const run = await rankseg(
        ['predict', 'in', '-o', 'done', '--shard', `${k}/3`, '--skip-existing', '--jobs', '2'],
        dir,
      );
      expect(run.code).toBe(0);
    }
    const before = await mtimes('done');
    expect(before.size).toBe(12);
    await new Promise((r) => setTimeout(r, 30)); // a rewrite would get a later mtime
    for (let k = 1; k <= 3; k++) {
      const run = await rankseg(
        ['predict', 'in', '-o', 'done', '--shard', `${k}/3`, '--skip-existing', '--jobs', '2', '--json'],
        dir,
      );
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as Summary;
      expect(summary.written).toBe(0);
      expect(summary.skipped.map((s) => s.reason)).toEqual(
        Array(summary.files).fill(
          expect.stringMatching(/^its output done\/.*\.npy is already there \(--skip-existing\)$/),
        ),
      );
    }
    expect(await mtimes('done')).toEqual(before);
    expect((await readdir(at('done'))).sort()).toEqual([...before.keys()]);
  });

  it('a stopped run is finished: the missing outputs are written, a cut one is written again with a note', async () => {
    const run = await rankseg(['predict', 'in', '-o', 'part', '--exclude', 'skip_*'], dir);
    expect(run.code).toBe(0);
    await unlink(at('part/c04.npy'));
    await truncate(at('part/c07.npy'), 150); // the header whole, the labels cut
    const before = await mtimes('part');
    await new Promise((r) => setTimeout(r, 30));
    const again = await rankseg(
      ['predict', 'in', '-o', 'part', '--exclude', 'skip_*', '--skip-existing', '--json'],
      dir,
    );
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as Summary;
    expect(summary.outputs.map((o) => o.input)).toEqual(['in/c04.npy', 'in/c07.npy']);
    expect(summary.skipped).toHaveLength(10); // 9 already there, and the excluded one
    expect(again.stderr).toBe(
      'note: part/c07.npy is there but not whole (150 bytes; its header says 200): it is written again\n',
    );
    const after = await mtimes('part');
    for (const [name, mtime] of before) {
      if (name !== 'c07.npy') expect(after.get(name)).toBe(mtime);
    }
    for (const name of ['c04.npy', 'c07.npy']) {
      expect(await readFile(at(`part/${name}`))).toEqual(await readFile(at(`all/${name}`)));
    }
  });

  it('the table form counts the files already there', async () => {
    const run = await rankseg(['predict', 'in', '-o', 'all', '--exclude', 'skip_*', '--skip-existing'], dir);
    expect(run.stdout).toMatch(/^11 files: 0 written, 0 failed, 11 already there; 0 pixels; [\d.]+ s\n$/);
    expect(run.stderr).toMatch(/^not processed \(12\):\n/);
  });
});
