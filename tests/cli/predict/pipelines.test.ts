/**
 * `rankseg predict` on files in the exact conventions real segmentation tools write (nnU-Net v2,
 * PyTorch, TF/Keras channels-last, MONAI/NIfTI), each built with the project's own writers: every
 * case gives the mask of `rankseg()` on the correctly read array, or exit 1 with an error naming
 * the flag that fixes it. No case may end with exit 0 and a wrong mask.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankseg as ranksegApi } from '../../../src/index';
import { readNifti, readNpy, readNpz, writeNifti, writeNpy, writeNpz } from '../../../src/io/node/index';
import { decodeFloat16, floatToHalf } from '../../../src/kernels/float16';
import { ensureBuilt, numbers, type Run, rankseg, tempDir } from '../../helpers/cli';
import { realisticProbs } from '../../helpers/random';

let dir = '';
let remove: () => Promise<void> = async () => {};
const at = (name: string) => join(dir, name);

// one image: 4 classes over a (Z, Y, X) = (3, 8, 7) volume, and 3 classes over (H, W) = (6, 9)
const [C, Z, Y, X] = [4, 3, 8, 7];
const VOLUME = realisticProbs(21, 1, C, [Z, Y, X], { cell: 3 }); // C order [1, C, Z, Y, X]
const [K, H, W] = [3, 6, 9];
const IMAGE = realisticProbs(22, 1, K, [H, W], { cell: 2 }); // [1, K, H, W]

/** `[1, K, ...P]` channels first → `[1, ...P, K]` channels last. */
function channelsLast(data: Float32Array, classes: number): Float32Array {
  const pixels = data.length / classes;
  const out = new Float32Array(data.length);
  for (let c = 0; c < classes; c++)
    for (let i = 0; i < pixels; i++) out[i * classes + c] = data[c * pixels + i]!;
  return out;
}

/** Exit 0 and the mask file holds `expected` with `shape`; or the test fails. */
async function expectMask(
  run: Run,
  output: string,
  shape: number[],
  expected: ArrayLike<number>,
): Promise<void> {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const file = output.endsWith('.npz') ? (await readNpz(at(output))).mask! : await readNpy(at(output));
  expect(file.shape).toEqual(shape);
  expect(numbers(file.data)).toEqual(Array.from(expected));
}

/** Exit 1, nothing written, and the one failure names `flag`. */
async function expectRefused(run: Run, output: string, flag: RegExp): Promise<void> {
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^failed \(1\):\n {2}\S+: /);
  expect(run.stderr).toMatch(flag);
  await expect(readFile(at(output))).rejects.toThrow(/ENOENT/);
}

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
}, 60_000);
afterAll(() => remove());

describe('nnU-Net v2 --save_probabilities: .npz member "probabilities", (C, Z, Y, X), no batch axis', () => {
  it('float32 (C, Z, Y, X) gives the (Z, Y, X) labels of the volume, with no flag', async () => {
    await writeNpz(at('case.npz'), { probabilities: { data: VOLUME, shape: [C, Z, Y, X] } });
    const run = await rankseg(['predict', 'case.npz', '-o', 'case-labels.npy'], dir);
    const expected = ranksegApi({ data: VOLUME, shape: [1, C, Z, Y, X] });
    expect(new Set(expected.data).size).toBeGreaterThan(2);
    await expectMask(run, 'case-labels.npy', [Z, Y, X], expected.data);
  });

  it('float16 probabilities (sums rounded by up to ~5e-4) pass the check and give the mask of their values', async () => {
    const half = Uint16Array.from(VOLUME, floatToHalf);
    await writeNpz(
      at('case16.npz'),
      { probabilities: { data: VOLUME, shape: [C, Z, Y, X] } },
      { dtypes: { probabilities: 'float16' } },
    );
    const run = await rankseg(['predict', 'case16.npz', '-o', 'case16-labels.npz'], dir);
    const expected = ranksegApi({ data: decodeFloat16(half), shape: [1, C, Z, Y, X] });
    await expectMask(run, 'case16-labels.npz', [Z, Y, X], expected.data);
  });

  it('a 2-D configuration (C, 1, Y, X) gives (1, Y, X)', async () => {
    await writeNpz(at('case2d.npz'), { probabilities: { data: IMAGE, shape: [K, 1, H, W] } });
    const run = await rankseg(['predict', 'case2d.npz', '-o', 'case2d.npy'], dir);
    await expectMask(run, 'case2d.npy', [1, H, W], ranksegApi({ data: IMAGE, shape: [1, K, H, W] }).data);
  });

  it("the issue's (4, Z, Y, X) is read as 4 classes, not 4 images of Z classes", async () => {
    const run = await rankseg(
      ['predict', 'case.npz', '-o', 'case-again.npy', '--output-mode', 'multilabel'],
      dir,
    );
    const expected = ranksegApi({ data: VOLUME, shape: [1, C, Z, Y, X] }, { outputMode: 'multilabel' });
    await expectMask(run, 'case-again.npy', [C, Z, Y, X], expected.data);
  });

  it('an explicit --class-axis wins over the member name (and is checked like any other)', async () => {
    const run = await rankseg(['predict', 'case.npz', '-o', 'wrong.npy', '--class-axis', '1'], dir);
    await expectRefused(
      run,
      'wrong.npy',
      /they sum to 1 along axis 0 of \[4, 3, 8, 7\] instead: use --class-axis 0/,
    );
  });
});

describe('PyTorch: out (1, C, H, W) and out[0] (C, H, W)', () => {
  it('(1, C, H, W) gives (1, H, W)', async () => {
    await writeNpy(at('out.npy'), { data: IMAGE, shape: [1, K, H, W] });
    const run = await rankseg(['predict', 'out.npy', '-o', 'out-labels.npy'], dir);
    await expectMask(run, 'out-labels.npy', [1, H, W], ranksegApi({ data: IMAGE, shape: [1, K, H, W] }).data);
  });

  it('(C, H, W) without a flag is refused naming --class-axis 0; with it gives (H, W)', async () => {
    await writeNpy(at('out0.npy'), { data: IMAGE, shape: [K, H, W] });
    const refused = await rankseg(['predict', 'out0.npy', '-o', 'out0-labels.npy'], dir);
    await expectRefused(
      refused,
      'out0-labels.npy',
      /out0\.npy: probs: the 6 class values of image 0, pixel \[0\] sum to [\d.]+, not 1 \(--validate distribution allows a difference of 0\.001\); they sum to 1 along axis 0 of \[3, 6, 9\] instead: use --class-axis 0/,
    );
    const run = await rankseg(['predict', 'out0.npy', '-o', 'out0-labels.npy', '--class-axis', '0'], dir);
    await expectMask(run, 'out0-labels.npy', [H, W], ranksegApi({ data: IMAGE, shape: [1, K, H, W] }).data);
  });

  it('--validate none reads (C, H, W) as written, [B, C, W]: the check is what stops it', async () => {
    const run = await rankseg(['predict', 'out0.npy', '-o', 'literal.npy', '--validate', 'none'], dir);
    await expectMask(run, 'literal.npy', [K, W], ranksegApi({ data: IMAGE, shape: [K, H, W] }).data);
  });
});

describe('channels-last (TF/Keras) (1, H, W, C)', () => {
  const last = channelsLast(IMAGE, K);

  it('without a flag is refused naming --class-axis -1 / --layout channels-last', async () => {
    await writeNpy(at('last.npy'), { data: last, shape: [1, H, W, K] });
    const run = await rankseg(['predict', 'last.npy', '-o', 'last-labels.npy'], dir);
    await expectRefused(run, 'last-labels.npy', /use --class-axis -1 \(or --layout channels-last\)/);
  });

  it('with --layout channels-last gives (1, H, W) labels; multilabel masks stay channels-last (1, H, W, C)', async () => {
    const run = await rankseg(
      ['predict', 'last.npy', '-o', 'last-labels.npy', '--layout', 'channels-last'],
      dir,
    );
    await expectMask(
      run,
      'last-labels.npy',
      [1, H, W],
      ranksegApi({ data: IMAGE, shape: [1, K, H, W] }).data,
    );
    const masks = await rankseg(
      ['predict', 'last.npy', '-o', 'last-masks.npy', '--class-axis', '-1', '--output-mode', 'multilabel'],
      dir,
    );
    const first = ranksegApi({ data: IMAGE, shape: [1, K, H, W] }, { outputMode: 'multilabel' });
    await expectMask(masks, 'last-masks.npy', [1, H, W, K], channelsLast(Float32Array.from(first.data), K));
  });
});

describe('values that are not probabilities', () => {
  it('logits are refused naming --activation; with --activation softmax they give the softmax mask', async () => {
    const logits = IMAGE.map((p) => Math.log(p) + 2.5);
    await writeNpy(at('logits.npy'), { data: logits, shape: [1, K, H, W] });
    const run = await rankseg(['predict', 'logits.npy', '-o', 'logit-labels.npy'], dir);
    await expectRefused(
      run,
      'logit-labels.npy',
      /probs\.data\[\d+\] is [\d.]+, outside \[0, 1\]; the values span \[-[\d.]+, [\d.]+\]: they look like logits: use --activation softmax \(one class per pixel\) or --activation sigmoid \(independent classes\)/,
    );
    const ok = await rankseg(
      ['predict', 'logits.npy', '-o', 'logit-labels.npy', '--activation', 'softmax'],
      dir,
    );
    const expected = ranksegApi({ data: logits, shape: [1, K, H, W] }, { activation: 'softmax' });
    await expectMask(ok, 'logit-labels.npy', [1, H, W], expected.data);
  });

  it('one-channel logits are refused naming --activation sigmoid only', async () => {
    await writeNpy(at('fg-logits.npy'), {
      data: IMAGE.subarray(0, H * W).map((p) => 4 * p - 2),
      shape: [1, 1, H, W],
    });
    const run = await rankseg(['predict', 'fg-logits.npy', '-o', 'fg.npy'], dir);
    await expectRefused(run, 'fg.npy', /they look like logits: use --activation sigmoid$/m);
  });

  it('8-bit 0–255 maps are refused as 8-bit data, saying what to do', async () => {
    await writeNpy(at('u8.npy'), {
      data: Uint8Array.from(IMAGE, (p) => Math.round(255 * p)),
      shape: [1, K, H, W],
    });
    const run = await rankseg(['predict', 'u8.npy', '-o', 'u8-labels.npy'], dir);
    await expectRefused(
      run,
      'u8-labels.npy',
      /the values are whole numbers from \d+ to \d+: this looks like 8-bit data \(0–255\), not probabilities; save p = value \/ 255 as floats/,
    );
  });

  it('independent per-class sigmoids are refused in multiclass output naming --output-mode multilabel', async () => {
    const sig = IMAGE.map((p) => Math.min(1, 1.7 * p));
    await writeNpy(at('sig.npy'), { data: sig, shape: [1, K, H, W] });
    const run = await rankseg(['predict', 'sig.npy', '-o', 'sig-labels.npy'], dir);
    await expectRefused(
      run,
      'sig-labels.npy',
      /no axis of \[1, 3, 6, 9\] sums to 1: .*use --output-mode multilabel/,
    );
    const ok = await rankseg(
      ['predict', 'sig.npy', '-o', 'sig-masks.npy', '--output-mode', 'multilabel'],
      dir,
    );
    const expected = ranksegApi({ data: sig, shape: [1, K, H, W] }, { outputMode: 'multilabel' });
    await expectMask(ok, 'sig-masks.npy', [1, K, H, W], expected.data);
  });
});

describe('MONAI / NIfTI (X, Y, Z, C) and one-class maps', () => {
  it('a 4-D (X, Y, Z, C) NIfTI gives (Z, Y, X) labels in .npy and an (x, y, z) NIfTI', async () => {
    await writeNifti(at('monai.nii.gz'), { data: VOLUME, dims: [X, Y, Z, C] });
    const expected = ranksegApi({ data: VOLUME, shape: [1, C, Z, Y, X] });
    const run = await rankseg(['predict', 'monai.nii.gz', '-o', 'monai.npy'], dir);
    await expectMask(run, 'monai.npy', [Z, Y, X], expected.data);
    const nii = await rankseg(['predict', 'monai.nii.gz', '-o', 'monai-labels.nii.gz'], dir);
    expect([nii.code, nii.stderr]).toEqual([0, '']);
    const out = await readNifti(at('monai-labels.nii.gz'));
    expect(out.dims).toEqual([X, Y, Z]);
    expect(numbers(out.data)).toEqual(Array.from(expected.data));
  });

  it("a binary model's out[0], (1, H, W), is refused naming --class-axis 0; with it, a (1, H, W) mask", async () => {
    const fg = IMAGE.subarray(H * W, 2 * H * W).map((p) => 0.2 + 0.6 * p); // never sums to 1 along H
    await writeNpy(at('one.npy'), { data: fg, shape: [1, H, W] });
    const refused = await rankseg(['predict', 'one.npy', '-o', 'one-mask.npy'], dir);
    await expectRefused(
      refused,
      'one-mask.npy',
      /no axis of \[1, 6, 9\] sums to 1: if the classes on axis 1 are independent .* use --output-mode multilabel; if it is a one-class map, use --class-axis 0 \(its axis of size 1\)/,
    );
    const run = await rankseg(['predict', 'one.npy', '-o', 'one-mask.npy', '--class-axis', '0'], dir);
    const expected = ranksegApi({ data: fg, shape: [1, 1, H, W] }, { outputMode: 'multilabel' });
    await expectMask(run, 'one-mask.npy', [1, H, W], expected.data);
  });

  it('an (H, W) one-class map gives an (H, W) binary mask', async () => {
    const fg = IMAGE.subarray(H * W, 2 * H * W);
    await writeNpy(at('hw.npy'), { data: fg, shape: [H, W] });
    const run = await rankseg(['predict', 'hw.npy', '-o', 'hw-mask.npy'], dir);
    const expected = ranksegApi({ data: fg, shape: [1, 1, H, W] }, { outputMode: 'multilabel' });
    await expectMask(run, 'hw-mask.npy', [H, W], expected.data);
  });
});
