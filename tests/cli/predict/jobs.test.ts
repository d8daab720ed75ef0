/**
 * `rankseg predict --jobs N`: files on worker threads, the same bytes as one after the other,
 * results and failures in input order, and a pool that ends with the run (also on errors and
 * signals).
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNifti, writeNpy, writeNpz, writePng } from '../../../src/io/node/index';
import { isTempName } from '../../../src/io/node/tempFiles';
import { CLI, ensureBuilt, expectUsageError, rankseg, tempDir } from '../../helpers/cli';
import { realisticProbs } from '../../helpers/random';

let dir = '';
let remove: () => Promise<void> = async () => {};
const at = (name: string) => join(dir, name);

/** The folder: 2-D images of several sizes and class counts, a volume, an .npz, a broken file. */
const FILES: [name: string, shape: number[]][] = [
  ['a.npy', [1, 3, 16, 20]],
  ['b.npy', [1, 4, 9, 7]],
  ['c.npz', [1, 2, 12, 12]],
  ['d.npy', [1, 3, 5, 6, 4]], // a volume: no PNG of it
  ['f.npy', [1, 1, 10, 11]], // one class: a binary mask
  ['g.npy', [1, 5, 21, 17]],
];

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  for (const d of ['in', 'vol']) await mkdir(at(d));
  for (const [k, [name, shape]] of FILES.entries()) {
    const data = realisticProbs(50 + k, shape[0]!, shape[1]!, shape.slice(2), { cell: 3 });
    if (name.endsWith('.npz')) await writeNpz(at(`in/${name}`), { probs: { data, shape } });
    else await writeNpy(at(`in/${name}`), { data, shape });
  }
  await writeFile(at('in/e.npy'), new Uint8Array([0x93, 0x4e, 0x55, 0x4d])); // cut after 4 bytes
  // NIfTI probability volumes (x, y, z, class) with geometry, and an image to take it from
  const header = { pixdim: [1, 0.8, 0.8, 2.5, 1, 0, 0, 0], qformCode: 1, qoffsetX: 10, quaternC: 0.3 };
  for (const k of [0, 1, 2]) {
    const data = realisticProbs(70 + k, 1, 3, [5, 6, 7], { cell: 2 }); // (C, Z, Y, X) = NIfTI (7, 6, 5, 3)
    await writeNifti(at(`vol/v${k}.nii.gz`), { data, dims: [7, 6, 5, 3], header });
  }
  await writeNifti(at('like.nii.gz'), {
    data: new Int16Array(7 * 6 * 5),
    dims: [7, 6, 5],
    header: { ...header, qoffsetY: -4 },
  });
}, 60_000);
afterAll(() => remove());

/** Every file of a folder, by name. */
async function files(folder: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(at(folder))).sort();
  return new Map(
    await Promise.all(names.map(async (n) => [n, await readFile(at(`${folder}/${n}`))] as const)),
  );
}

/** The JSON summary without the wall-clock time, the output folder named OUT. */
function summary(stdout: string, out: string): unknown {
  const { seconds: _seconds, ...rest } = JSON.parse(stdout.replaceAll(`${out}/`, 'OUT/'));
  return rest;
}

describe('--jobs N gives the bytes of --jobs 1, for every output format', () => {
  it.each(['npy', 'npz', 'nii', 'nii.gz', 'png'])(
    '--output-format %s: the same files, the same summary, failures in input order',
    async (format) => {
      const runs = [];
      for (const jobs of [1, 2, 3]) {
        const out = `out-${format}-${jobs}`;
        const args = [
          'predict',
          'in',
          '-o',
          out,
          '--output-format',
          format,
          '--jobs',
          String(jobs),
          '--json',
        ];
        runs.push({ run: await rankseg(args, dir), out });
      }
      const [one, ...more] = runs;
      expect(one!.run.code).toBe(1); // e.npy is broken (and, for PNG, the volume d.npy fails)
      const failed = JSON.parse(one!.run.stdout).failures.map((f: { file: string }) => f.file);
      expect(failed).toEqual(format === 'png' ? ['in/d.npy', 'in/e.npy'] : ['in/e.npy']);
      const expected = await files(one!.out);
      expect(expected.size).toBe(format === 'png' ? 5 : 6);
      for (const { run, out } of more) {
        expect(run.code).toBe(1);
        expect(summary(run.stdout, out)).toEqual(summary(one!.run.stdout, one!.out));
        expect(run.stderr).toBe(one!.run.stderr);
        expect(await files(out)).toEqual(expected);
      }
    },
    60_000,
  );

  it('with a temperature and a --report: the same masks and the same report', async () => {
    const flags = ['--temperature', '1.7', '-m', 'iou', '--include', '[abfg]*'];
    for (const jobs of ['1', '2']) {
      const run = await rankseg(
        ['predict', 'in', '-o', `t${jobs}`, '--report', `t${jobs}.json`, '--jobs', jobs, ...flags],
        dir,
      );
      expect(run.code).toBe(0);
    }
    expect(await files('t2')).toEqual(await files('t1'));
    expect(await readFile(at('t2.json'), 'utf8')).toBe(
      (await readFile(at('t1.json'), 'utf8')).replaceAll('t1/', 't2/'),
    );
  });

  it('NIfTI volumes with their geometry, and with --like: the same files', async () => {
    for (const jobs of ['1', '2']) {
      expect((await rankseg(['predict', 'vol', '-o', `vol${jobs}`, '--jobs', jobs], dir)).code).toBe(0);
      const like = await rankseg(
        ['predict', 'vol', '-o', `like${jobs}`, '--like', 'like.nii.gz', '--jobs', jobs],
        dir,
      );
      expect(like.code).toBe(0);
    }
    expect(await files('vol2')).toEqual(await files('vol1'));
    expect(await files('like2')).toEqual(await files('like1'));
    expect(await files('like1')).not.toEqual(await files('vol1')); // --like changed the geometry
  });
});

describe('fewer files than --jobs: each solved on its share of the threads (solveAsync), the bytes of --jobs 1', () => {
  // 1×8×512×512: 2²¹ values, so a multiclass image is split across the threads (DESIGN §4.2).
  beforeAll(async () => {
    await mkdir(at('big'));
    const data = realisticProbs(90, 1, 8, [512, 512], { cell: 24 });
    await writeNpy(at('big/one.npy'), { data, shape: [1, 8, 512, 512] });
    // (C, Z, Y, X) = NIfTI (X, Y, Z, C): a volume of 2²¹ values
    await writeNifti(at('big/vol.nii.gz'), { data, dims: [128, 64, 32, 8] });
    const bad = data.slice();
    bad[123_456] = 1.5;
    await writeNpy(at('big/bad.npy'), { data: bad, shape: [1, 8, 512, 512] });
    await mkdir(at('pair'));
    for (const k of [0, 1]) {
      const probs = realisticProbs(91 + k, 1, 8, [512, 512], { cell: 24 });
      await writeNpy(at(`pair/p${k}.npy`), { data: probs, shape: [1, 8, 512, 512] });
    }
  }, 60_000);

  it.each([
    ['one.npy', []],
    ['one.npy', ['--output-mode', 'multilabel']],
    ['one.npy', ['-m', 'iou', '--temperature', '1.3']],
    ['vol.nii.gz', []],
  ] as [string, string[]][])(
    '%s %j',
    async (name, flags) => {
      const outputs: Buffer[] = [];
      for (const jobs of ['1', '2']) {
        const out = `big-${jobs}-${name}`;
        const run = await rankseg(['predict', `big/${name}`, '-o', out, '--jobs', jobs, ...flags], dir);
        expect(run.code, run.stderr).toBe(0);
        outputs.push(await readFile(at(out)));
      }
      expect(outputs[1]!.equals(outputs[0]!)).toBe(true);
    },
    60_000,
  );

  it('two files on --jobs 4: two workers, each solving on two threads of its own', async () => {
    for (const jobs of ['1', '4']) {
      const run = await rankseg(['predict', 'pair', '-o', `pair-${jobs}`, '--jobs', jobs], dir);
      expect(run.code, run.stderr).toBe(0);
    }
    expect(await files('pair-4')).toEqual(await files('pair-1'));
  }, 60_000);

  it('a value that is not a probability: the same message', async () => {
    const runs = [];
    for (const jobs of ['1', '2']) {
      runs.push(await rankseg(['predict', 'big/bad.npy', '-o', `bad-${jobs}.npy`, '--jobs', jobs], dir));
    }
    expect(runs[0]!.code).toBe(1);
    expect(runs[0]!.stderr).toMatch(/1\.5/);
    expect([runs[1]!.code, runs[1]!.stderr]).toEqual([runs[0]!.code, runs[0]!.stderr]);
  }, 60_000);
});

describe('--jobs: usage and errors', () => {
  it.each(['0', '-2'])('--jobs %s is a usage error', async (jobs) => {
    expectUsageError(
      await rankseg(['predict', 'in', '-o', 'bad', '--jobs', jobs], dir),
      /--jobs must be an integer >= 1; got -?\d/,
    );
  });

  it('--jobs x is a usage error', async () => {
    expectUsageError(
      await rankseg(['predict', 'in', '-o', 'bad', '--jobs', 'x'], dir),
      /--jobs <n>.*invalid/,
    );
  });

  it('a usage error from a file stops the run as with --jobs 1, with the same message (the first by input order)', async () => {
    // --layout does not fit PNG inputs: a usage error at b.png (and d.png), after a.npy and before the rest
    await mkdir(at('mixed'));
    const probs = realisticProbs(90, 1, 2, [6, 6], { cell: 2 });
    for (const name of ['a', 'c', 'e', 'f'])
      await writeNpy(at(`mixed/${name}.npy`), { data: probs, shape: [1, 6, 6, 2] });
    const gray = {
      data: new Uint8Array(36).fill(100),
      width: 6,
      height: 6,
      channels: 1 as const,
      bitDepth: 8 as const,
    };
    for (const name of ['b', 'd']) await writePng(at(`mixed/${name}.png`), gray);
    const args = ['predict', 'mixed', '-o', 'usage', '--layout', 'channels-last'];
    const one = await rankseg([...args, '--jobs', '1'], dir);
    expectUsageError(one, /--layout applies to .* inputs; mixed\/b\.png is/);
    for (const jobs of ['2', '4']) {
      const run = await rankseg([...args, '--jobs', jobs], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(one.stderr);
      expect(run.stdout).toBe('');
    }
  });

  it('the help says what --jobs does and what it costs in memory', async () => {
    const help = await rankseg(['predict', '--help'], dir);
    expect(help.stdout).toMatch(
      /--jobs <n> +files processed at once, one thread each \(default: \d+, the cores\)/,
    );
    expect(help.stdout).toMatch(/at most N files \(their probabilities and masks\) are\s+in memory at once/);
  });
});

describe('stopping a run with workers', () => {
  it('Ctrl-C (SIGINT) ends the process at once (exit 130) and leaves no temporary file', async () => {
    await mkdir(at('many'));
    for (let k = 0; k < 24; k++) {
      const data = realisticProbs(200 + k, 1, 6, [160, 160]);
      await writeNpy(at(`many/m${String(k).padStart(2, '0')}.npy`), { data, shape: [1, 6, 160, 160] });
    }
    const child = spawn(process.execPath, [CLI, 'predict', 'many', '-o', 'many-out', '--jobs', '2'], {
      cwd: dir,
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const started = Date.now();
    // once the first mask is written, the others are under way
    for (;;) {
      const names = await readdir(at('many-out')).catch(() => [] as string[]);
      if (names.some((n) => n.endsWith('.npy'))) break;
      if (Date.now() - started > 30_000) throw new Error(`no output appeared; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/^rankseg: stopped by SIGINT(; removed \d unfinished files?)?\n$/);
    const left = await readdir(at('many-out'));
    expect(left.filter(isTempName)).toEqual([]);
    expect(left.length).toBeLessThan(24);
  }, 60_000);
});

describe('one input file gives the bytes of --jobs 1 whatever --jobs says', () => {
  it('a large multiclass image and a multilabel one, tempered or not', async () => {
    await mkdir(at('one'), { recursive: true });
    const shape = [1, 21, 320, 320];
    await writeNpy(at('one/big.npy'), { data: realisticProbs(90, 1, 21, [320, 320]), shape });
    for (const flags of [
      [],
      ['--metric', 'iou', '--unassigned-policy', 'void'],
      ['--temperature', '1.5'],
      ['--output-mode', 'multilabel'],
    ]) {
      const runs: { mask: Buffer; report: unknown }[] = [];
      for (const jobs of [[], ['--jobs', '1'], ['--jobs', '2'], ['--jobs', '3']]) {
        const out: string = `one-${runs.length}`;
        const run = await rankseg(
          ['predict', 'one/big.npy', '-o', `${out}/big.npy`, '--report', `${out}.json`, ...jobs, ...flags],
          dir,
        );
        expect(run.code, run.stderr).toBe(0);
        runs.push({
          mask: await readFile(at(`${out}/big.npy`)),
          report: JSON.parse((await readFile(at(`${out}.json`))).toString()),
        });
      }
      const [first, ...rest] = runs;
      for (const other of rest) {
        expect(other.mask.equals(first!.mask)).toBe(true);
        expect(JSON.stringify(other.report).replaceAll(/one-\d/g, 'OUT')).toBe(
          JSON.stringify(first!.report).replaceAll(/one-\d/g, 'OUT'),
        );
      }
    }
  }, 120_000);
});
