import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankseg as ranksegApi, solve } from '../../../src/index';
import { niftiToProbabilities } from '../../../src/io/index';
import {
  readNifti,
  readNpy,
  readNpz,
  readPng,
  writeNifti,
  writeNpy,
  writeNpz,
  writePng,
} from '../../../src/io/node/index';
import { ensureBuilt, numbers, rankseg, softmaxChannelsFirst, tempDir } from '../../helpers/cli';
import { normalFrom, realisticProbs, seededRandom } from '../../helpers/random';

let dir = '';
let remove: () => Promise<void> = async () => {};
const at = (name: string) => join(dir, name);

// 1 image, 3 classes, 4×5 pixels
const SHAPE = [1, 3, 4, 5];
const PROBS = realisticProbs(7, 1, 3, [4, 5], { cell: 2 });

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  await writeNpy(at('probs.npy'), { data: PROBS, shape: SHAPE });
});
afterAll(() => remove());

describe('rankseg predict: .npy in, every output format', () => {
  it('writes the labels of the library call, as a valid .npy (magic, v1.0 header, u1, shape)', async () => {
    const run = await rankseg(['predict', 'probs.npy', '-o', 'labels.npy'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote labels\.npy: 1 written, 0 failed; 20 pixels; [\d.]+ s\n$/);
    const expected = ranksegApi({ data: PROBS, shape: SHAPE });
    const bytes = new Uint8Array(await readFile(at('labels.npy')));
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]); // \x93NUMPY 1.0
    const headerLength = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header).toMatch(/^\{'descr': '\|u1', 'fortran_order': False, 'shape': \(1, 4, 5\), \} *\n$/);
    expect(Array.from(bytes.subarray(10 + headerLength))).toEqual(Array.from(expected.data));
  });

  it('passes every option to the library (iou, smooth, pruning, void policy)', async () => {
    const flags = [
      '-m',
      'iou',
      '--smooth',
      '1',
      '--pruning-prob',
      '0.9',
      '--unassigned-policy',
      'void',
      '--void-index',
      '200',
    ];
    const run = await rankseg(['predict', 'probs.npy', '-o', 'iou.npy', ...flags], dir);
    expect(run.code).toBe(0);
    const options = {
      metric: 'iou',
      smooth: 1,
      pruningProb: 0.9,
      unassignedPolicy: 'void',
      voidIndex: 200,
    } as const;
    const expected = ranksegApi({ data: PROBS, shape: SHAPE }, options);
    expect(Array.from(expected.data)).toContain(200); // the options matter for this input
    expect(numbers((await readNpy(at('iou.npy'))).data)).toEqual(Array.from(expected.data));
  });

  it('writes multilabel masks [B, C, ...] into an .npz member "mask"', async () => {
    const run = await rankseg(
      ['predict', 'probs.npy', '-o', 'masks.npz', '--output-mode', 'multilabel'],
      dir,
    );
    expect(run.code).toBe(0);
    const expected = ranksegApi({ data: PROBS, shape: SHAPE }, { outputMode: 'multilabel' });
    const { mask } = await readNpz(at('masks.npz'));
    expect(mask?.shape).toEqual([1, 3, 4, 5]);
    expect(numbers(mask!.data)).toEqual(Array.from(expected.data));
  });

  it('writes a label map as a palette PNG that reads back as the labels', async () => {
    const run = await rankseg(['predict', 'probs.npy', '-o', 'labels.png'], dir);
    expect(run.code).toBe(0);
    const png = await readPng(at('labels.png'));
    expect(Array.from((await readFile(at('labels.png'))).subarray(0, 8))).toEqual([
      137, 80, 78, 71, 13, 10, 26, 10,
    ]);
    expect(png.palette).toBeDefined();
    expect([png.width, png.height]).toEqual([5, 4]);
    expect(Array.from(png.data)).toEqual(Array.from(ranksegApi({ data: PROBS, shape: SHAPE }).data));
  });

  it("--report writes solve()'s volume, cutoff and expected per image and class", async () => {
    const run = await rankseg(['predict', 'probs.npy', '-o', 'r.npy', '--report', 'report.json'], dir);
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(at('report.json'), 'utf8'));
    const sol = solve({ data: PROBS, shape: SHAPE });
    expect(report.options).toMatchObject({ metric: 'dice', solver: 'rma', smooth: 0, pruningProb: 0.5 });
    expect(report.files).toHaveLength(1);
    const file = report.files[0];
    expect(file).toMatchObject({
      input: 'probs.npy',
      output: 'r.npy',
      shape: [1, 3, 4, 5],
      outputMode: 'multiclass',
    });
    expect(file.volume).toEqual([Array.from(sol.volume)]);
    expect(file.cutoff).toEqual([Array.from(sol.cutoff, (x) => (Number.isNaN(x) ? null : x))]);
    expect(file.expected).toEqual([Array.from(sol.expected)]);
  });

  it('--json prints the summary: counts, pixels, seconds, outputs and failures', async () => {
    const run = await rankseg(['predict', 'probs.npy', '-o', 'j.npy', '--json'], dir);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(Object.keys(summary)).toEqual([
      'files',
      'written',
      'failed',
      'pixels',
      'seconds',
      'outputs',
      'failures',
      'skipped',
    ]);
    expect(summary).toMatchObject({ files: 1, written: 1, failed: 0, pixels: 20, failures: [], skipped: [] });
    expect(summary.outputs).toEqual([
      { input: 'probs.npy', output: 'j.npy', images: 1, classes: 3, pixels: 20 },
    ]);
    expect(summary.seconds).toBeGreaterThanOrEqual(0);
  });

  it('reads the .npz member named by --key; without it, a two-member archive fails naming --key', async () => {
    await writeNpz(at('two.npz'), {
      probs: { data: PROBS, shape: SHAPE },
      extra: { data: [1, 2], shape: [2] },
    });
    const without = await rankseg(['predict', 'two.npz', '-o', 'k.npy'], dir);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/two\.npz: --key must name one of the arrays: "probs", "extra"/);
    const withKey = await rankseg(['predict', 'two.npz', '-o', 'k.npy', '--key', 'probs'], dir);
    expect(withKey.code).toBe(0);
    expect(numbers((await readNpy(at('k.npy'))).data)).toEqual(
      Array.from(ranksegApi({ data: PROBS, shape: SHAPE }).data),
    );
  });

  it('a value the library refuses (a probability above 1) is a file failure: exit 1, reason listed', async () => {
    await writeNpy(at('bad-values.npy'), { data: new Float32Array([0.2, 1.5, 0.8, 0.5]), shape: [1, 2, 2] });
    const run = await rankseg(['predict', 'bad-values.npy', '-o', 'bv.npy', '--class-axis', '1'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bad-values\.npy: probs\.data\[1\] is 1\.5, outside \[0, 1\]/);
    await expect(readFile(at('bv.npy'))).rejects.toThrow(/ENOENT/);
  });
});

describe('rankseg predict: input forms', () => {
  it('channels-last softmax logits give the labels of channels-first probabilities', async () => {
    const [H, W, C] = [6, 7, 4];
    const normal = normalFrom(seededRandom(3));
    const logits = Float64Array.from({ length: C * H * W }, () => Math.fround(3 * normal()));
    const probs = new Float64Array(softmaxChannelsFirst(logits, 1, C));
    const last = new Float32Array(H * W * C); // [1, H, W, C]
    for (let c = 0; c < C; c++) for (let i = 0; i < H * W; i++) last[i * C + c] = logits[c * H * W + i]!;
    await writeNpy(at('logits-last.npy'), { data: last, shape: [1, H, W, C] });
    await writeNpy(at('probs-first.npy'), { data: probs, shape: [1, C, H, W] });
    const a = await rankseg(
      ['predict', 'logits-last.npy', '-o', 'a.npy', '--activation', 'softmax', '--layout', 'channels-last'],
      dir,
    );
    const b = await rankseg(
      ['predict', 'logits-last.npy', '-o', 'b.npy', '--activation', 'softmax', '--class-axis', '-1'],
      dir,
    );
    const c = await rankseg(['predict', 'probs-first.npy', '-o', 'c.npy'], dir);
    expect([a.code, b.code, c.code]).toEqual([0, 0, 0]);
    const labels = numbers((await readNpy(at('c.npy'))).data);
    expect(new Set(labels).size).toBeGreaterThan(1);
    expect(numbers((await readNpy(at('a.npy'))).data)).toEqual(labels);
    expect(numbers((await readNpy(at('b.npy'))).data)).toEqual(labels);
  });

  it('--class-axis 2 moves a middle class axis into place ([B, H, C, W] reads as [B, C, H, W])', async () => {
    const mid = new Float32Array(PROBS.length); // [1, 4, 3, 5]
    for (let c = 0; c < 3; c++)
      for (let h = 0; h < 4; h++)
        for (let w = 0; w < 5; w++) mid[(h * 3 + c) * 5 + w] = PROBS[(c * 4 + h) * 5 + w]!;
    await writeNpy(at('mid.npy'), { data: mid, shape: [1, 4, 3, 5] });
    const run = await rankseg(['predict', 'mid.npy', '-o', 'mid-out.npy', '--class-axis', '2'], dir);
    expect(run.code).toBe(0);
    const expected = ranksegApi({ data: PROBS, shape: SHAPE });
    expect(numbers((await readNpy(at('mid-out.npy'))).data)).toEqual(Array.from(expected.data));
  });

  it('a 16-bit probability PNG (one class) becomes a black/white mask PNG of the multilabel result', async () => {
    const [H, W] = [5, 6];
    const samples = Uint16Array.from({ length: H * W }, (_, i) => Math.round(((i * 37) % 31) * (65535 / 30)));
    await writePng(at('fg.png'), { data: samples, width: W, height: H, channels: 1, bitDepth: 16 });
    const run = await rankseg(['predict', 'fg.png', '-o', 'fg-mask.png'], dir);
    expect(run.code).toBe(0);
    const probs = Float32Array.from(samples, (v) => v / 65535);
    const expected = ranksegApi({ data: probs, shape: [1, 1, H, W] }, { outputMode: 'multilabel' });
    const mask = await readPng(at('fg-mask.png'));
    expect(mask.palette).toBeUndefined();
    expect(Array.from(mask.data)).toEqual(Array.from(expected.data, (v) => v * 255));
    expect(new Set(mask.data).size).toBe(2);
  });

  it('--output-mode multiclass on a one-class PNG is a usage error naming multilabel, exit 2', async () => {
    const run = await rankseg(['predict', 'fg.png', '-o', 'x.png', '--output-mode', 'multiclass'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--output-mode 'multiclass' needs at least 2 class channels.*multilabel/);
  });
});

describe('rankseg predict: NIfTI in, NIfTI out', () => {
  const [X, Y, Z, C] = [4, 3, 2, 3];
  const geometry = {
    pixdim: [-1, 0.5, 0.75, 2.5, 1, 0, 0, 0],
    xyztUnits: 2, // mm
    qformCode: 1,
    sformCode: 2,
    quaternB: 0,
    quaternC: 1,
    quaternD: 0,
    qoffsetX: -10.5,
    qoffsetY: 20.25,
    qoffsetZ: 3,
    srowX: [-0.5, 0, 0, -10.5],
    srowY: [0, 0.75, 0, 20.25],
    srowZ: [0, 0, 2.5, 3],
  };
  // (x, y, z, class) with x fastest is the C-order array [C, Z, Y, X]: channels first already
  const probs = realisticProbs(11, 1, C, [Z, Y, X], { cell: 2 });

  it('writes a label volume (x, y, z) with the input geometry and the labels of the library', async () => {
    await writeNifti(at('scan.nii.gz'), { data: probs, dims: [X, Y, Z, C], header: geometry });
    const run = await rankseg(['predict', 'scan.nii.gz', '-o', 'scan-labels.nii.gz'], dir);
    expect(run.code).toBe(0);
    const out = await readNifti(at('scan-labels.nii.gz'));
    expect(out.dims).toEqual([X, Y, Z]);
    const h = out.header;
    expect(h.pixdim.slice(0, 4)).toEqual(geometry.pixdim.slice(0, 4));
    expect([h.xyztUnits, h.qformCode, h.sformCode]).toEqual([2, 1, 2]);
    expect([h.quaternB, h.quaternC, h.quaternD]).toEqual([0, 1, 0]);
    expect([h.qoffsetX, h.qoffsetY, h.qoffsetZ]).toEqual([-10.5, 20.25, 3]);
    expect([h.srowX, h.srowY, h.srowZ]).toEqual([geometry.srowX, geometry.srowY, geometry.srowZ]);
    expect(h.intentCode).toBe(1002); // NIFTI_INTENT_LABEL
    const vol = await readNifti(at('scan.nii.gz'));
    const expected = ranksegApi(niftiToProbabilities(vol));
    expect(new Set(expected.data).size).toBeGreaterThan(1);
    expect(numbers(out.data)).toEqual(Array.from(expected.data));
  });

  it('the .nii.gz output is gzip around a NIfTI-1 file: sizeof_hdr 348, dims, uint8, vox_offset 352, magic n+1', async () => {
    const gz = new Uint8Array(await readFile(at('scan-labels.nii.gz')));
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    const raw = gunzipSync(gz);
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    expect(v.getInt32(0, true)).toBe(348);
    expect([0, 1, 2, 3].map((k) => v.getInt16(40 + 2 * k, true))).toEqual([3, X, Y, Z]);
    expect(v.getInt16(70, true)).toBe(2); // DT_UINT8
    expect(v.getInt16(72, true)).toBe(8); // bitpix
    expect(v.getFloat32(108, true)).toBe(352);
    expect(Array.from(raw.subarray(344, 348))).toEqual([0x6e, 0x2b, 0x31, 0]);
    expect(raw.length).toBe(352 + X * Y * Z);
  });

  it('multilabel output of a 4-D volume is an (x, y, z, class) 0/1 volume with the same geometry', async () => {
    const run = await rankseg(
      ['predict', 'scan.nii.gz', '-o', 'scan-masks.nii', '--output-mode', 'multilabel'],
      dir,
    );
    expect(run.code).toBe(0);
    const out = await readNifti(at('scan-masks.nii'));
    expect(out.dims).toEqual([X, Y, Z, C]);
    expect(out.header.srowX).toEqual(geometry.srowX);
    const expected = ranksegApi({ data: probs, shape: [1, C, Z, Y, X] }, { outputMode: 'multilabel' });
    expect(numbers(out.data)).toEqual(Array.from(expected.data));
  });
});

describe('rankseg predict: directories', () => {
  it('processes each file, lists the corrupt one with its reason and writes the others (exit 1)', async () => {
    const input = at('batch');
    await mkdir(input);
    await writeNpy(join(input, 'a.npy'), { data: PROBS, shape: SHAPE });
    await writeNpy(join(input, 'c.npy'), { data: PROBS.map((p) => p), shape: SHAPE });
    await writeFile(join(input, 'b.npy'), 'not an npy file');
    await writeFile(join(input, 'notes.txt'), 'skipped: not an array file');
    const run = await rankseg(['predict', 'batch', '-o', 'batch-out'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^3 files: 2 written, 1 failed; 40 pixels; [\d.]+ s\n$/);
    // notes.txt is listed, not skipped silently
    expect(run.stderr).toMatch(
      /^not processed \(1\):\n {2}batch\/notes\.txt: not a \.npy, \.npz, \.nii, \.nii\.gz or \.png file\nfailed \(1\):\n {2}batch\/b\.npy: not NPY data: wrong magic[^\n]*\n$/,
    );
    // no progress bar (carriage returns, escape codes) when stderr is not a terminal
    expect(run.stderr.includes('\r') || run.stderr.includes('\u001b')).toBe(false);
    expect((await readdir(at('batch-out'))).sort()).toEqual(['a.npy', 'c.npy']);
    const expected = Array.from(ranksegApi({ data: PROBS, shape: SHAPE }).data);
    expect(numbers((await readNpy(at('batch-out/c.npy'))).data)).toEqual(expected);
  });

  it('--json lists the failures as {file, reason}; --output-format picks the extension', async () => {
    const run = await rankseg(
      ['predict', 'batch', '-o', 'batch-png', '--output-format', 'png', '--json'],
      dir,
    );
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ files: 3, written: 2, failed: 1, pixels: 40 });
    expect(summary.failures).toEqual([
      { file: 'batch/b.npy', reason: expect.stringMatching(/^not NPY data: wrong magic/) },
    ]);
    expect(summary.skipped).toEqual([
      { file: 'batch/notes.txt', reason: 'not a .npy, .npz, .nii, .nii.gz or .png file' },
    ]);
    expect(summary.outputs.map((o: { output: string }) => o.output)).toEqual([
      'batch-png/a.png',
      'batch-png/c.png',
    ]);
    expect((await readdir(at('batch-png'))).sort()).toEqual(['a.png', 'c.png']);
  });

  it('a directory input with a file as --output is a usage error', async () => {
    const run = await rankseg(['predict', 'batch', '-o', 'probs.npy'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--output must be a directory/);
  });
});
