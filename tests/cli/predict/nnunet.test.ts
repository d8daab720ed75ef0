/**
 * The nnU-Net recipe end to end, on folders built in nnU-Net v2's exact conventions with the
 * project's own writers (nnU-Net itself cannot run here): `nnUNetv2_predict … --save_probabilities`
 * leaves, per case, `case.npz` (member "probabilities", (C, Z, Y, X) float32), `case.pkl` (its
 * properties), `case.nii.gz` (its argmax segmentation, with the input image's geometry), and
 * dataset.json, plans.json, predict_from_raw_data_args.json; the input images are
 * imagesTs/case_0000.nii.gz, NIfTI dims (X, Y, Z) = the arrays' (Z, Y, X) reversed.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankseg as ranksegApi } from '../../../src/index';
import { readNifti, writeNifti, writeNpz } from '../../../src/io/node/index';
import { ensureBuilt, expectUsageError, numbers, rankseg, tempDir } from '../../helpers/cli';
import { realisticProbs } from '../../helpers/random';

let dir = '';
let remove: () => Promise<void> = async () => {};
const at = (name: string) => join(dir, name);

const [C, Z, Y, X] = [3, 4, 10, 7];
const CASES = ['case_a', 'case_b'];
const PROBS = CASES.map((_, k) => realisticProbs(31 + k, 1, C, [Z, Y, X], { cell: 3 }));
/** An oblique image geometry: qform and sform set, x flipped, anisotropic voxels. */
const GEOMETRY = {
  pixdim: [-1, 0.7, 0.7, 3, 0, 0, 0, 0],
  xyztUnits: 10, // mm and s
  qformCode: 1,
  sformCode: 1,
  quaternB: 0,
  quaternC: 0.2588190451,
  quaternD: 0,
  qoffsetX: 120.5,
  qoffsetY: -98,
  qoffsetZ: 42,
  srowX: [0.6062178, 0, 1.5529143, 120.5],
  srowY: [0, 0.7, 0, -98],
  srowZ: [-0.35, 0, 2.8977775, 42],
};
/** A pickle of an empty dict: nnU-Net's .pkl is never read, only listed. */
const PICKLE = new Uint8Array([0x80, 0x04, 0x7d, 0x94, 0x2e]);

/** nnU-Net's own segmentation: argmax over the classes, (Z, Y, X) in C order = NIfTI (X, Y, Z). */
function argmax(probs: Float32Array): Uint8Array {
  const n = probs.length / C;
  return Uint8Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let c = 1; c < C; c++) if (probs[c * n + i]! > probs[best * n + i]!) best = c;
    return best;
  });
}

beforeAll(async () => {
  ensureBuilt();
  ({ dir, remove } = await tempDir());
  for (const d of ['nnunet_out', 'imagesTs', 'labelsTs']) await mkdir(at(d));
  for (const [k, name] of CASES.entries()) {
    await writeNpz(at(`nnunet_out/${name}.npz`), { probabilities: { data: PROBS[k]!, shape: [C, Z, Y, X] } });
    await writeFile(at(`nnunet_out/${name}.pkl`), PICKLE);
    await writeNifti(at(`nnunet_out/${name}.nii.gz`), {
      data: argmax(PROBS[k]!),
      dims: [X, Y, Z],
      header: GEOMETRY,
    });
    const image = Int16Array.from({ length: X * Y * Z }, (_, i) => (i * 37) % 1000);
    await writeNifti(at(`imagesTs/${name}_0000.nii.gz`), { data: image, dims: [X, Y, Z], header: GEOMETRY });
    // ground truth: nnU-Net's segmentation with a slab relabelled, so the scores are not all 1
    const truth = argmax(PROBS[k]!).map((v, i) => (i < X * Y ? 0 : v));
    await writeNifti(at(`labelsTs/${name}.nii.gz`), { data: truth, dims: [X, Y, Z], header: GEOMETRY });
  }
  for (const f of ['dataset.json', 'plans.json', 'predict_from_raw_data_args.json'])
    await writeFile(at(`nnunet_out/${f}`), '{}');
}, 60_000);
afterAll(() => remove());

async function expectGeometryOfImage(path: string): Promise<void> {
  const out = await readNifti(at(path));
  const image = await readNifti(at('imagesTs/case_a_0000.nii.gz'));
  expect(out.dims).toEqual([X, Y, Z]);
  const h = out.header;
  const g = image.header;
  expect(h.pixdim.slice(0, 4)).toEqual(g.pixdim.slice(0, 4));
  expect([h.qformCode, h.sformCode, h.xyztUnits]).toEqual([g.qformCode, g.sformCode, g.xyztUnits]);
  expect([h.quaternB, h.quaternC, h.quaternD, h.qoffsetX, h.qoffsetY, h.qoffsetZ]).toEqual([
    g.quaternB,
    g.quaternC,
    g.quaternD,
    g.qoffsetX,
    g.qoffsetY,
    g.qoffsetZ,
  ]);
  expect([h.srowX, h.srowY, h.srowZ]).toEqual([g.srowX, g.srowY, g.srowZ]);
}

describe('rankseg predict on an nnU-Net output folder', () => {
  it('--like imagesTs: each case.npz becomes case.nii.gz with the image geometry, overlaying nnU-Net voxel for voxel', async () => {
    const run = await rankseg(['predict', 'nnunet_out', '-o', 'rankseg_out', '--like', 'imagesTs'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^2 files: 2 written, 0 failed; 560 pixels; [\d.]+ s\n$/);
    expect((await readdir(at('rankseg_out'))).sort()).toEqual(['case_a.nii.gz', 'case_b.nii.gz']);
    for (const [k, name] of CASES.entries()) {
      await expectGeometryOfImage(`rankseg_out/${name}.nii.gz`);
      const out = await readNifti(at(`rankseg_out/${name}.nii.gz`));
      const expected = ranksegApi({ data: PROBS[k]!, shape: [1, C, Z, Y, X] });
      expect(numbers(out.data)).toEqual(Array.from(expected.data));
      // voxel for voxel: RankSEG moves few voxels away from nnU-Net's argmax (a transposed or
      // flipped reading would disagree almost everywhere)
      const nnunet = numbers((await readNifti(at(`nnunet_out/${name}.nii.gz`))).data);
      const same = nnunet.filter((v, i) => v === out.data[i]).length / nnunet.length;
      expect(same).toBeGreaterThan(0.85);
    }
  });

  it('lists every other file of the folder: the segmentations beside the .npz, the .pkl and .json', async () => {
    const run = await rankseg(
      ['predict', 'nnunet_out', '-o', 'rankseg_out2', '--like', 'imagesTs', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    const { skipped } = JSON.parse(run.stdout) as { skipped: { file: string; reason: string }[] };
    expect(skipped.map((s) => s.file)).toEqual([
      'nnunet_out/case_a.nii.gz',
      'nnunet_out/case_a.pkl',
      'nnunet_out/case_b.nii.gz',
      'nnunet_out/case_b.pkl',
      'nnunet_out/dataset.json',
      'nnunet_out/plans.json',
      'nnunet_out/predict_from_raw_data_args.json',
    ]);
    expect(skipped[0]!.reason).toBe(
      'taken for the segmentation beside case_a.npz (as nnU-Net writes them), not read as probabilities',
    );
    expect(skipped[1]!.reason).toBe('not a .npy, .npz, .nii, .nii.gz or .png file');
  });

  it('--like the nnU-Net folder itself (its case.nii.gz) and --like one image give the same files', async () => {
    const self = await rankseg(['predict', 'nnunet_out', '-o', 'by_seg', '--like', 'nnunet_out'], dir);
    const one = await rankseg(
      ['predict', 'nnunet_out/case_a.npz', '-o', 'one.nii.gz', '--like', 'imagesTs/case_a_0000.nii.gz'],
      dir,
    );
    expect([self.code, one.code]).toEqual([0, 0]);
    const a = await readNifti(at('rankseg_out/case_a.nii.gz'));
    for (const path of ['by_seg/case_a.nii.gz', 'one.nii.gz']) {
      await expectGeometryOfImage(path);
      expect(numbers((await readNifti(at(path))).data)).toEqual(numbers(a.data));
    }
  });

  it('--output-format nii.gz without --like: no collision with the segmentations, a note that geometry is missing', async () => {
    const run = await rankseg(['predict', 'nnunet_out', '-o', 'plain', '--output-format', 'nii.gz'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /note: 2 NIfTI outputs have no geometry \(unit voxels, no orientation\): --like IMAGE/,
    );
    const out = await readNifti(at('plain/case_a.nii.gz'));
    expect(out.dims).toEqual([X, Y, Z]); // axes in NIfTI order even without geometry
    expect([out.header.qformCode, out.header.sformCode]).toEqual([0, 0]);
  });

  it('an image of another size is a failure naming both shapes; an (X, Y, Z)-ordered array gets a hint', async () => {
    await writeNifti(at('small_0000.nii.gz'), {
      data: new Uint8Array(X * Y * 2),
      dims: [X, Y, 2],
      header: GEOMETRY,
    });
    const run = await rankseg(
      ['predict', 'nnunet_out/case_a.npz', '-o', 'x.nii.gz', '--like', 'small_0000.nii.gz'],
      dir,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'case_a.npz: its spatial shape [4, 10, 7] (Z, Y, X) does not match --like small_0000.nii.gz, dims (7, 10, 2) = (X, Y, Z)',
    );
    const xyz = new Float32Array(PROBS[0]!.length); // the same volume saved (C, X, Y, Z), as nibabel reads it
    for (let c = 0; c < C; c++)
      for (let z = 0; z < Z; z++)
        for (let y = 0; y < Y; y++)
          for (let x = 0; x < X; x++)
            xyz[((c * X + x) * Y + y) * Z + z] = PROBS[0]![((c * Z + z) * Y + y) * X + x]!;
    await writeNpz(at('xyz.npz'), { probabilities: { data: xyz, shape: [C, X, Y, Z] } });
    const hinted = await rankseg(
      ['predict', 'xyz.npz', '-o', 'xyz.nii.gz', '--like', 'imagesTs/case_a_0000.nii.gz'],
      dir,
    );
    expect(hinted.code).toBe(1);
    expect(hinted.stderr).toMatch(/the array looks like \(X, Y, Z\) order \(nibabel, MONAI\)/);
  });

  it('a missing image in a --like folder fails that file, naming the names it looked for', async () => {
    await mkdir(at('no_images'));
    const run = await rankseg(
      ['predict', 'nnunet_out', '-o', 'nolike', '--like', 'no_images', '--json'],
      dir,
    );
    expect(run.code).toBe(1);
    const { failures } = JSON.parse(run.stdout) as { failures: { file: string; reason: string }[] };
    expect(failures[0]).toEqual({
      file: 'nnunet_out/case_a.npz',
      reason: expect.stringMatching(
        /^no --like image for it in no_images \(looked for case_a\.nii\.gz, case_a\.nii, case_a_0000\.nii\.gz, case_a_0000\.nii\)$/,
      ),
    });
  });

  it('--like with an output that is not NIfTI, or a --like that is not NIfTI, is a usage error', async () => {
    expectUsageError(
      await rankseg(['predict', 'nnunet_out/case_a.npz', '-o', 'a.npy', '--like', 'imagesTs'], dir),
      /--like gives the geometry of NIfTI outputs; a\.npy is not \.nii or \.nii\.gz/,
    );
    expectUsageError(
      await rankseg(
        ['predict', 'nnunet_out/case_a.npz', '-o', 'a.nii.gz', '--like', 'nnunet_out/case_a.pkl'],
        dir,
      ),
      /--like nnunet_out\/case_a\.pkl must be a NIfTI image/,
    );
  });

  it('a 2-D case (C, 1, Y, X) with a 2-D image (X, Y) gives a 2-D label image with its geometry', async () => {
    const flat = realisticProbs(40, 1, C, [Y, X], { cell: 3 });
    await writeNpz(at('slice.npz'), { probabilities: { data: flat, shape: [C, 1, Y, X] } });
    await writeNifti(at('slice_0000.nii.gz'), {
      data: new Uint8Array(X * Y),
      dims: [X, Y],
      header: GEOMETRY,
    });
    const run = await rankseg(
      ['predict', 'slice.npz', '-o', 'slice.nii.gz', '--like', 'slice_0000.nii.gz'],
      dir,
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
    const out = await readNifti(at('slice.nii.gz'));
    expect(out.dims).toEqual([X, Y]);
    expect(out.header.srowX).toEqual((await readNifti(at('slice_0000.nii.gz'))).header.srowX);
    expect(numbers(out.data)).toEqual(Array.from(ranksegApi({ data: flat, shape: [1, C, Y, X] }).data));
  });
});

describe('rankseg evaluate on nnU-Net folders', () => {
  it('scores rankseg_out against labelsTs, and nnU-Net own folder by its segmentations (the .npz left out)', async () => {
    const ours = await rankseg(['evaluate', '--pred', 'rankseg_out', '--target', 'labelsTs', '--json'], dir);
    expect(ours.code).toBe(0);
    const scores = JSON.parse(ours.stdout);
    expect(scores).toMatchObject({ numClasses: C, numClassesInferred: true, failures: [], warnings: [] });
    expect(scores.dice.mean).toBeGreaterThan(0.5);
    const theirs = await rankseg(['evaluate', '--pred', 'nnunet_out', '--target', 'labelsTs', '--json'], dir);
    expect(theirs.code).toBe(0);
    const json = JSON.parse(theirs.stdout);
    expect(json.failures).toEqual([]);
    expect(json.skipped.map((s: { file: string }) => s.file)).toContain('nnunet_out/case_a.npz');
  });
});
