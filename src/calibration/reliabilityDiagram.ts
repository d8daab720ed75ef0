/**
 * Reliability diagrams drawn by our own rasterizer: per confidence bin, how often the predictions
 * were right, against the diagonal of perfect calibration.
 *
 * @module
 */

import { GLYPH_HEIGHT } from './bitmapFont';
import { type Color, RgbCanvas, type RgbRaster, textWidth } from './rgbCanvas';
import type { ReliabilityBin } from './types';

/** One panel of a diagram. */
export interface ReliabilityPanel {
  /** First caption line, e.g. `before: T = 1`. */
  title: string;
  /** Second caption line, e.g. `ECE 0.197  NLL 1.22`. */
  subtitle: string;
  bins: readonly ReliabilityBin[];
}

const PLOT = 300;
const SCALE = 2;
const LINE = GLYPH_HEIGHT * SCALE;
const LEFT = 50;
const RIGHT = 20;
const TOP = 72;
const STRIP = 48;
const PANEL_WIDTH = LEFT + PLOT + RIGHT;
const HEIGHT = TOP + PLOT + 8 + LINE + 8 + LINE + 12 + STRIP + 8 + LINE + 10;

const WHITE: Color = [255, 255, 255];
const INK: Color = [40, 40, 40];
const GRID: Color = [225, 225, 225];
const FRAME: Color = [150, 150, 150];
const ACCURACY: Color = [62, 106, 178];
const GAP: Color = [214, 69, 65];
const COUNT: Color = [120, 120, 120];

/**
 * Draws one panel per entry side by side (e.g. before and after calibration). In each: a bar per
 * bin up to its accuracy (blue), the gap to its mean confidence shaded red, the diagonal of perfect
 * calibration dashed, axes from 0 to 1 (x: confidence, y: accuracy); below, a strip with the count
 * of each bin on a log scale (log(1 + n) / log(1 + max n)), since nearly all pixels of a
 * segmentation sit in the top bin. Empty bins draw nothing. O(panels · 300²).
 *
 * @returns an 8-bit RGB raster `{ data, width, height, channels: 3, bitDepth: 8 }` for `encodePng`.
 * @throws {RangeError} for no panel, or a caption with a character the bitmap font lacks.
 * @example
 * ```ts
 * import { encodePng } from 'rankseg/io';
 * const fit = fitTemperature(probs, labels);
 * const png = encodePng(reliabilityDiagram([
 *   { title: 'before: T = 1', subtitle: `ECE ${fit.ece.before.toFixed(3)}`, bins: fit.reliability.before },
 *   { title: `after: T = ${fit.temperature.toFixed(2)}`, subtitle: `ECE ${fit.ece.after.toFixed(3)}`, bins: fit.reliability.after },
 * ]));
 * ```
 */
export function reliabilityDiagram(panels: readonly ReliabilityPanel[]): RgbRaster {
  if (panels.length === 0) throw new RangeError('reliabilityDiagram needs at least one panel');
  const canvas = new RgbCanvas(PANEL_WIDTH * panels.length, HEIGHT, WHITE);
  for (let k = 0; k < panels.length; k++) drawPanel(canvas, k * PANEL_WIDTH, panels[k]!);
  return canvas.image;
}

function drawPanel(canvas: RgbCanvas, x0: number, panel: ReliabilityPanel): void {
  const left = x0 + LEFT;
  const top = TOP;
  const bottom = top + PLOT;
  canvas.text(left, 8, panel.title, INK, SCALE);
  canvas.text(left, 8 + LINE + 6, panel.subtitle, INK, SCALE);
  canvas.text(left, top - LINE - 8, 'accuracy', INK, SCALE);
  // light grid at 0.25, 0.5, 0.75
  for (const f of [0.25, 0.5, 0.75]) {
    canvas.fill(left, bottom - Math.round(f * PLOT), PLOT, 1, GRID);
    canvas.fill(left + Math.round(f * PLOT), top, 1, PLOT, GRID);
  }
  const M = panel.bins.length;
  for (let k = 0; k < M; k++) {
    const bin = panel.bins[k]!;
    if (!(bin.count > 0)) continue;
    const x = left + Math.round(bin.lower * PLOT);
    const w = Math.max(1, left + Math.round(bin.upper * PLOT) - x - 1);
    const accuracyY = bottom - Math.round(bin.accuracy * PLOT);
    const confidenceY = bottom - Math.round(bin.confidence * PLOT);
    canvas.fill(x, accuracyY, w, bottom - accuracyY, ACCURACY);
    const [y, h] =
      accuracyY < confidenceY ? [accuracyY, confidenceY - accuracyY] : [confidenceY, accuracyY - confidenceY];
    canvas.fill(x, y, w, Math.max(1, h), GAP, 0.55);
  }
  canvas.line(left, bottom, left + PLOT, top, INK, 4);
  // frame
  canvas.fill(left, top, PLOT, 1, FRAME);
  canvas.fill(left, bottom, PLOT + 1, 1, FRAME);
  canvas.fill(left, top, 1, PLOT, FRAME);
  canvas.fill(left + PLOT, top, 1, PLOT, FRAME);
  // ticks: 0, 0.5, 1 on both axes
  const ticks: [number, string][] = [
    [0, '0'],
    [0.5, '0.5'],
    [1, '1'],
  ];
  for (const [f, label] of ticks) {
    const w = textWidth(label, SCALE);
    canvas.text(
      left + Math.round(f * PLOT) - (f === 0 ? 0 : f === 1 ? w : w >> 1),
      bottom + 8,
      label,
      INK,
      SCALE,
    );
    canvas.text(left - w - 6, bottom - Math.round(f * PLOT) - (LINE >> 1), label, INK, SCALE);
  }
  const caption = 'confidence';
  canvas.text(left + ((PLOT - textWidth(caption, SCALE)) >> 1), bottom + 8 + LINE + 8, caption, INK, SCALE);
  // counts per bin, log scale
  const stripTop = bottom + 8 + LINE + 8 + LINE + 12;
  let most = 0;
  for (const bin of panel.bins) most = Math.max(most, bin.count);
  canvas.fill(left, stripTop + STRIP, PLOT + 1, 1, FRAME);
  for (const bin of panel.bins) {
    if (!(bin.count > 0)) continue;
    const h = Math.max(1, Math.round((STRIP * Math.log1p(bin.count)) / Math.log1p(most)));
    const x = left + Math.round(bin.lower * PLOT);
    const w = Math.max(1, left + Math.round(bin.upper * PLOT) - x - 1);
    canvas.fill(x, stripTop + STRIP - h, w, h, COUNT);
  }
  canvas.text(left, stripTop + STRIP + 8, 'count (log scale)', INK, SCALE);
}
