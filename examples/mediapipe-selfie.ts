/**
 * MediaPipe selfie segmentation, post-processed with RankSEG, offline in Node.
 *
 *   npx tsx examples/mediapipe-selfie.ts [photo.png] [--out overlay.png] [--json]
 *
 * The model is `selfie_segmentation.tflite` (256×256, Apache-2.0) from the npm package
 * `@mediapipe/selfie_segmentation`, run with LiteRT.js (`@litertjs/core`) through the Node shim in
 * scripts/sample-data/litert-node.ts; the photo defaults to data/samples/astronaut.png. It prints,
 * for `p > 0.5` and for RankSEG (exact solver; Dice, IoU), the pixels selected and the exact expected
 * Dice and IoU (`expectedScore`)
 * of each mask, and writes an overlay: threshold | RankSEG Dice | RankSEG IoU, the mask in blue,
 * and on the RankSEG panels the pixels RankSEG adds in green and drops in magenta.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng8 } from '../scripts/sample-data/image';
import { compileTflite } from '../scripts/sample-data/litert-node';
import { segmentSelfie } from '../scripts/sample-data/selfie';
import { solve } from '../src/index'; // in your code: import { solve } from 'rankseg';
import { readArgs, runIfMain } from './lib/args';
import { type MaskScores, maskScores } from './lib/maskScores';
import { sideBySide, writeRgbPng } from './lib/overlay';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** One mask's figures; RankSEG masks also carry the solver's own expected score. */
export interface MaskReport extends MaskScores {
  solverExpected?: number;
}

/** What the example computes (printed as a table, or as JSON with `--json`). */
export interface SelfieSummary {
  model: string;
  image: string;
  width: number;
  height: number;
  /** Pixels with 0.05 < p < 0.95. */
  uncertain: number;
  masks: { threshold: MaskReport; ranksegDice: MaskReport; ranksegIou: MaskReport };
  overlay: string;
}

/** Runs the example on `argv` (`[photo] [--out file] [--json]`) and returns its summary. */
export async function main(argv: string[]): Promise<SelfieSummary> {
  const args = readArgs(argv, join(tmpdir(), 'rankseg-mediapipe-selfie.png'));
  const imagePath = resolve(args.image ?? join(root, 'data/samples/astronaut.png'));
  const modelPath = join(
    dirname(require.resolve('@mediapipe/selfie_segmentation/package.json')),
    'selfie_segmentation.tflite',
  );

  const model = await compileTflite(modelPath);
  const { image, probs, width, height } = await segmentSelfie(model, decodePng8(readFileSync(imagePath)));
  model.delete();

  // P(person) [1, H, W, 1] from the model is [1, 1, H, W] too: one channel, same memory.
  const tensor = { data: probs, shape: [1, 1, height, width] };
  const threshold = Uint8Array.from(probs, (p) => (p > 0.5 ? 1 : 0));
  const dice = solve(tensor, { metric: 'dice', solver: 'exact', outputMode: 'multilabel' });
  const iou = solve(tensor, { metric: 'iou', solver: 'exact', outputMode: 'multilabel' });

  writeRgbPng(args.out, sideBySide(image, [threshold, dice.mask.data, iou.mask.data], 2));
  let uncertain = 0;
  for (const p of probs) if (p > 0.05 && p < 0.95) uncertain++;
  return {
    model: 'selfie_segmentation.tflite (@mediapipe/selfie_segmentation, LiteRT.js)',
    image: imagePath,
    width,
    height,
    uncertain,
    masks: {
      threshold: maskScores(probs, threshold),
      ranksegDice: { ...maskScores(probs, dice.mask.data), solverExpected: dice.expected[0]! },
      ranksegIou: { ...maskScores(probs, iou.mask.data), solverExpected: iou.expected[0]! },
    },
    overlay: resolve(args.out),
  };
}

/** The summary as a table. */
export function formatSummary(s: SelfieSummary): string {
  const row = (name: string, m: MaskReport) =>
    `${name.padEnd(18)} ${String(m.pixels).padStart(7)}   ${m.dice.toFixed(6).padStart(13)}   ${m.iou.toFixed(6).padStart(12)}`;
  return [
    `model:   ${s.model}`,
    `image:   ${s.image} (model input ${s.width}×${s.height})`,
    `uncertain pixels (0.05 < p < 0.95): ${s.uncertain} of ${s.width * s.height}`,
    '',
    `${'mask'.padEnd(18)} ${'pixels'.padStart(7)}   ${'E[Dice] (exact)'.padStart(15)}   ${'E[IoU] (exact)'.padStart(14)}`,
    row('threshold p > 0.5', s.masks.threshold),
    row('RankSEG, Dice', s.masks.ranksegDice),
    row('RankSEG, IoU', s.masks.ranksegIou),
    '',
    `solve() expected: Dice ${s.masks.ranksegDice.solverExpected?.toFixed(6)}, IoU ${s.masks.ranksegIou.solverExpected?.toFixed(6)}`,
    `overlay: ${s.overlay}`,
    '  panels: threshold | RankSEG Dice | RankSEG IoU; blue = mask, green = added vs threshold, magenta = dropped',
  ].join('\n');
}

runIfMain(import.meta.url, main, formatSummary);
