/**
 * The web demo's sample volume (demo/samples/organs_*.nii.gz): the shipped files are what the
 * seeded generator writes, and they are what the volume view promises — probabilities that sum to
 * 1, labels drawn from them, and a RankSEG mask that differs visibly from argmax.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ORGAN_CLASSES, ORGAN_DIMS, organVolume } from '../../scripts/sample-data/organVolume';
import { ORGAN_SEED, organVolumeFiles } from '../../scripts/sample-data/volume';
import { rankseg } from '../../src/index';
import { decodeNifti, NIFTI_INTENT_LABEL, niftiToProbabilities } from '../../src/io/index';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shipped = (name: string) => new Uint8Array(readFileSync(join(repo, 'demo/samples', name)));

describe('the demo sample volume', () => {
  const files = organVolumeFiles();
  const probs = decodeNifti(files.probs);
  const labels = decodeNifti(files.labels);

  // The voxels and the header, not the compressed bytes (those follow the deflate encoder).
  it('holds exactly what scripts/sample-data/volume.ts writes with the shipped seed', () => {
    for (const [name, generated] of [
      ['organs_probs.nii.gz', probs],
      ['organs_labels.nii.gz', labels],
    ] as const) {
      const file = decodeNifti(shipped(name));
      expect(file.shape).toEqual(generated.shape);
      expect(file.header).toEqual(generated.header);
      const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      expect(bytes(file.data).equals(bytes(generated.data))).toBe(true);
    }
  });

  it('stays small: a few hundred KB at most', () => {
    expect(files.probs.length + files.labels.length).toBeLessThan(300_000);
  });

  it('holds (X, Y, Z, C) float32 probabilities that are multiples of 1/255 summing to 1 per voxel', () => {
    expect(probs.dims).toEqual([...ORGAN_DIMS, ORGAN_CLASSES.length]);
    expect(probs.data).toBeInstanceOf(Float32Array);
    const data = probs.data as Float32Array;
    const n = ORGAN_DIMS[0] * ORGAN_DIMS[1] * ORGAN_DIMS[2];
    let worst = 0;
    for (let v = 0; v < n; v++) {
      let units = 0;
      for (let c = 0; c < ORGAN_CLASSES.length; c++) {
        const k = data[c * n + v]! * 255;
        worst = Math.max(worst, Math.abs(k - Math.round(k)));
        units += Math.round(k);
      }
      if (units !== 255) throw new Error(`voxel ${v}: the probabilities sum to ${units}/255`);
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('holds a uint8 label volume with the same geometry, intent label, values 0…C−1', () => {
    expect(labels.dims).toEqual([...ORGAN_DIMS]);
    expect(labels.data).toBeInstanceOf(Uint8Array);
    expect(labels.header.intentCode).toBe(NIFTI_INTENT_LABEL);
    for (const key of ['pixdim', 'srowX', 'srowY', 'srowZ'] as const) {
      expect(labels.header[key].slice(0, 4)).toEqual(probs.header[key].slice(0, 4));
    }
    expect(labels.header.pixdim.slice(1, 4)).toEqual([2, 2, 2.5]);
    expect((labels.data as Uint8Array).reduce((a, b) => Math.max(a, b), 0)).toBe(ORGAN_CLASSES.length - 1);
  });

  it('draws each class label as often as its probability mass says (within 5 standard deviations)', () => {
    const data = probs.data as Float32Array;
    const n = labels.data.length;
    for (let c = 0; c < ORGAN_CLASSES.length; c++) {
      let mass = 0;
      let variance = 0;
      let count = 0;
      for (let v = 0; v < n; v++) {
        const p = data[c * n + v]!;
        mass += p;
        variance += p * (1 - p);
        if (labels.data[v] === c) count++;
      }
      expect(Math.abs(count - mass), ORGAN_CLASSES[c]).toBeLessThan(5 * Math.sqrt(variance) + 1);
    }
  });

  it('has uncertain borders, so that RankSEG relabels hundreds of voxels argmax gives another class', () => {
    const tensor = niftiToProbabilities(probs);
    const argmax = rankseg(tensor, { metric: 'accuracy', solver: 'argmax' });
    const ours = rankseg(tensor, { metric: 'dice', solver: 'rma' });
    let changed = 0;
    for (let i = 0; i < argmax.data.length; i++) if (argmax.data[i] !== ours.data[i]) changed++;
    expect(changed).toBeGreaterThan(500);
  });

  it('changes with the seed', () => {
    const other = organVolume(ORGAN_SEED + 1);
    expect(Buffer.from(other.labels).equals(Buffer.from(labels.data as Uint8Array))).toBe(false);
  });
});
