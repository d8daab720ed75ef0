import { describe, expect, it } from 'vitest';
import { canDraw, glyphInk } from '../../src/calibration/bitmapFont';
import { reliabilityDiagram } from '../../src/calibration/reliabilityDiagram';
import { RgbCanvas, textWidth } from '../../src/calibration/rgbCanvas';
import type { ReliabilityBin } from '../../src/calibration/types';
import { decodePng, encodePng } from '../../src/io/index';

/** 15 bins, all empty but bin 12 ([0.8, 0.867)): confidence 0.83, accuracy 0.5. */
function oneBin(): ReliabilityBin[] {
  return Array.from({ length: 15 }, (_, k) => ({
    lower: k / 15,
    upper: (k + 1) / 15,
    count: k === 12 ? 40 : 0,
    confidence: k === 12 ? 0.83 : Number.NaN,
    accuracy: k === 12 ? 0.5 : Number.NaN,
  }));
}

const pixel = (img: { data: Uint8Array; width: number }, x: number, y: number) => {
  const k = (y * img.width + x) * 3;
  return [img.data[k], img.data[k + 1], img.data[k + 2]];
};

describe('the reliability diagram', () => {
  it('draws one 370-pixel panel per entry, encodable as PNG and decoded back unchanged', () => {
    const img = reliabilityDiagram([
      { title: 'before: T = 1', subtitle: 'ECE 0.330', bins: oneBin() },
      { title: 'after: T = 2.48', subtitle: 'ECE 0.008', bins: oneBin() },
    ]);
    expect(img.width).toBe(740);
    expect(img.channels).toBe(3);
    const back = decodePng(encodePng(img));
    expect(back.width).toBe(img.width);
    expect(back.height).toBe(img.height);
    expect(back.data).toEqual(img.data);
  });

  it('fills the bin up to its accuracy in blue and shades the gap to its confidence in red', () => {
    const img = reliabilityDiagram([{ title: 'x', subtitle: 'y', bins: oneBin() }]);
    // plot: left 50, top 72, 300 px square; bin 12 spans x = 50 + 240 … 50 + 260
    const x = 50 + 250;
    const bottom = 72 + 300;
    expect(pixel(img, x, bottom - 0.25 * 300)).toEqual([62, 106, 178]); // under accuracy 0.5
    const gap = pixel(img, x, bottom - 0.65 * 300); // between 0.5 and 0.83
    expect(gap[0]!).toBeGreaterThan(gap[2]!);
    expect(pixel(img, x, bottom - 0.95 * 300)).toEqual([255, 255, 255]); // above the confidence
    expect(pixel(img, 50 + 100, bottom - 0.5 * 300)).not.toEqual([62, 106, 178]); // an empty bin
  });

  it('refuses no panel and captions the font cannot draw', () => {
    expect(() => reliabilityDiagram([])).toThrow(RangeError);
    expect(() => reliabilityDiagram([{ title: 'τ = 2', subtitle: '', bins: oneBin() }])).toThrow(
      /no glyph for "τ"/,
    );
  });
});

describe('the bitmap font and canvas', () => {
  it('draws the stem of a 1 in the middle column, and nothing for a space', () => {
    expect(glyphInk('1', 2, 3)).toBe(true);
    expect(glyphInk('1', 0, 3)).toBe(false);
    expect(glyphInk(' ', 2, 3)).toBe(false);
    expect(canDraw('before: T = 1, ECE 0.12 (log scale)')).toBe(true);
    expect(canDraw('β')).toBe(false);
  });

  it('measures text as 6 pixels a character less the last space, times the scale', () => {
    expect(textWidth('0.5', 2)).toBe(34);
    expect(textWidth('', 2)).toBe(0);
    const canvas = new RgbCanvas(20, 10, [255, 255, 255]);
    canvas.text(1, 1, '1', [0, 0, 0]);
    expect(pixel(canvas.image, 3, 1)).toEqual([0, 0, 0]); // the top of the stem
    expect(pixel(canvas.image, 0, 0)).toEqual([255, 255, 255]);
  });

  it('blends a rectangle over what is there and clips at the edges', () => {
    const canvas = new RgbCanvas(4, 4, [0, 0, 0]);
    canvas.fill(-2, -2, 4, 4, [200, 100, 50], 0.5);
    expect(pixel(canvas.image, 0, 0)).toEqual([100, 50, 25]);
    expect(pixel(canvas.image, 2, 2)).toEqual([0, 0, 0]);
  });
});
