/**
 * The sample data shipped with the package (`data/samples`): real model outputs with their photos,
 * described by `samples.json` (see `data/samples/PROVENANCE.md`).
 *
 * @module
 */

import { access, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNpy } from '../../io/node/npy';
import { readPng } from '../../io/node/png';
import type { PngImage } from '../../io/png/pngImage';

/** One entry of `samples.json`. */
export interface SampleEntry {
  name: string;
  description: string;
  /** `'binary'`: one class channel (p of the object); `'multiclass'`: C ≥ 2 channels summing to 1. */
  task: 'binary' | 'multiclass';
  /** File name of the `[1, C, H, W]` probabilities (.npy). */
  probabilities: string;
  /** File name of the photo the probabilities belong to (.png, H × W). */
  image: string;
  shape: number[];
  classes: string[];
  source: string;
  license: string;
  credit: string;
}

/** A sample read from disk. */
export interface Sample {
  entry: SampleEntry;
  /** Probabilities `[1, C, H, W]`, channels first (float16 files decode exactly to float32). */
  probs: { data: Float32Array | Float64Array; shape: number[] };
  photo: PngImage;
}

/**
 * The folder that holds `samples.json`: `../data/samples` from the built CLI (`dist/cli.js` in a
 * checkout or an installed package) or `../../../data/samples` from this source file (run by tsx).
 * Works from the ESM build; a CommonJS bundle without `import.meta` falls back to `__dirname`.
 *
 * @throws {Error} when neither place has a `samples.json` (the message lists where it looked).
 * @example
 * ```ts
 * await findSamplesDir(); // '/…/node_modules/rankseg/data/samples'
 * ```
 */
export async function findSamplesDir(): Promise<string> {
  const here = moduleDir();
  const candidates = [resolve(here, '../data/samples'), resolve(here, '../../../data/samples')];
  for (const dir of candidates) {
    try {
      await access(join(dir, 'samples.json'));
      return dir;
    } catch {
      // not this one
    }
  }
  throw new Error(`sample data not found: no samples.json in ${candidates.join(' or ')}`);
}

/**
 * Reads and checks `samples.json` in `dir`.
 *
 * @throws {Error} when the file is missing or malformed (a field missing or of the wrong kind).
 * @example
 * ```ts
 * (await readSampleManifest(await findSamplesDir())).map((s) => s.name); // ['astronaut', …]
 * ```
 */
export async function readSampleManifest(dir: string): Promise<SampleEntry[]> {
  const path = join(dir, 'samples.json');
  const json = JSON.parse(await readFile(path, 'utf8')) as { samples?: unknown };
  if (!Array.isArray(json.samples)) throw new Error(`${path}: no "samples" array`);
  return json.samples.map((s: unknown, k: number) => {
    const e = s as Record<string, unknown>;
    for (const key of ['name', 'description', 'probabilities', 'image', 'source', 'license', 'credit']) {
      if (typeof e[key] !== 'string') throw new Error(`${path}: samples[${k}].${key} is not a string`);
    }
    if (e.task !== 'binary' && e.task !== 'multiclass') {
      throw new Error(`${path}: samples[${k}].task must be "binary" or "multiclass"`);
    }
    if (!Array.isArray(e.shape) || !Array.isArray(e.classes)) {
      throw new Error(`${path}: samples[${k}] needs "shape" and "classes" arrays`);
    }
    return e as unknown as SampleEntry;
  });
}

/**
 * Reads one sample's probabilities and photo, and checks that they fit together.
 *
 * @throws {Error} when a file is unreadable, the probabilities are not `[1, C, H, W]` with the
 *   manifest's shape, or the photo is not H × W.
 * @example
 * ```ts
 * const dir = await findSamplesDir();
 * const [first] = await readSampleManifest(dir);
 * const { probs, photo } = await loadSample(dir, first);
 * ```
 */
export async function loadSample(dir: string, entry: SampleEntry): Promise<Sample> {
  const file = await readNpy(join(dir, entry.probabilities));
  const data = file.data;
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new Error(`${entry.probabilities}: probabilities must be floating point`);
  }
  const shape = file.shape;
  if (shape.length !== 4 || shape[0] !== 1 || shape.join() !== entry.shape.join()) {
    throw new Error(
      `${entry.probabilities}: shape [${shape.join(', ')}], expected [${entry.shape.join(', ')}] = [1, C, H, W]`,
    );
  }
  const photo = await readPng(join(dir, entry.image));
  if (photo.height !== shape[2] || photo.width !== shape[3]) {
    throw new Error(
      `${entry.image} is ${photo.width}×${photo.height}, the probabilities ${shape[3]}×${shape[2]}`,
    );
  }
  return { entry, probs: { data, shape }, photo };
}

/** Directory of this module's file (the bundle's, once built). */
function moduleDir(): string {
  // undefined in a CommonJS bundle, where Node's __dirname is the bundle's directory
  const url: string | undefined = import.meta.url;
  if (typeof url === 'string' && url.startsWith('file:')) return dirname(fileURLToPath(url));
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}
