/**
 * Writes the web demo's sample volume (see organVolume.ts): `demo/samples/organs_probs.nii.gz`,
 * 4-D (X, Y, Z, C) float32 probabilities as `rankseg predict` reads them, and
 * `demo/samples/organs_labels.nii.gz`, a 3-D uint8 label volume (intent "label") with the same
 * geometry. Usage: `npm run sample-volume [-- --out DIR]`. Deterministic: rerunning it rewrites
 * the same bytes (tests/demo/volumeSample.test.ts checks the shipped files against it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeNifti, encodeNifti, labelsToNifti } from '../../src/io/index';
import { ORGAN_CLASSES, ORGAN_VOXEL_MM, organVolume } from './organVolume';

/** The seed of the shipped sample. */
export const ORGAN_SEED = 20240618;

/** The two files, as bytes: `{ probs, labels }` (both gzipped NIfTI-1). */
export function organVolumeFiles(seed = ORGAN_SEED): { probs: Uint8Array; labels: Uint8Array } {
  const volume = organVolume(seed);
  const [nx, ny, nz] = volume.dims;
  const [sx, sy, sz] = ORGAN_VOXEL_MM;
  // RAS+ mm, the grid centred on the origin: world = diag(s)·voxel + offset
  const offset = [-((nx - 1) / 2) * sx, -((ny - 1) / 2) * sy, -((nz - 1) / 2) * sz];
  const header = {
    pixdim: [1, sx, sy, sz, 1, 1, 1, 1],
    xyztUnits: 2, // mm
    qformCode: 1,
    sformCode: 1,
    qoffsetX: offset[0]!,
    qoffsetY: offset[1]!,
    qoffsetZ: offset[2]!,
    srowX: [sx, 0, 0, offset[0]!],
    srowY: [0, sy, 0, offset[1]!],
    srowZ: [0, 0, sz, offset[2]!],
    descrip: `rankseg demo: synthetic ${ORGAN_CLASSES.join('/')} probabilities, seed ${seed}`,
  };
  const probs = encodeNifti(
    { data: volume.probs, dims: [nx, ny, nz, volume.classes], header },
    { gzip: true },
  );
  const template = decodeNifti(probs).header;
  const labels = encodeNifti(
    labelsToNifti({ data: volume.labels, shape: [nz, ny, nx] }, template, {
      datatype: 'uint8',
      descrip: `rankseg demo: labels drawn from the probabilities, seed ${seed}`,
    }),
    { gzip: true },
  );
  return { probs, labels };
}

function main(): void {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = resolve(values.out ?? join(repo, 'demo/samples'));
  mkdirSync(out, { recursive: true });
  const files = organVolumeFiles();
  writeFileSync(join(out, 'organs_probs.nii.gz'), files.probs);
  writeFileSync(join(out, 'organs_labels.nii.gz'), files.labels);
  console.log(
    `wrote ${join(out, 'organs_probs.nii.gz')} (${files.probs.length} bytes) and organs_labels.nii.gz (${files.labels.length} bytes)`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
