import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNifti, writeNpy, writePng } from '../../../src/io/node/index';
import { ensureBuilt, rankseg, tempDir } from '../../helpers/cli';

let dir = '';
let remove: () => Promise<void> = async () => {};
const at = (name: string) => join(dir, name);
const u8 = (values: number[]) => new Uint8Array(values);

/**
 * The JSON layout evaluate promises, nothing more: {"dice":{"perClass":[..],"mean":x},"iou":{..},
 * "numClasses":N,"numClassesInferred":b,"failures":[..],"skipped":[..],"warnings":[..],
 * "options":{..},"counts":{..},"files":[..]}.
 */
const SCORE = String.raw`\{"perClass":\[(-?[\d.e-]+|null)?(,(-?[\d.e-]+|null))*\],"mean":(-?[\d.e-]+|null)\}`;
const EXACT_JSON = new RegExp(
  String.raw`^\{"dice":${SCORE},"iou":${SCORE},"numClasses":\d+,"numClassesInferred":(true|false),"failures":\[.*\],"skipped":\[.*\],"warnings":\[.*\],"options":\{[^}]*\},"counts":\{[^}]*\},"files":\[.*\]\}\n$`,
);

interface Scores {
  dice: { perClass: (number | null)[]; mean: number | null };
  iou: { perClass: (number | null)[]; mean: number | null };
}

function expectScores(stdout: string, dice: (number | null)[], iou: (number | null)[]): void {
  expect(stdout).toMatch(EXACT_JSON);
  const s = JSON.parse(stdout) as Scores;
  const close = (got: (number | null)[], want: (number | null)[]) => {
    expect(got).toHaveLength(want.length);
    want.forEach((w, k) => {
      if (w === null) expect(got[k]).toBeNull();
      else expect(got[k]).toBeCloseTo(w, 12);
    });
  };
  close(s.dice.perClass, dice);
  close(s.iou.perClass, iou);
  const mean = (xs: (number | null)[]) => {
    const kept = xs.filter((x): x is number => x !== null);
    return kept.length === 0 ? null : kept.reduce((a, b) => a + b, 0) / kept.length;
  };
  close([s.dice.mean], [mean(dice)]);
  close([s.iou.mean], [mean(iou)]);
}

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  // pred     target      class 0: |A|=3 |B|=4 |A∩B|=3 → Dice 6/7, IoU 3/4
  // 0 0 1    0 0 0       class 1: |A|=4 |B|=4 |A∩B|=3 → Dice 6/8, IoU 3/5
  // 0 1 1    0 1 1       class 2: |A|=2 |B|=1 |A∩B|=1 → Dice 2/3, IoU 1/2
  // 2 2 1    2 1 1
  await writeNpy(at('pred.npy'), { data: u8([0, 0, 1, 0, 1, 1, 2, 2, 1]), shape: [1, 3, 3] });
  await writeNpy(at('target.npy'), { data: u8([0, 0, 0, 0, 1, 1, 2, 1, 1]), shape: [1, 3, 3] });
  // two images of two pixels; image 0: pred [0, 1], target [0, 1]; image 1: pred [0, 0], target [0, 2]
  await writeNpy(at('pred2.npy'), { data: u8([0, 1, 0, 0]), shape: [2, 1, 2] });
  await writeNpy(at('target2.npy'), { data: u8([0, 1, 0, 2]), shape: [2, 1, 2] });
  // the same two images as directories: x ↔ image 0, y ↔ image 1 (the target of y as a PNG)
  await mkdir(at('p'));
  await mkdir(at('t'));
  await writeNpy(at('p/x.npy'), { data: u8([0, 1]), shape: [1, 1, 2] });
  await writeNpy(at('p/y.npy'), { data: u8([0, 0]), shape: [1, 1, 2] });
  await writeNpy(at('t/x.npy'), { data: u8([0, 1]), shape: [1, 1, 2] });
  await writePng(at('t/y.png'), { data: u8([0, 2]), width: 2, height: 1, channels: 1, bitDepth: 8 });
});
afterAll(() => remove());

describe('rankseg evaluate --json', () => {
  it('prints exactly {"dice": {perClass, mean}, "iou": {perClass, mean}} with the hand-worked scores', async () => {
    const run = await rankseg(
      ['evaluate', '--pred', 'pred.npy', '--target', 'target.npy', '--num-classes', '3', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(Object.keys(JSON.parse(run.stdout))).toEqual([
      'dice',
      'iou',
      'numClasses',
      'numClassesInferred',
      'failures',
      'skipped',
      'warnings',
      'options',
      'counts',
      'files',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({ numClasses: 3, numClassesInferred: false, failures: [] });
    expect(Object.keys(JSON.parse(run.stdout).dice)).toEqual(['perClass', 'mean']);
    expectScores(run.stdout, [6 / 7, 6 / 8, 2 / 3], [3 / 4, 3 / 5, 1 / 2]);
  });

  it('per class averages the images where the class is present; an absent class is null and left out of the mean', async () => {
    // class 0: Dice (1 + 2/3)/2, IoU (1 + 1/2)/2; class 1 only in image 0: 1; class 2 only in image 1: 0; class 3 nowhere
    const run = await rankseg(
      ['evaluate', '--pred', 'pred2.npy', '--target', 'target2.npy', '--num-classes', '4', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    expectScores(run.stdout, [5 / 6, 1, 0, null], [3 / 4, 1, 0, null]);
  });

  it('--dataset sums the counts over images first (one ratio per class)', async () => {
    // class 0: I = 2, |A| = 3, |B| = 2 → Dice 4/5, IoU 2/3; class 1: 1, 1; class 2: I = 0, |B| = 1 → 0, 0
    const args = [
      'evaluate',
      '--pred',
      'pred2.npy',
      '--target',
      'target2.npy',
      '--num-classes',
      '4',
      '--dataset',
      '--json',
    ];
    const run = await rankseg(args, dir);
    expect(run.code).toBe(0);
    expectScores(run.stdout, [4 / 5, 1, 0, null], [2 / 3, 1, 0, null]);
  });

  it('directories pair files by name (x.npy ↔ x.npy, y.npy ↔ y.png) and pool their images like one batch', async () => {
    const run = await rankseg(
      ['evaluate', '--pred', 'p', '--target', 't', '--num-classes', '4', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    const batch = await rankseg(
      ['evaluate', '--pred', 'pred2.npy', '--target', 'target2.npy', '--num-classes', '4', '--json'],
      dir,
    );
    // the same scores and totals; only the list of files differs
    const { files, ...scores } = JSON.parse(run.stdout);
    const { files: batchFiles, ...batchScores } = JSON.parse(batch.stdout);
    expect(scores).toEqual(batchScores);
    expect(files.map((f: { pred: string }) => f.pred)).toEqual(['p/x.npy', 'p/y.npy']);
    expect(batchFiles.map((f: { pred: string }) => f.pred)).toEqual(['pred2.npy']);
  });

  it('--ignore-index drops target pixels carrying it, from prediction and target alike', async () => {
    await writeNpy(at('ip.npy'), { data: u8([0, 1, 1]), shape: [1, 3] });
    await writeNpy(at('it.npy'), { data: u8([0, 1, 255]), shape: [1, 3] });
    const args = ['evaluate', '--pred', 'ip.npy', '--target', 'it.npy', '--num-classes', '2'];
    const ignored = await rankseg([...args, '--ignore-index', '255', '--json'], dir);
    expect(ignored.code).toBe(0);
    expectScores(ignored.stdout, [1, 1], [1, 1]);
    const refused = await rankseg([...args, '--json'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ip\.npy: target\.data\[2\] = 255 must be a class label in \[0, 2\)/);
  });

  it('black/white PNGs are one-class masks, or the label map 0/1 with --num-classes 2', async () => {
    // pred 1 1 0 / 0 1 0, target 1 0 0 / 0 1 1: |A| = 3, |B| = 3, |A∩B| = 2 → Dice 2/3, IoU 1/2
    const png = (v: number[]) => ({
      data: u8(v.map((x) => x * 255)),
      width: 3,
      height: 2,
      channels: 1 as const,
      bitDepth: 8 as const,
    });
    await writePng(at('bw-pred.png'), png([1, 1, 0, 0, 1, 0]));
    await writePng(at('bw-target.png'), png([1, 0, 0, 0, 1, 1]));
    const masks = await rankseg(
      ['evaluate', '--pred', 'bw-pred.png', '--target', 'bw-target.png', '--json'],
      dir,
    );
    expect(masks.code).toBe(0);
    expectScores(masks.stdout, [2 / 3], [1 / 2]);
    // background: pred {2, 3, 5}, target {1, 2, 3}: I = 2 → Dice 2/3, IoU 1/2 as well
    const labels = await rankseg(
      ['evaluate', '--pred', 'bw-pred.png', '--target', 'bw-target.png', '--num-classes', '2', '--json'],
      dir,
    );
    expectScores(labels.stdout, [2 / 3, 2 / 3], [1 / 2, 1 / 2]);
  });
});

describe('rankseg evaluate: table, failures and usage', () => {
  it('prints a per-class table with the means and says how classes are averaged', async () => {
    const run = await rankseg(
      ['evaluate', '--pred', 'pred2.npy', '--target', 'target2.npy', '--num-classes', '4'],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'pred2.npy vs target2.npy: 2 images, 4 classes',
        'per class: mean over the images where the class is in the prediction or the target',
        'class    dice     iou',
        '-----  ------  ------',
        '0      0.8333  0.7500',
        '1      1.0000  1.0000',
        '2      0.0000  0.0000',
        '3           -       -',
        'mean   0.6111  0.5833',
        '',
      ].join('\n'),
    );
  });

  it('--dataset says in the table output that the scores are dataset-level', async () => {
    const args = ['evaluate', '--pred', 'p', '--target', 't', '--num-classes', '4', '--dataset'];
    const run = await rankseg(args, dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^p vs t: 2 file pairs, 2 images, 4 classes\ndataset-level scores: counts summed over all images/,
    );
  });

  it('an unpaired file is listed as a failure (exit 1) and the pairs are still scored', async () => {
    await mkdir(at('p3'));
    await mkdir(at('t3'));
    await writeNpy(at('p3/x.npy'), { data: u8([0, 1]), shape: [1, 1, 2] });
    await writeNpy(at('t3/x.npy'), { data: u8([0, 1]), shape: [1, 1, 2] });
    await writeNpy(at('p3/z.npy'), { data: u8([0, 1]), shape: [1, 1, 2] });
    await writeNifti(at('t3/w.nii'), { data: u8([0, 1]), dims: [2, 1, 1] });
    const run = await rankseg(
      ['evaluate', '--pred', 'p3', '--target', 't3', '--num-classes', '2', '--json'],
      dir,
    );
    expect(run.code).toBe(1);
    expectScores(run.stdout, [1, 1], [1, 1]);
    expect(run.stderr).toBe(
      'failed (2):\n  p3/z.npy: no target named z.* in t3\n  t3/w.nii: no prediction named w.* in p3\n',
    );
  });

  it('a file that cannot be read fails with its reason (exit 1)', async () => {
    await writeNpy(at('wide.npy'), { data: u8([0, 1, 1, 0]), shape: [1, 2, 2] });
    const run = await rankseg(
      ['evaluate', '--pred', 'wide.npy', '--target', 'target.npy', '--num-classes', '3'],
      dir,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^failed \(1\):\n {2}wide\.npy: pred\.shape \[1, 2, 2\] and target\.shape \[1, 3, 3\] disagree/,
    );
  });

  it('two label maps without --num-classes take largest label + 1 classes, and say so', async () => {
    const inferred = await rankseg(
      ['evaluate', '--pred', 'pred.npy', '--target', 'target.npy', '--json'],
      dir,
    );
    const given = await rankseg(
      ['evaluate', '--pred', 'pred.npy', '--target', 'target.npy', '--num-classes', '3', '--json'],
      dir,
    );
    expect(inferred.code).toBe(0);
    expectScores(inferred.stdout, [6 / 7, 6 / 8, 2 / 3], [3 / 4, 3 / 5, 1 / 2]);
    expect(JSON.parse(inferred.stdout)).toMatchObject({ numClasses: 3, numClassesInferred: true });
    expect(JSON.parse(given.stdout).dice).toEqual(JSON.parse(inferred.stdout).dice);
    const table = await rankseg(['evaluate', '--pred', 'pred.npy', '--target', 'target.npy'], dir);
    expect(table.stdout).toMatch(
      /^pred\.npy vs target\.npy: 1 image, 3 classes \(from the data: largest label \+ 1; --num-classes sets it\)\n/,
    );
  });

  it('a predict output evaluates against itself as 1 for every class present', async () => {
    await writeNpy(at('probs.npy'), {
      data: new Float32Array([0.9, 0.6, 0.3, 0.2, 0.1, 0.4, 0.7, 0.8]),
      shape: [1, 2, 2, 2],
    });
    expect((await rankseg(['predict', 'probs.npy', '-o', 'self.npy'], dir)).code).toBe(0);
    const run = await rankseg(
      ['evaluate', '--pred', 'self.npy', '--target', 'self.npy', '--num-classes', '2', '--json'],
      dir,
    );
    expectScores(run.stdout, [1, 1], [1, 1]);
  });
});

describe('rankseg evaluate: pairs as users have them', () => {
  // pred 1 1 0 / 0 1 0, target 1 0 0 / 0 1 1: |A| = 3, |B| = 3, |A∩B| = 2 → Dice 2/3, IoU 1/2
  const PRED = [1, 1, 0, 0, 1, 0];
  const TARGET = [1, 0, 0, 0, 1, 1];

  it("predict's (1, 1, H, W) binary mask against an (H, W) 0/1 target scores the foreground", async () => {
    await writeNpy(at('fg-pred.npy'), { data: u8(PRED), shape: [1, 1, 2, 3] });
    await writeNpy(at('fg-target.npy'), { data: u8(TARGET), shape: [2, 3] });
    const run = await rankseg(
      ['evaluate', '--pred', 'fg-pred.npy', '--target', 'fg-target.npy', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    expectScores(run.stdout, [2 / 3], [1 / 2]);
  });

  it('a black/white PNG target is a 0/1 mask against an (H, W) 0/1 prediction', async () => {
    await writePng(at('fg-target.png'), {
      data: u8(TARGET.map((x) => x * 255)),
      width: 3,
      height: 2,
      channels: 1,
      bitDepth: 8,
    });
    await writeNpy(at('fg-pred-hw.npy'), { data: u8(PRED), shape: [2, 3] });
    const run = await rankseg(
      ['evaluate', '--pred', 'fg-pred-hw.npy', '--target', 'fg-target.png', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    expectScores(run.stdout, [2 / 3], [1 / 2]);
  });

  it('NIfTI pairs whose geometries differ are scored with a warning; --strict-geometry makes it a failure', async () => {
    const header = (offset: number) => ({
      sformCode: 1,
      srowX: [1, 0, 0, 0],
      srowY: [0, 1, 0, offset],
      srowZ: [0, 0, 1, 0],
    });
    await writeNifti(at('g-pred.nii'), { data: u8(PRED), dims: [3, 2, 1], header: header(0) });
    await writeNifti(at('g-target.nii'), { data: u8(TARGET), dims: [3, 2, 1], header: header(4) });
    const args = ['evaluate', '--pred', 'g-pred.nii', '--target', 'g-target.nii'];
    const warned = await rankseg([...args, '--json'], dir);
    expect(warned.code).toBe(0);
    const warning =
      'g-pred.nii and g-target.nii have different geometries (voxel-to-world affine row 1 [0, 1, 0, 0] vs [0, 1, 0, 4]); the voxels are compared by index';
    expect(JSON.parse(warned.stdout).warnings).toEqual([
      `${warning} (--strict-geometry makes this a failure)`,
    ]);
    expect(warned.stderr).toBe(`warning: ${warning} (--strict-geometry makes this a failure)\n`);
    const strict = await rankseg([...args, '--strict-geometry', '--json'], dir);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toEqual({
      error: 'no file pair could be scored (1 failed)',
      failures: [{ file: 'g-pred.nii', reason: `${warning}, and --strict-geometry refuses that` }],
      skipped: [],
    });
  });

  it('--json on failure prints an error object, not scores of nulls', async () => {
    await writeNpy(at('wide2.npy'), { data: u8([0, 1, 1, 0, 1, 0]), shape: [1, 2, 3] });
    const run = await rankseg(['evaluate', '--pred', 'wide2.npy', '--target', 'target.npy', '--json'], dir);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['error', 'failures', 'skipped']);
    expect(json.failures[0].reason).toMatch(/disagree, also with the axes of size 1 left out/);
  });

  it('a void label 255 in the target without --ignore-index: 256 classes taken from the data, with a warning', async () => {
    await writeNpy(at('v-pred.npy'), { data: u8([0, 1, 1]), shape: [1, 3] });
    await writeNpy(at('v-target.npy'), { data: u8([0, 1, 255]), shape: [1, 3] });
    const run = await rankseg(
      ['evaluate', '--pred', 'v-pred.npy', '--target', 'v-target.npy', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ numClasses: 256, numClassesInferred: true });
    expect(json.warnings).toEqual([
      '256 classes taken from the data (largest label 255): if 255 marks void pixels, pass --ignore-index 255',
    ]);
  });

  it('--include picks predictions in a folder; the targets of left-out ones are listed, not failures', async () => {
    await mkdir(at('p4'));
    await mkdir(at('t4'));
    for (const name of ['x', 'y']) {
      await writeNpy(at(`p4/${name}.npy`), { data: u8([0, 1]), shape: [1, 1, 2] });
      await writeNpy(at(`t4/${name}.npy`), { data: u8([0, 1]), shape: [1, 1, 2] });
    }
    const run = await rankseg(
      ['evaluate', '--pred', 'p4', '--target', 't4', '--include', 'x.*', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).skipped).toEqual([
      { file: 'p4/y.npy', reason: 'not matched by --include x.*' },
      { file: 't4/y.npy', reason: 'its prediction y.* in p4 is not processed' },
    ]);
  });
});
