/**
 * Files the user drops or picks: a photo (the model runs on it), or a `.npy` of probabilities
 * (with, optionally, a label file `.npy`/`.png` and a photo to draw on).
 */
import { decodeNpy, decodePng, type NpyArray, type PngImage } from 'rankseg/io';
import { centreCrop, type Image8, resizeArea } from '../../scripts/sample-data/image';

/** Probabilities read from a file, as the page uses them: `[1, C, H, W]` float32. */
export interface ProbabilityFile {
  name: string;
  probs: Float32Array;
  classes: number;
  height: number;
  width: number;
  notes: string[];
}

/** What a set of dropped files amounts to. */
export interface DroppedFiles {
  /** A photo to run the model on (only when no probabilities came with it). */
  photo?: { name: string; image: Image8 };
  probabilities?: ProbabilityFile;
  /** `[H·W]` ground truth for `probabilities` (binary 0/1; multiclass 0…C−1, 255 = ignore). */
  labels?: { name: string; data: Uint8Array };
  /** A picture to draw the masks on, resized to the probabilities' H × W, and its file name. */
  background?: PngImage;
  backgroundName?: string;
  notes: string[];
}

const IMAGE = /\.(png|jpe?g|webp|gif|bmp|avif)$/i;

/** Decodes any image the browser can, as 8-bit RGB (alpha dropped). */
export async function decodeImageFile(blob: Blob): Promise<Image8> {
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const n = canvas.width * canvas.height;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[3 * i] = rgba[4 * i]!;
    data[3 * i + 1] = rgba[4 * i + 1]!;
    data[3 * i + 2] = rgba[4 * i + 2]!;
  }
  return { width: canvas.width, height: canvas.height, channels: 3, data };
}

/** Whether an npy dtype holds real numbers (probabilities) rather than labels. */
function isFloat(array: NpyArray): boolean {
  return array.data instanceof Float32Array || array.data instanceof Float64Array;
}

/**
 * `[H, W]`, `[C, H, W]`, `[B, C, H, W]` (first image kept), or channels-last `[H, W, C]` /
 * `[1, H, W, C]` when the last axis is short (≤ 64) and the spatial ones long: → `[1, C, H, W]`.
 * Values outside [0, 1] are taken as logits: sigmoid for one channel, softmax over several.
 * @throws RangeError for other ranks, or NaN/±Infinity.
 */
export function readProbabilities(name: string, array: NpyArray): ProbabilityFile {
  const notes: string[] = [];
  const shape = array.shape;
  const data = array.data as Float32Array | Float64Array;
  let dims: [number, number, number];
  let channelsLast = false;
  if (shape.length === 2) dims = [1, shape[0]!, shape[1]!];
  else if (shape.length === 3 || shape.length === 4) {
    const rest = shape.slice(-3) as [number, number, number];
    if (shape.length === 4 && shape[0]! > 1) notes.push(`${name}: batch of ${shape[0]}, showing image 0`);
    channelsLast = rest[2] <= 64 && rest[0] > 64 && rest[1] > 64;
    dims = channelsLast ? [rest[2], rest[0], rest[1]] : rest;
    if (channelsLast) notes.push(`${name}: read as channels-last [H, W, C]`);
  } else {
    throw new RangeError(`${name}: shape [${shape.join(', ')}]; expected [H, W], [C, H, W] or [B, C, H, W]`);
  }
  const [classes, height, width] = dims;
  const n = height * width;
  const probs = new Float32Array(classes * n);
  let outside = false;
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < n; i++) {
      const v = data[channelsLast ? i * classes + c : c * n + i]!;
      if (!Number.isFinite(v)) throw new RangeError(`${name}: value ${v} at channel ${c}, pixel ${i}`);
      if (v < 0 || v > 1) outside = true;
      probs[c * n + i] = v;
    }
  }
  if (outside) {
    if (classes === 1) {
      for (let i = 0; i < n; i++) probs[i] = 1 / (1 + Math.exp(-probs[i]!));
    } else {
      for (let i = 0; i < n; i++) {
        let top = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < classes; c++) top = Math.max(top, probs[c * n + i]!);
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += Math.exp(probs[c * n + i]! - top);
        for (let c = 0; c < classes; c++) probs[c * n + i] = Math.exp(probs[c * n + i]! - top) / sum;
      }
    }
    notes.push(`${name}: values outside [0, 1], read as logits (${classes === 1 ? 'sigmoid' : 'softmax'})`);
  }
  return { name, probs, classes, height, width, notes };
}

/**
 * A label map for `p`: `[H, W]` with leading axes of size 1. Binary tasks: any nonzero value is
 * the foreground (0/1 and 0/255 masks both work). Multiclass: 0…C−1, and 255 (ignored).
 * @throws RangeError for a size mismatch or a label outside those.
 */
export function readLabels(
  name: string,
  values: ArrayLike<number | bigint>,
  shape: readonly number[],
  p: ProbabilityFile,
): Uint8Array {
  const spatial = shape.slice(-2);
  if (shape.slice(0, -2).some((d) => d !== 1) || spatial[0] !== p.height || spatial[1] !== p.width) {
    throw new RangeError(
      `${name}: shape [${shape.join(', ')}] does not match the probabilities' ${p.height}×${p.width}`,
    );
  }
  const out = new Uint8Array(p.height * p.width);
  for (let i = 0; i < out.length; i++) {
    const v = Number(values[i]!);
    if (p.classes === 1) out[i] = v !== 0 ? 1 : 0;
    else if ((Number.isInteger(v) && v >= 0 && v < p.classes) || v === 255) out[i] = v;
    else throw new RangeError(`${name}: label ${v} at pixel ${i} is not in 0…${p.classes - 1} (or 255)`);
  }
  return out;
}

/** A one-channel PNG whose values could be labels of `p` (else it is taken for a photo). */
function looksLikeLabels(png: PngImage, p: ProbabilityFile): boolean {
  if (png.channels > 2 || png.width !== p.width || png.height !== p.height) return false;
  if (png.palette) return true;
  const step = png.channels;
  for (let i = 0; i < png.data.length; i += step) {
    const v = png.data[i]!;
    if (p.classes === 1 ? v !== 0 && v !== 1 && v !== 255 : v >= p.classes && v !== 255) return false;
  }
  return true;
}

/** An image resized (centre crop + area) to `width × height`. */
function fitTo(image: Image8, width: number, height: number): PngImage {
  const fitted =
    image.width === width && image.height === height
      ? image
      : resizeArea(centreCrop(image, width / height), width, height);
  return { data: fitted.data, width, height, channels: fitted.channels, bitDepth: 8 };
}

/** Sorts dropped files into photo / probabilities / labels / background. */
export async function readDroppedFiles(files: readonly File[]): Promise<DroppedFiles> {
  const notes: string[] = [];
  const arrays: { name: string; array: NpyArray }[] = [];
  const images: File[] = [];
  for (const file of files) {
    if (/\.npy$/i.test(file.name)) {
      arrays.push({ name: file.name, array: decodeNpy(new Uint8Array(await file.arrayBuffer())) });
    } else if (IMAGE.test(file.name) || file.type.startsWith('image/')) {
      images.push(file);
    } else {
      notes.push(`${file.name}: not a .npy or an image, skipped`);
    }
  }
  const probEntry = arrays.find((a) => isFloat(a.array));
  if (!probEntry) {
    const first = images[0];
    if (!first) {
      if (arrays.length) throw new RangeError('a probability .npy must hold floats (float16/32/64)');
      throw new RangeError('drop a photo, or a .npy of probabilities');
    }
    if (arrays.length || images.length > 1)
      notes.push(`running the model on ${first.name}; other files ignored`);
    return { photo: { name: first.name, image: await decodeImageFile(first) }, notes };
  }
  const probabilities = readProbabilities(probEntry.name, probEntry.array);
  const out: DroppedFiles = { probabilities, notes };
  const labelArray = arrays.find((a) => a !== probEntry && !isFloat(a.array));
  if (labelArray) {
    const { data, shape } = labelArray.array;
    out.labels = { name: labelArray.name, data: readLabels(labelArray.name, data, shape, probabilities) };
  }
  for (const file of images) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const png = /\.png$/i.test(file.name) ? decodePng(bytes) : undefined;
    if (png && !out.labels && looksLikeLabels(png, probabilities)) {
      const shape = [png.height, png.width];
      const values = png.channels === 1 ? png.data : png.data.filter((_, i) => i % png.channels === 0);
      out.labels = { name: file.name, data: readLabels(file.name, values, shape, probabilities) };
    } else if (!out.background) {
      out.background = fitTo(await decodeImageFile(file), probabilities.width, probabilities.height);
      out.backgroundName = file.name;
    }
  }
  return out;
}
