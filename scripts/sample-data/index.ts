/**
 * Regenerates data/samples/: real segmentation probabilities with their images, a manifest and
 * provenance notes. Usage: `npm run sample-data -- [--out DIR] [--skimage-deb FILE]
 * [--itk-deb FILE] [--preview DIR] [--keep-work]`. See data/samples/PROVENANCE.md.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { encode } from 'fast-png';
import { membershipsToProbabilities } from './brain';
import { type UnpackedDeb, unpackDeb } from './debs';
import { fromFloat16Bits, toFloat16Bits } from './float16';
import { decodePng8, type Image8 } from './image';
import { compileTflite, LITERT_LOADER } from './litert-node';
import { readMetaImage } from './metaimage';
import { encodeNpyFloat16 } from './npy';
import { type InputFile, type OutputFile, provenanceMarkdown } from './provenance';
import { BRAIN_SAMPLE, PHOTO_SAMPLES } from './samples';
import { segmentSelfie } from './selfie';
import { probabilityStats, round4 } from './stats';

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function npmVersion(name: string): string {
  const file = join(repoRoot, 'node_modules', name, 'package.json'); // not every package exports it
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Finds `skimage/data` inside an unpacked python3-skimage (the python3 path may vary). */
function findSkimageData(root: string): string {
  const base = join(root, 'usr/lib');
  for (const py of existsSync(base) ? readdirSync(base) : []) {
    for (const site of ['dist-packages', 'site-packages']) {
      const dir = join(base, py, site, 'skimage/data');
      if (existsSync(dir)) return dir;
    }
  }
  throw new Error(`no skimage/data folder under ${base}`);
}

function pngBytes(img: Image8): Uint8Array {
  return encode(
    { width: img.width, height: img.height, data: img.data, channels: img.channels, depth: 8 },
    {
      zlib: { level: 9 },
    },
  );
}

/** Probabilities as actually stored (float16-rounded), for statistics and previews. */
function asStored(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = fromFloat16Bits(toFloat16Bits(values[i]!));
  return out;
}

function writePreview(dir: string, name: string, stored: Float64Array, width: number, height: number): void {
  const n = width * height;
  for (let c = 0; c < stored.length / n; c++) {
    const gray = new Uint8Array(n);
    for (let i = 0; i < n; i++) gray[i] = Math.round(stored[c * n + i]! * 255);
    writeFileSync(join(dir, `${name}_c${c}.png`), pngBytes({ width, height, channels: 1, data: gray }));
  }
}

/** Gray-level range [lo–hi] of the pixels whose most probable class is c, per class (ties: lowest c). */
function brainRanges(probs: Float64Array, gray: Uint8Array, classes: number): string {
  const n = gray.length;
  const lo = new Array<number>(classes).fill(255);
  const hi = new Array<number>(classes).fill(-1);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[c * n + i]! > probs[best * n + i]!) best = c;
    lo[best] = Math.min(lo[best]!, gray[i]!);
    hi[best] = Math.max(hi[best]!, gray[i]!);
  }
  return lo.map((l, c) => (hi[c]! < 0 ? `class ${c}: none` : `class ${c}: ${l}–${hi[c]}`)).join(', ');
}

interface Manifest {
  name: string;
  description: string;
  task: 'binary' | 'multiclass';
  probabilities: string;
  dtype: 'float16';
  shape: number[];
  image: string;
  classes: string[];
  source: string;
  license: string;
  credit: string;
  stats: Record<string, ReturnType<typeof round4>>;
}

/** JSON with arrays of numbers/strings on one line, as Biome formats it (≤ 110 columns). */
function toJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    if (value.every((v) => typeof v !== 'object') && flat.length + indent.length < 90) return flat;
    const inner = `${indent}  `;
    return `[\n${value.map((v) => inner + toJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const inner = `${indent}  `;
    const entries = Object.entries(value).map(
      ([k, v]) => `${inner}${JSON.stringify(k)}: ${toJson(v, inner)}`,
    );
    return `{\n${entries.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      out: { type: 'string', default: join(repoRoot, 'data/samples') },
      'skimage-deb': { type: 'string' },
      'itk-deb': { type: 'string' },
      preview: { type: 'string' },
      'keep-work': { type: 'boolean', default: false },
    },
  });
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  if (args.preview) mkdirSync(args.preview, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'rankseg-samples-'));
  try {
    const skimage = unpackDeb('python3-skimage', work, args['skimage-deb']);
    const itk = unpackDeb('insighttoolkit5-examples', work, args['itk-deb']);
    const outputs: OutputFile[] = [];
    const manifest: Manifest[] = [];
    const debInput = (deb: UnpackedDeb, abs: string, rel: string, license: string): InputFile => ({
      pkg: `Debian ${deb.name} ${deb.version} (\`${deb.debFile}\`)`,
      path: rel,
      sha256: sha256(readFileSync(abs)),
      license,
    });
    const emit = (file: string, bytes: Uint8Array, what: string, inputs: InputFile[], steps: string) => {
      writeFileSync(join(out, file), bytes);
      outputs.push({ file, bytes: bytes.length, sha256: sha256(bytes), what, inputs, steps });
    };

    const mpVersion = npmVersion('@mediapipe/selfie_segmentation');
    const mpDir = dirname(require.resolve('@mediapipe/selfie_segmentation/package.json'));
    const dataDir = findSkimageData(skimage.root);
    const dataRel = dataDir.slice(skimage.root.length + 1);
    for (const s of PHOTO_SAMPLES) {
      const modelPath = join(mpDir, s.model);
      const model = await compileTflite(modelPath);
      const photoPath = join(dataDir, s.file);
      const photo = decodePng8(new Uint8Array(readFileSync(photoPath)));
      const r = await segmentSelfie(model, photo);
      model.delete();
      const shape = [1, 1, r.height, r.width];
      const modelInput: InputFile = {
        pkg: `npm @mediapipe/selfie_segmentation ${mpVersion}`,
        path: s.model,
        sha256: sha256(readFileSync(modelPath)),
        license: 'Apache-2.0',
      };
      const photoInput = debInput(skimage, photoPath, `${dataRel}/${s.file}`, s.license);
      const crop = r.width === r.height ? 'the centred square' : `the centred ${r.width}:${r.height} window`;
      const prep =
        `${photo.width}×${photo.height} ${photo.channels === 1 ? 'gray' : 'RGB'} photo, ${crop} ` +
        `area-averaged to ${r.width}×${r.height} and rounded to 8 bits`;
      emit(
        `${s.name}.png`,
        pngBytes(r.image),
        `the photo as the model saw it: ${prep}.`,
        [photoInput],
        `${prep}, PNG (fast-png, zlib level 9).`,
      );
      emit(
        `${s.name}_probs.npy`,
        encodeNpyFloat16(r.probs, shape),
        `P(person) from \`${s.model}\`, shape [${shape.join(', ')}], float16.`,
        [modelInput, photoInput],
        `\`${s.name}.png\` as RGB floats (value/255${photo.channels === 1 ? ', gray copied to R, G, B' : ''}), ` +
          `input [1, ${r.height}, ${r.width}, 3], run with LiteRT.js (CPU); output [1, ${r.height}, ${r.width}, 1] ` +
          'is already a sigmoid probability (MediaPipe reads it with activation NONE); written as [1, 1, H, W] float16.',
      );
      const stored = asStored(r.probs);
      if (args.preview) writePreview(args.preview, s.name, stored, r.width, r.height);
      manifest.push({
        name: s.name,
        description: s.description,
        task: 'binary',
        probabilities: `${s.name}_probs.npy`,
        dtype: 'float16',
        shape,
        image: `${s.name}.png`,
        classes: ['person'],
        source:
          `MediaPipe ${s.model} (npm @mediapipe/selfie_segmentation ${mpVersion}) run with LiteRT.js on ` +
          `scikit-image ${s.file} (Debian python3-skimage ${skimage.version})`,
        license: `probabilities: Apache-2.0 model output; image: ${s.license}`,
        credit: s.credit,
        stats: { person: round4(probabilityStats(stored)) },
      });
    }

    const b = BRAIN_SAMPLE;
    const mhdPath = join(itk.root, b.dataDir, b.memberships);
    const imgPath = join(itk.root, b.dataDir, b.image);
    const mem = readMetaImage(mhdPath);
    const brain = membershipsToProbabilities(mem);
    const slice = decodePng8(new Uint8Array(readFileSync(imgPath)));
    if (slice.width !== brain.width || slice.height !== brain.height) {
      throw new Error(
        `${b.image} is ${slice.width}×${slice.height}, memberships ${brain.width}×${brain.height}`,
      );
    }
    if (brain.degenerate > 0)
      console.warn(`brain: ${brain.degenerate} pixels with zero memberships set uniform`);
    const rawName = mem.header['ElementDataFile']!;
    const brainInputs = [
      debInput(itk, mhdPath, `${b.dataDir}/${b.memberships}`, b.license),
      debInput(itk, join(dirname(mhdPath), rawName), `${b.dataDir}/${rawName}`, b.license),
    ];
    const imgInput = debInput(itk, imgPath, `${b.dataDir}/${b.image}`, b.license);
    const bshape = [1, brain.channels, brain.height, brain.width];
    emit(
      `${b.name}.png`,
      pngBytes(slice),
      `the MRI slice, ${slice.width}×${slice.height}, ${slice.channels === 1 ? 'gray' : 'RGB'}.`,
      [imgInput],
      'palette PNG decoded (fast-png), its gray palette expanded to 8-bit gray, re-encoded (zlib level 9).',
    );
    emit(
      `${b.name}_probs.npy`,
      encodeNpyFloat16(brain.probs, bshape),
      `4-class probabilities, shape [${bshape.join(', ')}], float16.`,
      brainInputs,
      `MetaImage header parsed (${mem.header['ElementType']}, DimSize ${mem.header['DimSize']}, ` +
        `${mem.channels} interleaved channels, little-endian); per pixel p_c = m_c / Σ_k m_k in float64 ` +
        `(a pixel with Σ m = 0 would get 1/${mem.channels}; there were ${brain.degenerate}); ` +
        "[y][x][c] reordered to [c][y][x]; float16. The memberships are taken to be the output of ITK's example " +
        '`Statistics/BayesianClassifierInitializer.cxx` (BayesianClassifierInitializationImageFilter, 4 classes) ' +
        `for ${b.image} (inferred, not rerun: the sizes match and the most probable class partitions the slice's gray levels into ` +
        `contiguous ranges: ${brainRanges(brain.probs, slice.data, brain.channels)}).`,
    );
    const storedBrain = asStored(brain.probs);
    if (args.preview) writePreview(args.preview, b.name, storedBrain, brain.width, brain.height);
    const n = brain.width * brain.height;
    const bstats: Record<string, ReturnType<typeof round4>> = {};
    b.classes.forEach((c, k) => {
      bstats[c] = round4(probabilityStats(storedBrain, k * n, n));
    });
    manifest.push({
      name: b.name,
      description: b.description,
      task: 'multiclass',
      probabilities: `${b.name}_probs.npy`,
      dtype: 'float16',
      shape: bshape,
      image: `${b.name}.png`,
      classes: [...b.classes],
      source:
        `ITK ${b.memberships} (+ .raw) and ${b.image} (Debian insighttoolkit5-examples ${itk.version}), ` +
        'memberships normalized per pixel',
      license: b.license,
      credit: b.credit,
      stats: bstats,
    });

    const json = new TextEncoder().encode(`${toJson({ format: 1, samples: manifest })}\n`);
    writeFileSync(join(out, 'samples.json'), json);
    const facts = {
      litert: npmVersion('@litertjs/core'),
      loader: LITERT_LOADER,
      fastPng: npmVersion('fast-png'),
    };
    writeFileSync(join(out, 'PROVENANCE.md'), provenanceMarkdown(outputs, facts));
    for (const m of manifest) {
      for (const [c, s] of Object.entries(m.stats)) {
        console.log(`${m.name} [${m.shape.join(',')}] ${c}: ${JSON.stringify(s)}`);
      }
    }
    for (const o of outputs) console.log(`${o.bytes.toString().padStart(8)}  ${o.file}`);
  } finally {
    if (args['keep-work']) console.log(`work folder kept: ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

await main();
