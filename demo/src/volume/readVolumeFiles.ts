/**
 * Dropped NIfTI files → a probability volume (and optional labels), as the volume view needs
 * them. Runs in the worker. Which file is which is read from the files themselves: the
 * probabilities hold floats (a float datatype, or integers with a scale factor), the labels
 * integers.
 */
import { decodeNifti, IoFormatError, type NiftiHeader, niftiToProbabilities } from 'rankseg/io';
import type { NamedBytes } from './protocol';

/** A probability volume in rankseg's layout, with what the page needs to show it. */
export interface ProbabilityVolume {
  name: string;
  /** `[C, Z, Y, X]` values, x fastest: the tensor `{ data, shape: [1, C, Z, Y, X] }`. */
  data: Float32Array | Float64Array;
  /** NIfTI sizes `(X, Y, Z)`. */
  dims: [number, number, number];
  classes: number;
  /** The file's header: the geometry the overlays are written with. */
  header: NiftiHeader;
  notes: string[];
}

/** The files of one drop, read. */
export interface VolumeFiles {
  probabilities: ProbabilityVolume;
  /** `(X, Y, Z)` labels (x fastest): 0…C−1 or 255 (ignored); binary tasks 0/1. */
  labels?: { name: string; data: Uint8Array };
  notes: string[];
}

const isFloat = (data: unknown) => data instanceof Float32Array || data instanceof Float64Array;

const fileError = (name: string, message: string, cause?: unknown) =>
  new IoFormatError(
    'nifti',
    `${name}: ${message}`,
    cause === undefined ? { path: name } : { path: name, cause },
  );

/**
 * `(X, Y, Z)`, `(X, Y, Z, C)` or `(X, Y, Z, 1, C)` (the NIfTI "vector" layout): the spatial sizes and
 * the number of classes (1 for a 3-D volume: the foreground probability of a binary task).
 */
function splitDims(
  name: string,
  dims: readonly number[],
): { spatial: [number, number, number]; classes: number } {
  const [x, y, z] = [dims[0] ?? 1, dims[1] ?? 1, dims[2] ?? 1];
  if (dims.length <= 3) return { spatial: [x, y, z], classes: 1 };
  if (dims.length === 4) return { spatial: [x, y, z], classes: dims[3]! };
  if (dims.length === 5 && dims[3] === 1) return { spatial: [x, y, z], classes: dims[4]! };
  throw fileError(
    name,
    `dims (${dims.join(', ')}); the volume view reads (X, Y, Z) foreground probabilities or (X, Y, Z, C) class probabilities`,
  );
}

/**
 * Softmax over the classes (C > 1) or a sigmoid (C = 1), in place, when any value lies outside
 * [0, 1]: such files hold logits. A NaN or ±Infinity is refused.
 * @returns whether the values were logits.
 */
function logitsToProbabilities(name: string, data: Float32Array | Float64Array, classes: number): boolean {
  let outside = false;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v))
      throw fileError(name, `value ${v} at element ${i}; probabilities must be finite`);
    if (v < 0 || v > 1) outside = true;
  }
  if (!outside) return false;
  const n = data.length / classes;
  if (classes === 1) {
    for (let i = 0; i < n; i++) data[i] = 1 / (1 + Math.exp(-data[i]!));
    return true;
  }
  for (let i = 0; i < n; i++) {
    let top = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) top = Math.max(top, data[c * n + i]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(data[c * n + i]! - top);
    for (let c = 0; c < classes; c++) data[c * n + i] = Math.exp(data[c * n + i]! - top) / sum;
  }
  return true;
}

/** Reads the probability file. */
function readProbabilities(name: string, volume: ReturnType<typeof decodeNifti>): ProbabilityVolume {
  const { spatial, classes } = splitDims(name, volume.dims);
  if (classes > 255) {
    // the view keeps label volumes as uint8, with 255 for "ignored"
    throw new RangeError(`${name}: ${classes} classes; the volume view shows at most 255`);
  }
  // niftiToProbabilities puts the last axis first: (X, Y, Z, 1, C) → [C, 1, Z, Y, X], same bytes as [C, Z, Y, X]
  const tensor = niftiToProbabilities(volume, { classAxis: classes === 1 ? 'none' : 'last' });
  const notes: string[] = [];
  if (logitsToProbabilities(name, tensor.data, classes)) {
    notes.push(
      `${name}: values outside [0, 1], read as logits (${classes === 1 ? 'sigmoid' : 'softmax over the classes'})`,
    );
  }
  return { name, data: tensor.data, dims: spatial, classes, header: volume.header, notes };
}

/**
 * Labels for `probs`: the same (X, Y, Z). Binary tasks: any nonzero value is the foreground.
 * Multiclass: 0…C−1, or 255 (ignored by the metrics).
 */
function readLabels(
  name: string,
  volume: ReturnType<typeof decodeNifti>,
  probs: ProbabilityVolume,
): Uint8Array {
  const dims = volume.dims;
  const [x, y, z] = probs.dims;
  const extra = dims.slice(3);
  if (dims[0] !== x || (dims[1] ?? 1) !== y || (dims[2] ?? 1) !== z || extra.some((d) => d !== 1)) {
    throw fileError(
      name,
      `dims (${dims.join(', ')}) do not match the probabilities' (X, Y, Z) = (${x}, ${y}, ${z})`,
    );
  }
  const data = volume.data;
  const out = new Uint8Array(x * y * z);
  for (let i = 0; i < out.length; i++) {
    const v = Number(data[i]!);
    if (probs.classes === 1) out[i] = v !== 0 ? 1 : 0;
    else if ((Number.isInteger(v) && v >= 0 && v < probs.classes) || v === 255) out[i] = v;
    else {
      throw fileError(
        name,
        `label ${v} at voxel ${i} is not a class (0…${probs.classes - 1}) nor 255 (ignored)`,
      );
    }
  }
  return out;
}

/** Decodes a file, naming it in the error. */
function decode(file: NamedBytes): ReturnType<typeof decodeNifti> {
  try {
    return decodeNifti(file.bytes);
  } catch (error) {
    if (error instanceof IoFormatError) throw fileError(file.name, error.message, error);
    throw error;
  }
}

/**
 * Sorts and reads one drop of files: one probability volume (floats), at most one label volume
 * (integers). Other files are skipped with a note.
 * @throws IoFormatError naming the file for an unreadable file, a shape the view cannot show, labels
 *   that do not fit the probabilities; RangeError when no file holds probabilities, or for more
 *   than 255 classes.
 */
export function readVolumeFiles(files: readonly NamedBytes[]): VolumeFiles {
  const notes: string[] = [];
  const decoded: { file: NamedBytes; volume: ReturnType<typeof decodeNifti> }[] = [];
  for (const file of files) {
    if (!/\.nii(\.gz)?$/i.test(file.name)) {
      notes.push(`${file.name}: not a .nii or .nii.gz, skipped`);
      continue;
    }
    decoded.push({ file, volume: decode(file) });
  }
  const floats = decoded.filter((d) => isFloat(d.volume.data));
  // with two float files, the probabilities are the one with classes (a 4th axis)
  const probEntry =
    floats.length > 1 ? (floats.find((d) => (d.volume.dims[3] ?? 1) > 1) ?? floats[0]) : floats[0];
  if (!probEntry) {
    throw new RangeError(
      decoded.length === 0
        ? 'drop a NIfTI probability volume (.nii or .nii.gz)'
        : `no probability volume among ${decoded.map((d) => d.file.name).join(', ')}: probabilities are stored as floats (or as integers with a scale factor)`,
    );
  }
  const probabilities = readProbabilities(probEntry.file.name, probEntry.volume);
  const out: VolumeFiles = { probabilities, notes };
  for (const entry of decoded) {
    if (entry === probEntry) continue;
    if (out.labels || isFloat(entry.volume.data)) {
      notes.push(`${entry.file.name}: ignored (one probability volume and one label volume are read)`);
      continue;
    }
    out.labels = { name: entry.file.name, data: readLabels(entry.file.name, entry.volume, probabilities) };
  }
  return out;
}
