import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitTemperature } from '../../../src/index';
import { readNpy, readPng, writeNpy, writePng } from '../../../src/io/node/index';
import { sigmoidData, softmaxData } from '../../helpers/calibrationData';
import { ensureBuilt, expectUsageError, numbers, rankseg, tempDir } from '../../helpers/cli';

let dir = '';
let remove: () => Promise<void> = async () => {};
const at = (name: string) => join(dir, name);

// 20 over-confident images: the model outputs softmax(3z), labels are drawn from softmax(z)
const SHARP = softmaxData(11, 20, 3, 24, 3);
const TRUE = softmaxData(11, 20, 3, 24, 1);
const names = SHARP.probs.map((_, b) => `img${String(b).padStart(2, '0')}`);

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  for (const d of ['probs', 'labels', 'truth', 'logits', 'masks', 'bad', 'sig']) await mkdir(at(d));
  for (let b = 0; b < 20; b++) {
    await writeNpy(at(`probs/${names[b]}.npy`), { data: SHARP.probs[b]!, shape: SHARP.shape });
    await writeNpy(at(`truth/${names[b]}.npy`), { data: TRUE.probs[b]!, shape: TRUE.shape });
    await writeNpy(at(`logits/${names[b]}.npy`), { data: SHARP.logits[b]!, shape: SHARP.shape });
    await writeNpy(at(`labels/${names[b]}.npy`), { data: SHARP.labels[b]!, shape: SHARP.labelShape });
  }
  const sig = sigmoidData(12, 4, 16, [2, 0.5]);
  for (let b = 0; b < 4; b++) {
    await writeNpy(at(`sig/s${b}.npy`), { data: sig.probs[b]!, shape: sig.shape });
    await writeNpy(at(`masks/s${b}.npy`), { data: sig.masks[b]!, shape: sig.shape });
  }
  // a label file with a value outside [0, 3)
  await writeNpy(at('bad/img00.npy'), { data: new Uint8Array(24 * 24).fill(7), shape: SHARP.labelShape });
}, 60_000);
afterAll(() => remove());

interface CalibrationJson {
  temperature: number | number[];
  nll: { before: number; after: number };
  ece: { before: number; after: number };
}

describe('rankseg calibrate', () => {
  it('writes {temperature, nll, ece} for an over-confident model: T ≈ 3, the same fit as the library', async () => {
    const run = await rankseg(
      [
        'calibrate',
        'probs',
        '--target',
        'labels',
        '-o',
        'out/calibration.json',
        '--plot',
        'out/reliability.png',
        '--json',
      ],
      dir,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as CalibrationJson;
    expect(Object.keys(json)).toEqual(['temperature', 'nll', 'ece']);
    expect(Object.keys(json.nll)).toEqual(['before', 'after']);
    expect(Object.keys(json.ece)).toEqual(['before', 'after']);
    expect(JSON.parse(await readFile(at('out/calibration.json'), 'utf8'))).toEqual(json);
    const T = json.temperature as number;
    expect(Math.abs(T / 3 - 1)).toBeLessThan(0.05);
    expect(json.nll.after).toBeLessThanOrEqual(json.nll.before);
    expect(json.ece.after).toBeLessThan(json.ece.before);
    const fit = fitTemperature(
      SHARP.probs.map((data) => ({ data, shape: SHARP.shape })),
      SHARP.labels.map((data) => ({ data, shape: SHARP.labelShape })),
    );
    expect(T).toBeCloseTo(fit.temperature, 12);
    expect(json.nll.after).toBeCloseTo(fit.nll.after, 12);
    expect(json.ece.before).toBeCloseTo(fit.ece.before, 12);
    const png = await readPng(at('out/reliability.png'));
    expect([png.width, png.channels]).toEqual([740, 3]);
  });

  it('prints a summary table without --json, and reads logits with --activation softmax', async () => {
    const run = await rankseg(
      ['calibrate', 'logits', '--target', 'labels', '-o', 'logits.json', '--activation', 'softmax'],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^20 file pairs, 11520 labelled pixels \(softmax\); \d+ passes, [\d.]+ s\n/);
    expect(run.stdout).toMatch(/temperature: 2\.9\d+|temperature: 3\.0\d+/);
    expect(run.stdout).toMatch(/\(the model was over-confident\)/);
    expect(run.stdout).toMatch(/NLL +\d\.\d{4} +\d\.\d{4}/);
    expect(run.stdout).toMatch(/ECE \(15 bins\)/);
    const json = JSON.parse(await readFile(at('logits.json'), 'utf8')) as CalibrationJson;
    const fromProbs = JSON.parse(await readFile(at('out/calibration.json'), 'utf8')) as CalibrationJson;
    // log of float32 probabilities against the exact logits: the same fit to float32 precision
    expect(json.temperature as number).toBeCloseTo(fromProbs.temperature as number, 4);
  });

  it('--per-class fits one temperature per sigmoid class from 0/1 masks', async () => {
    const run = await rankseg(
      ['calibrate', 'sig', '--target', 'masks', '-o', 'sig.json', '--per-class', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as CalibrationJson;
    expect(json.temperature).toHaveLength(2);
    const [t0, t1] = json.temperature as number[];
    expect(t0!).toBeGreaterThan(1.5);
    expect(t1!).toBeLessThan(0.75);
    expect(json.nll.after).toBeLessThanOrEqual(json.nll.before);
  });

  it('a bad label file stops the fit: exit 1, the file named, nothing written', async () => {
    const run = await rankseg(
      ['calibrate', 'probs/img00.npy', '--target', 'bad/img00.npy', '-o', 'never.json'],
      dir,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/bad\/img00\.npy: data\[0\] = 7 must be a class label in \[0, 3\)/);
    expect(existsSync(at('never.json'))).toBe(false);
  });

  it('an unpaired file stops the fit: exit 1, listed, nothing written', async () => {
    await mkdir(at('few'));
    await writeNpy(at('few/img00.npy'), { data: SHARP.labels[0]!, shape: SHARP.labelShape });
    const run = await rankseg(['calibrate', 'probs', '--target', 'few', '-o', 'never.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/probs\/img01\.npy: no target named img01/);
    expect(existsSync(at('never.json'))).toBe(false);
  });

  it.each([
    [['calibrate', 'nowhere', '--target', 'labels', '-o', 'c.json'], /input nowhere does not exist/],
    [['calibrate', 'probs', '--target', 'labels', '-o', 'c.txt'], /--output c\.txt must be a \.json file/],
    [
      ['calibrate', 'probs', '--target', 'labels', '-o', 'c.json', '--bins', '0'],
      /--bins must be an integer in 1…10000; got 0/,
    ],
    [
      ['calibrate', 'probs', '--target', 'labels', '-o', 'c.json', '--activation', 'tanh'],
      /unknown --activation "tanh"/,
    ],
  ])('%j is a usage error, exit 2', async (args, reason) => {
    expectUsageError(await rankseg(args, dir), reason);
  });
});

describe('rankseg predict --temperature / --calibration', () => {
  it('--temperature 3 on softmax(3z) gives the mask of softmax(z) (up to float32 near-ties)', async () => {
    await mkdir(at('m'), { recursive: true });
    for (let b = 0; b < 3; b++) {
      const tempered = await rankseg(
        ['predict', `probs/${names[b]}.npy`, '-o', `m/t${b}.npy`, '--temperature', '3'],
        dir,
      );
      const truth = await rankseg(['predict', `truth/${names[b]}.npy`, '-o', `m/z${b}.npy`], dir);
      expect(tempered.code).toBe(0);
      expect(truth.code).toBe(0);
      const a = (await readNpy(at(`m/t${b}.npy`))).data;
      const z = (await readNpy(at(`m/z${b}.npy`))).data;
      let differ = 0;
      for (let i = 0; i < a.length; i++) if (a[i] !== z[i]) differ++;
      // a flip needs two scores equal to float32 rounding; none here
      expect(differ).toBe(0);
      // and the untempered over-confident model does give another mask
      if (b === 0) {
        await rankseg(['predict', `probs/${names[b]}.npy`, '-o', 'm/raw.npy'], dir);
        const raw = (await readNpy(at('m/raw.npy'))).data;
        expect(numbers(raw)).not.toEqual(numbers(z));
      }
    }
  });

  it('--calibration FILE applies the temperature in FILE, the same as --temperature T', async () => {
    const json = JSON.parse(await readFile(at('out/calibration.json'), 'utf8')) as CalibrationJson;
    const a = await rankseg(
      ['predict', 'probs', '-o', 'cal-a/', '--calibration', 'out/calibration.json'],
      dir,
    );
    const b = await rankseg(
      ['predict', 'probs', '-o', 'cal-b/', '--temperature', String(json.temperature)],
      dir,
    );
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    for (const name of names) {
      expect(await readFile(at(`cal-a/${name}.npy`))).toEqual(await readFile(at(`cal-b/${name}.npy`)));
    }
  });

  it('a per-class calibration applies one sigmoid temperature per class', async () => {
    const json = JSON.parse(await readFile(at('sig.json'), 'utf8')) as CalibrationJson;
    const run = await rankseg(
      [
        'predict',
        'sig/s0.npy',
        '-o',
        'sig-mask.npy',
        '--calibration',
        'sig.json',
        '--output-mode',
        'multilabel',
      ],
      dir,
    );
    expect(run.code).toBe(0);
    expect((json.temperature as number[]).length).toBe(2);
    expect((await readNpy(at('sig-mask.npy'))).shape).toEqual([1, 2, 16, 16]);
  });

  it.each([
    [['--temperature', '0'], /--temperature must be a finite number > 0; got 0/],
    [
      ['--temperature', '2', '--calibration', 'out/calibration.json'],
      /cannot be used with option '--calibration/,
    ],
    [['--calibration', 'missing.json'], /--calibration missing\.json does not exist/],
    [['--calibration', 'notjson.json'], /--calibration notjson\.json is not JSON/],
    [['--calibration', 'nott.json'], /--calibration nott\.json has no valid "temperature"/],
  ])('%j is a usage error, exit 2', async (args, reason) => {
    await writeFile(at('notjson.json'), '{temperature');
    await writeFile(at('nott.json'), '{"temperature": -1}');
    expectUsageError(await rankseg(['predict', 'probs/img00.npy', '-o', 'x.npy', ...args], dir), reason);
  });
});

describe('rankseg calibrate on folders', () => {
  it('--include/--exclude pick the prediction files, listed on stderr; the fit is the one of the files picked', async () => {
    const picked = names.filter((n) => n < 'img10');
    const run = await rankseg(
      ['calibrate', 'probs', '--target', 'labels', '-o', 'first10.json', '--include', 'img0*', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => l !== '');
    expect(lines[0]).toBe('not processed (20):');
    expect(lines).toContain('  probs/img10.npy: not matched by --include img0*');
    expect(lines).toContain('  labels/img10.npy: its prediction img10.* in probs is not processed');
    const fit = fitTemperature(
      picked.map((_, b) => ({ data: SHARP.probs[b]!, shape: SHARP.shape })),
      picked.map((_, b) => ({ data: SHARP.labels[b]!, shape: SHARP.labelShape })),
    );
    expect((JSON.parse(run.stdout) as CalibrationJson).temperature).toBeCloseTo(fit.temperature, 12);
  });

  it('--plot onto an input (a PNG label map) is refused before any work (exit 2), the input untouched', async () => {
    const labels = Uint8Array.from(SHARP.labels[0]!);
    await writePng(at('l0.png'), { data: labels, width: 24, height: 24, channels: 1, bitDepth: 8 });
    const before = await readFile(at('l0.png'));
    expectUsageError(
      await rankseg(
        ['calibrate', 'probs/img00.npy', '--target', 'l0.png', '-o', 'x.json', '--plot', 'l0.png'],
        dir,
      ),
      /--plot would be written to l0\.png, which is the input l0\.png/,
    );
    expect(await readFile(at('l0.png'))).toEqual(before);
    expect(existsSync(at('x.json'))).toBe(false);
  });
});

describe('rankseg calibrate --shard', () => {
  it('is refused with the reason: one temperature is fitted to all the pairs at once', async () => {
    expectUsageError(
      await rankseg(['calibrate', 'probs', '--target', 'labels', '-o', 'shard.json', '--shard', '1/2'], dir),
      /--shard does not apply: calibrate fits one temperature to all the pairs at once/,
    );
    expect(existsSync(at('shard.json'))).toBe(false);
  });
});
