/** What the page compares on: probabilities `[1, C, H, W]`, a photo to draw on, optional labels. */
import type { PngImage } from 'rankseg/io';
import { centreCrop, type Image8, resizeArea, toRgb } from '../../scripts/sample-data/image';
import { SELFIE_MODELS, segmentPerson, selfieKindFor, selfieModel } from './model';

/** One input to compare argmax and RankSEG on. */
export interface Scene {
  /** `'astronaut'`, `'brain'`… for samples; `'photo'`, `'webcam'`, `'file'` otherwise. */
  id: string;
  title: string;
  /** Probabilities `[1, C, H, W]`, C order. C = 1: a binary task (p of the foreground). */
  probs: Float32Array;
  classes: number;
  height: number;
  width: number;
  classNames: string[];
  /** The picture the masks are drawn on, `width × height`. */
  photo: PngImage;
  /** Ground truth `[H·W]`: binary 0/1, multiclass 0…C−1, 255 = ignore. */
  labels?: Uint8Array;
  /** Where the numbers come from, said in a line or two. */
  notes: string[];
  /** For samples run through the model: max |p(page) − p(shipped .npy)|. */
  modelCheck?: number;
}

/** A photo as the model sees it, and P(person) from the model. */
export interface PersonSegmentation {
  image: Image8;
  probs: Float32Array;
  width: number;
  height: number;
  model: string;
  /** Inference time in milliseconds (the model was loaded and compiled before). */
  ms: number;
}

/**
 * Runs the selfie model on a photo of any size: centre-cropped to the model's aspect ratio and
 * area-resampled to its input, exactly as scripts/sample-data prepares the shipped samples (the
 * same functions), so a shipped sample photo goes through unchanged.
 */
export async function segmentPhoto(photo: Image8): Promise<PersonSegmentation> {
  const kind = selfieKindFor(photo.width, photo.height);
  const { width, height, file } = SELFIE_MODELS[kind];
  const image = resizeArea(centreCrop(photo, width / height), width, height);
  await selfieModel(kind);
  const started = performance.now();
  const probs = await segmentPerson(toRgb(image).data, kind);
  const ms = performance.now() - started;
  return { image, probs, width, height, model: file.replace('models/', ''), ms };
}

/** An {@link Image8} as the `PngImage` the rankseg/io picture helpers take. */
export function asPngImage(image: Image8): PngImage {
  return {
    data: image.data,
    width: image.width,
    height: image.height,
    channels: image.channels,
    bitDepth: 8,
  };
}

/** A flat gray picture, for probabilities that come without a photo. */
export function grayPicture(width: number, height: number, level = 72): PngImage {
  return { data: new Uint8Array(width * height).fill(level), width, height, channels: 1, bitDepth: 8 };
}

/** Largest |a[i] − b[i]|. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}
