import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonRowJson } from '../../../src/cli/comparison/comparisonTable';
import { ADDED_COLOR, REMOVED_COLOR } from '../../../src/cli/comparison/overlays';
import { findSamplesDir, loadSample, readSampleManifest } from '../../../src/cli/demo/samples';
import { expectedScore, solve } from '../../../src/index';
import { toRgb } from '../../../src/io/index';
import { readPng } from '../../../src/io/node/index';
import { ensureBuilt, expectUsageError, ROOT, type Run, rankseg, tempDir } from '../../helpers/cli';

let dir = '';
let remove: () => Promise<void> = async () => {};
/** `demo --samples chelsea,brain --draws 200`: run once, checked by several tests. */
let table: Run;
let jsonA: DemoJson;

const SAMPLES = join(ROOT, 'data', 'samples');

/** Whether the exact solver gives one mask for Dice and IoU on a sample (as the demo runs it). */
async function sameExactMasks(name: string): Promise<boolean> {
  const entry = (await readSampleManifest(SAMPLES)).find((e) => e.name === name)!;
  const { probs } = await loadSample(SAMPLES, entry);
  const outputMode = probs.shape[1] === 1 ? 'multilabel' : 'multiclass';
  const dice = solve(probs, { solver: 'exact', outputMode }).mask.data;
  const iou = solve(probs, { solver: 'exact', metric: 'iou', outputMode }).mask.data;
  return dice.length === iou.length && dice.every((v, i) => v === iou[i]);
}

interface DemoJson {
  draws: number;
  seed: number;
  samples: {
    name: string;
    task: string;
    shape: number[];
    classes: string[];
    rows: ComparisonRowJson[];
    images: string[];
  }[];
  summary: { solver: string; dice: { mean: number; largest: { sample: string; gain: number } } } | null;
  failures: unknown[];
}

const demoJson = async (args: string[]): Promise<DemoJson> => {
  const run = await rankseg(['demo', '--json', ...args], dir);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as DemoJson;
};

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  table = await rankseg(['demo', '--samples', 'chelsea,brain', '--draws', '200', '-o', 'pictures'], dir);
  jsonA = await demoJson(['--samples', 'chelsea', '--draws', '300', '--seed', '7', '-o', 'json-pictures']);
});
afterAll(() => remove());

describe('rankseg demo: the table', () => {
  it('exits 0 and prints one table per sample with baseline and RankSEG rows', () => {
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');
    const out = table.stdout;
    expect(out).toMatch(/^rankseg demo: 2 samples of real model output/);
    expect(out).toMatch(/== chelsea: .*\n {3}binary \(person\), 256×144 px; baseline: threshold p > 0\.5\n/);
    expect(out).toMatch(
      /== brain: .*\n {3}multiclass, 4 classes .* baseline: argmax; scores per class, averaged over the 4 classes\n/,
    );
    const headers = out.split('\n').filter((l) => l.startsWith('solver '));
    expect(headers).toHaveLength(2);
    for (const h of headers) {
      expect(h.split(/\s{2,}/)).toEqual([
        'solver',
        'metric',
        'ms',
        'changed',
        'E[Dice]',
        'MC Dice ± se',
        'E[IoU]',
        'MC IoU ± se',
        'gain',
      ]);
    }
    const solvers = out
      .split('\n')
      .filter((l) => /^(threshold|argmax|rma|ba|exact) /.test(l))
      .map((l) => l.split(/\s+/).slice(0, 2).join(' '));
    const ranked = ['rma dice', 'ba dice', 'exact dice', 'rma iou', 'exact iou'];
    expect(solvers).toEqual(['threshold -', ...ranked, 'argmax -', ...ranked]);
  });

  it('ends with the one-line summary of the gain and the run time', () => {
    const solver = 'exact';
    expect(table.stdout).toMatch(
      new RegExp(
        `\\nRankSEG \\(${solver}\\) (raised|changed) expected Dice by [+-][\\d.e-]+ on average \\(largest: (chelsea|brain) [+-][\\d.e-]+\\) ` +
          'and (raised|changed) expected IoU by [+-][\\d.e-]+ on average \\(largest: (chelsea|brain) [+-][\\d.e-]+\\) over the baseline\\.\\n' +
          '2 samples in [\\d.]+ s\\n$',
      ),
    );
  });

  it('prints the exact expected Dice of the baseline mask (the value expectedScore gives)', async () => {
    const sample = await loadSample(
      SAMPLES,
      (await readSampleManifest(SAMPLES)).find((e) => e.name === 'chelsea')!,
    );
    const base = solve(sample.probs, {
      metric: 'accuracy',
      solver: 'threshold',
      outputMode: 'multilabel',
    }).mask;
    const e = expectedScore(sample.probs, base)[0]!;
    const row = table.stdout.split('\n').find((l) => l.startsWith('threshold '))!;
    expect(row.split(/\s+/)[4]).toBe(e.toFixed(6));
  });
});

describe('rankseg demo --json', () => {
  it('prints the rows per sample with expected and Monte Carlo scores', async () => {
    expect(jsonA.draws).toBe(300);
    expect(jsonA.seed).toBe(7);
    expect(jsonA.samples.map((s) => s.name)).toEqual(['chelsea']);
    const [chelsea] = jsonA.samples;
    expect(chelsea!.task).toBe('binary');
    expect(chelsea!.shape).toEqual([1, 1, 144, 256]);
    expect(chelsea!.rows[0]).toMatchObject({ solver: 'threshold', metric: null, changed: 0, gain: null });
    for (const row of chelsea!.rows) {
      expect(Object.keys(row)).toEqual([
        'solver',
        'metric',
        'ms',
        'changed',
        'expectedDice',
        'expectedIou',
        'gain',
        'monteCarlo',
      ]);
      expect(row.expectedDice).toBeGreaterThan(0);
      expect(row.expectedDice).toBeLessThanOrEqual(1);
      // IoU = D/(2 − D) per label draw and IoU ≤ Dice
      expect(row.expectedIou).toBeLessThan(row.expectedDice);
    }
    // chelsea's exact Dice and IoU masks are equal: one picture
    expect(await sameExactMasks('chelsea')).toBe(true);
    expect(chelsea!.images).toEqual([join('json-pictures', 'chelsea-dice.png')]);
    expect(jsonA.failures).toEqual([]);
  });

  it('Monte Carlo means agree with the exact expected scores within 4 standard errors', () => {
    for (const row of jsonA.samples[0]!.rows) {
      const mc = row.monteCarlo!;
      expect(Math.abs(mc.dice - row.expectedDice)).toBeLessThan(4 * mc.diceSe);
      expect(Math.abs(mc.iou - row.expectedIou)).toBeLessThan(4 * mc.iouSe);
    }
  });

  it('is reproducible: the same seed gives the same numbers, another seed other Monte Carlo numbers', async () => {
    const again = await demoJson([
      '--samples',
      'chelsea',
      '--draws',
      '300',
      '--seed',
      '7',
      '-o',
      'json-pictures',
    ]);
    const other = await demoJson([
      '--samples',
      'chelsea',
      '--draws',
      '300',
      '--seed',
      '8',
      '-o',
      'json-pictures',
    ]);
    const mc = (j: DemoJson) => j.samples[0]!.rows.map((r) => r.monteCarlo);
    const exact = (j: DemoJson) => j.samples[0]!.rows.map((r) => [r.expectedDice, r.expectedIou]);
    expect(mc(again)).toEqual(mc(jsonA));
    expect(mc(other)).not.toEqual(mc(jsonA));
    expect(exact(other)).toEqual(exact(jsonA));
  });

  it('RankSEG gains are the expected-score differences to the baseline, and exact never loses', () => {
    const rows = jsonA.samples[0]!.rows;
    for (const row of rows.slice(1)) {
      const metric = row.metric === 'dice' ? 'expectedDice' : 'expectedIou';
      expect(row.gain).toBeCloseTo(row[metric] - rows[0]![metric], 12);
      if (row.solver === 'exact') expect(row.gain!).toBeGreaterThanOrEqual(-1e-12);
    }
  });

  it('--draws 0 leaves the Monte Carlo out', async () => {
    const j = await demoJson(['--samples', 'chelsea', '--draws', '0', '-o', 'json-pictures']);
    expect(j.samples[0]!.rows.every((r) => r.monteCarlo === null)).toBe(true);
  });
});

describe('rankseg demo: pictures', () => {
  it('writes photo | baseline | RankSEG | difference strips that decode, and prints their paths', async () => {
    for (const name of ['chelsea', 'brain']) {
      const dicePath = join('pictures', `${name}-dice.png`);
      expect(table.stdout).toContain(`wrote ${dicePath}: photo | `);
      const paths = [dicePath];
      // The IoU strip is a file of its own unless its RankSEG (exact) mask is the Dice one.
      const iouPath = join('pictures', `${name}-iou.png`);
      if (await sameExactMasks(name)) {
        expect(table.stdout).toContain(`iou: the same RankSEG mask as dice, pictured in ${dicePath}\n`);
        expect(existsSync(join(dir, iouPath))).toBe(false);
      } else {
        expect(table.stdout).toContain(`wrote ${iouPath}: photo | `);
        paths.push(iouPath);
      }
      for (const path of paths) {
        const png = await readPng(join(dir, path));
        const [h, w] = name === 'chelsea' ? [144, 256] : [217, 181];
        expect([png.width, png.height, png.channels]).toEqual([4 * w + 12, h, 3]);
      }
    }
  });

  it('the difference panel shows exactly the pixels RankSEG added (orange) and removed (blue)', async () => {
    const entry = (await readSampleManifest(SAMPLES)).find((e) => e.name === 'chelsea')!;
    const sample = await loadSample(SAMPLES, entry);
    const base = solve(sample.probs, { metric: 'accuracy', solver: 'threshold', outputMode: 'multilabel' })
      .mask.data;
    const mask = solve(sample.probs, {
      metric: 'dice',
      solver: 'exact',
      outputMode: 'multilabel',
    }).mask.data;
    const photo = toRgb(sample.photo).data;
    const png = await readPng(join(dir, 'pictures', 'chelsea-dice.png'));
    const [h, w] = [144, 256];
    const x0 = 3 * (w + 4); // fourth panel
    let added = 0;
    let removed = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        const pixel = Array.from(
          png.data.subarray(3 * (y * png.width + x0 + x), 3 * (y * png.width + x0 + x) + 3),
        );
        const original = Array.from(photo.subarray(3 * i, 3 * i + 3));
        if (mask[i] === 1 && base[i] === 0) {
          expect(pixel).toEqual([...ADDED_COLOR]);
          added++;
        } else if (mask[i] === 0 && base[i] === 1) {
          expect(pixel).toEqual([...REMOVED_COLOR]);
          removed++;
        } else if (mask[i] === 1) {
          expect(pixel).toEqual(original);
        } else {
          expect(pixel).toEqual(original.map((v) => Math.round(0.35 * v)));
        }
      }
    }
    expect(added + removed).toBeGreaterThan(0); // the case shows a difference
    // the first panel is the photo itself
    expect(Array.from(png.data.subarray(0, 3 * w))).toEqual(Array.from(photo.subarray(0, 3 * w)));
  });
});

describe('rankseg demo: errors and data', () => {
  it.each([
    [['--samples', 'nope'], /--samples: unknown sample 'nope'; samples: astronaut, camera, chelsea, brain/],
    [['--draws', '-1'], /--draws must be >= 0; got -1/],
    [['--draws', 'x'], /--draws.*'x'.*integer/],
  ])('%j is a one-line usage error, exit 2', async (args, reason) => {
    const run = await rankseg(['demo', ...args], dir);
    expectUsageError(run, reason, /^rankseg demo: .*\(see 'rankseg demo --help'\)$/);
  });

  it('finds the samples from the source tree too (as tsx runs it)', async () => {
    expect(await findSamplesDir()).toBe(SAMPLES);
  });

  it('data/samples/PROVENANCE.md names every source package and licence listed in samples.json', async () => {
    const provenance = readFileSync(join(SAMPLES, 'PROVENANCE.md'), 'utf8');
    const entries = await readSampleManifest(SAMPLES);
    expect(entries.length).toBeGreaterThanOrEqual(4);
    for (const entry of entries) {
      // packages: "npm <name> <version>" and "Debian <name> <version>"
      const packages = [...entry.source.matchAll(/\b(npm|Debian) (\S+) ([^\s),]+)/g)].map(
        (m) => `${m[1]} ${m[2]} ${m[3]}`,
      );
      expect(packages.length, entry.name).toBeGreaterThan(0);
      for (const pkg of packages) expect(provenance, `${entry.name}: ${pkg}`).toContain(pkg);
      // licences: "part: <identifier> (\"statement\")", parts separated by ';'
      for (const part of entry.license.split(/;\s*/)) {
        const text = part.replace(/^\w+:\s*/, '');
        const id = text.replace(/\s*\(.*$/, '').replace(/ model output$/, '');
        expect(provenance, `${entry.name}: ${id}`).toContain(id);
        const statement = /\("(.+)"\)/.exec(text)?.[1];
        if (statement !== undefined) expect(provenance, `${entry.name}: ${statement}`).toContain(statement);
      }
      for (const file of [entry.probabilities, entry.image]) expect(provenance).toContain(`### \`${file}\``);
    }
  });
});
