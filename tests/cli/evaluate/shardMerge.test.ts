/**
 * `rankseg evaluate --jobs N`, `--shard K/N` and `--merge`: a dataset scored on several threads or
 * machines gives the numbers of scoring it at once, bit for bit.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNifti, writeNpy, writePng } from '../../../src/io/node/index';
import { ensureBuilt, expectUsageError, rankseg, tempDir } from '../../helpers/cli';
import { seededRandom } from '../../helpers/random';

let dir = '';
let remove: () => Promise<void> = async () => {};
const at = (name: string) => join(dir, name);

/** The keys that carry numbers: equal as JSON text means equal to the last bit. */
const NUMBERS = ['dice', 'iou', 'numClasses', 'numClassesInferred', 'counts', 'files'] as const;

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  for (const d of ['pred', 'target']) await mkdir(at(d));
  const random = seededRandom(11);
  // 10 cases: label maps with up to 3..6 classes (so the class count grows from file to file),
  // some pixels void (255) in the targets, a NIfTI pair and a PNG target among them
  for (let k = 0; k < 10; k++) {
    const classes = 3 + (k % 4);
    const [H, W] = [5 + (k % 3), 7];
    const n = H * W;
    const target = Uint8Array.from({ length: n }, () =>
      random() < 0.1 ? 255 : Math.floor(random() * classes),
    );
    const pred = Uint8Array.from(target, (t) =>
      random() < 0.35 ? Math.floor(random() * classes) : t === 255 ? 0 : t,
    );
    const name = `case${String(k).padStart(2, '0')}`;
    if (k === 4) {
      await writeNifti(at(`pred/${name}.nii.gz`), { data: pred, dims: [W, H, 1] });
      await writeNifti(at(`target/${name}.nii.gz`), { data: target, dims: [W, H, 1] });
    } else if (k === 7) {
      await writeNpy(at(`pred/${name}.npy`), { data: pred, shape: [H, W] });
      await writePng(at(`target/${name}.png`), {
        data: target,
        width: W,
        height: H,
        channels: 1,
        bitDepth: 8,
      });
    } else {
      await writeNpy(at(`pred/${name}.npy`), { data: pred, shape: [1, H, W] });
      await writeNpy(at(`target/${name}.npy`), { data: target, shape: [1, H, W] });
    }
  }
  await writeNpy(at('pred/only_pred.npy'), { data: new Uint8Array(4), shape: [2, 2] });
  await writeNpy(at('target/only_target.npy'), { data: new Uint8Array(4), shape: [2, 2] });
}, 60_000);
afterAll(() => remove());

const BASE = ['evaluate', '--pred', 'pred', '--target', 'target', '--ignore-index', '255', '--json'];

async function shardsOf(count: number, extra: string[], prefix: string): Promise<string[]> {
  const paths: string[] = [];
  for (let k = 1; k <= count; k++) {
    const run = await rankseg([...BASE, ...extra, '--shard', `${k}/${count}`], dir);
    // a shard holding an unpaired file fails it (exit 1); the others succeed
    expect(run.code).toBe(JSON.parse(run.stdout).failures.length > 0 ? 1 : 0);
    const path = `${prefix}-${k}.json`;
    await writeFile(at(path), run.stdout);
    paths.push(path);
  }
  return paths;
}

function numbersOf(stdout: string): Record<string, string> {
  const json = JSON.parse(stdout);
  return Object.fromEntries(NUMBERS.map((key) => [key, JSON.stringify(json[key])]));
}

describe('evaluate --jobs N', () => {
  it.each([[[]], [['--dataset']]])('gives the output of --jobs 1 (%j)', async (extra) => {
    const one = await rankseg([...BASE, ...extra, '--jobs', '1'], dir);
    const three = await rankseg([...BASE, ...extra, '--jobs', '3'], dir);
    expect(one.code).toBe(1); // the unpaired files
    expect(three.stdout).toBe(one.stdout);
    expect(three.stderr).toBe(one.stderr);
  });
});

describe('evaluate --shard K/N, then --merge', () => {
  it.each([
    ['per-image means', []],
    ['dataset totals', ['--dataset']],
  ])('the merge of 3 shards equals evaluating everything at once, bit for bit (%s)', async (_, extra) => {
    const whole = await rankseg([...BASE, ...extra], dir);
    const paths = await shardsOf(3, extra, `m${extra.length}`);
    const merged = await rankseg(['evaluate', '--merge', ...paths, '--json'], dir);
    expect(merged.code).toBe(1); // the unpaired files are failures of the merge too
    expect(numbersOf(merged.stdout)).toEqual(numbersOf(whole.stdout));
    const [m, w] = [JSON.parse(merged.stdout), JSON.parse(whole.stdout)];
    expect(m.failures).toEqual(w.failures);
    expect(m.options).toEqual({
      input: 'auto',
      numClasses: null,
      ignoreIndex: 255,
      dataset: extra.length > 0,
    });
    expect(m.merged).toEqual(paths);
    expect(m.shards.map((s: { index: number }) => s.index)).toEqual([1, 2, 3]);
    // the shards took every item once: 10 pairs, an unpaired prediction, an unpaired target
    const shards = await Promise.all(paths.map(async (p) => JSON.parse(await readFile(at(p), 'utf8'))));
    expect(shards.map((s) => s.shard)).toEqual([
      { index: 1, count: 3, items: 4, total: 12 },
      { index: 2, count: 3, items: 4, total: 12 },
      { index: 3, count: 3, items: 4, total: 12 },
    ]);
    expect(shards.flatMap((s) => s.files.map((f: { pred: string }) => f.pred)).sort()).toEqual(
      w.files.map((f: { pred: string }) => f.pred),
    );
  });

  it('the merged table is the table of the whole run', async () => {
    const paths = await shardsOf(2, [], 't');
    const merged = await rankseg(['evaluate', '--merge', ...paths], dir);
    const whole = await rankseg(
      BASE.filter((a) => a !== '--json'),
      dir,
    );
    const table = (text: string) => text.slice(text.indexOf('per class:'), text.indexOf('mean'));
    expect(table(merged.stdout)).toBe(table(whole.stdout));
    expect(merged.stdout).toMatch(/^merged 2 evaluations: 10 file pairs, 10 images, 6 classes/);
  });

  it('a merge of all shards merges again (alone it is the whole); a merge missing a shard is refused', async () => {
    const paths = await shardsOf(3, [], 'again');
    const first = await rankseg(['evaluate', '--merge', paths[0]!, paths[1]!, '--json'], dir);
    expect(first.code).toBe(2); // shard 3/3 is missing: refused
    const partial = await rankseg(['evaluate', '--merge', ...paths, '--json'], dir);
    await writeFile(at('all3.json'), partial.stdout);
    const whole = await rankseg(BASE, dir);
    await writeFile(at('whole.json'), whole.stdout);
    // a merge holds its shards: merging it with anything of the same shards overlaps
    expectUsageError(
      await rankseg(['evaluate', '--merge', 'all3.json', paths[2]!], dir),
      /shard 3\/3 is in all3\.json and in again-3\.json/,
    );
    expect(numbersOf((await rankseg(['evaluate', '--merge', 'all3.json', '--json'], dir)).stdout)).toEqual(
      numbersOf(whole.stdout),
    );
  });

  it('a shard with no pair prints its scores object (not an error) so that it merges as nothing', async () => {
    const run = await rankseg([...BASE, '--shard', '13/13'], dir);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      files: [],
      failures: [],
      shard: { index: 13, count: 13, items: 0, total: 12 },
    });
    expect(json.error).toBeUndefined();
  });
});

describe('evaluate --merge refuses what would not be the whole dataset', () => {
  let paths: string[] = [];
  beforeAll(async () => {
    paths = await shardsOf(2, [], 'r');
    await writeFile(
      at('r-dataset.json'),
      (await rankseg([...BASE, '--dataset', '--shard', '2/2'], dir)).stdout,
    );
    await writeFile(
      at('r-other.json'),
      (await rankseg([...BASE, '--exclude', 'case00*', '--shard', '2/2'], dir)).stdout,
    );
    await writeFile(at('whole.json'), (await rankseg(BASE, dir)).stdout);
  }, 60_000);

  it('another option (--dataset here): refused, naming both files', async () => {
    expectUsageError(
      await rankseg(['evaluate', '--merge', paths[0]!, 'r-dataset.json'], dir),
      /r-1\.json and r-dataset\.json were evaluated with different options \(dataset: false and true\)/,
    );
  });

  it('a missing shard, a shard twice, shards of different lists: refused', async () => {
    expectUsageError(await rankseg(['evaluate', '--merge', paths[0]!], dir), /shard 2\/2 of 2 missing/);
    expectUsageError(
      await rankseg(['evaluate', '--merge', paths[0]!, paths[0]!, paths[1]!], dir),
      /shard 1\/2 is in r-1\.json and in r-1\.json/,
    );
    expectUsageError(
      await rankseg(['evaluate', '--merge', paths[0]!, 'r-other.json'], dir),
      /the shards of 2 saw different lists \(12 items in r-1\.json, 11 in r-other\.json\)/,
    );
  });

  it('a file in two outputs: refused as an overlap', async () => {
    expectUsageError(
      await rankseg(['evaluate', '--merge', 'whole.json', paths[0]!, paths[1]!], dir),
      /pred\/case00\.npy is in whole\.json and in r-1\.json: the evaluations overlap/,
    );
  });

  it('a file that is not an evaluate --json output of this version, or not JSON, or missing: refused', async () => {
    await writeFile(at('old.json'), JSON.stringify({ dice: { perClass: [1], mean: 1 }, iou: {} }));
    await writeFile(at('text.json'), 'dice 0.9');
    const bad = JSON.parse(await readFile(at(paths[0]!), 'utf8'));
    bad.files[0].dice = [[0.5]];
    await writeFile(at('bad.json'), JSON.stringify(bad));
    expectUsageError(
      await rankseg(['evaluate', '--merge', 'old.json'], dir),
      /--merge old\.json: not the output of 'rankseg evaluate --json' of this version/,
    );
    expectUsageError(
      await rankseg(['evaluate', '--merge', 'text.json'], dir),
      /--merge text\.json: not JSON/,
    );
    expectUsageError(
      await rankseg(['evaluate', '--merge', 'bad.json', paths[1]!], dir),
      /--merge bad\.json: files\[0\]: "dice"\[0\] must hold \d scores/,
    );
    expectUsageError(
      await rankseg(['evaluate', '--merge', 'none.json'], dir),
      /--merge none\.json does not exist/,
    );
  });

  it('--merge with --pred, --dataset or --shard: a usage error', async () => {
    for (const extra of [['--pred', 'pred'], ['--dataset'], ['--shard', '1/2'], ['--jobs', '2']]) {
      expectUsageError(
        await rankseg(['evaluate', '--merge', 'whole.json', ...extra], dir),
        /cannot be used with/,
      );
    }
    expectUsageError(
      await rankseg(['evaluate', '--target', 'target'], dir),
      /required option '--pred <path>' not specified/,
    );
  });
});
