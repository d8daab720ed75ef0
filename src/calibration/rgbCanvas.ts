import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphInk } from './bitmapFont';

/** An `[r, g, b]` colour, 0…255 each. */
export type Color = readonly [number, number, number];

/** An 8-bit RGB raster, rows top to bottom (the shape `encodePng` takes). */
export interface RgbRaster {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3;
  bitDepth: 8;
}

/**
 * A minimal RGB rasterizer: axis-aligned rectangles (opaque or blended), 1-pixel lines and text in
 * the bitmap font. Everything is clipped to the image. Integer pixel coordinates, x right, y down.
 *
 * @example
 * ```ts
 * const canvas = new RgbCanvas(100, 40, [255, 255, 255]);
 * canvas.text(4, 4, 'ECE 0.12', [0, 0, 0], 2);
 * const image = canvas.image; // { data, width: 100, height: 40, channels: 3, bitDepth: 8 }
 * ```
 */
export class RgbCanvas {
  readonly image: RgbRaster;

  constructor(width: number, height: number, background: Color) {
    const data = new Uint8Array(width * height * 3);
    for (let k = 0; k < data.length; k += 3) data.set(background, k);
    this.image = { data, width, height, channels: 3, bitDepth: 8 };
  }

  /** Fills [x, x + w) × [y, y + h) with `color` mixed over what is there: alpha 1 is opaque. */
  fill(x: number, y: number, w: number, h: number, color: Color, alpha = 1): void {
    const { data, width, height } = this.image;
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(width, Math.round(x + w));
    const y1 = Math.min(height, Math.round(y + h));
    for (let row = y0; row < y1; row++) {
      for (let col = x0; col < x1; col++) {
        const k = (row * width + col) * 3;
        for (let ch = 0; ch < 3; ch++)
          data[k + ch] = Math.round(alpha * color[ch]! + (1 - alpha) * data[k + ch]!);
      }
    }
  }

  /** A 1-pixel line from (x0, y0) to (x1, y1); with `dash` > 0, `dash` pixels on, `dash` off. */
  line(x0: number, y0: number, x1: number, y1: number, color: Color, dash = 0): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let s = 0; s <= steps; s++) {
      if (dash > 0 && Math.floor(s / dash) % 2 === 1) continue;
      const t = s / steps;
      this.fill(Math.round(x0 + t * (x1 - x0)), Math.round(y0 + t * (y1 - y0)), 1, 1, color);
    }
  }

  /** Draws `text` with its top-left corner at (x, y), each font pixel a `scale` × `scale` square. */
  text(x: number, y: number, text: string, color: Color, scale = 1): void {
    let left = x;
    for (const ch of text) {
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (glyphInk(ch, gx, gy)) this.fill(left + gx * scale, y + gy * scale, scale, scale, color);
        }
      }
      left += (GLYPH_WIDTH + 1) * scale;
    }
  }
}

/**
 * Width in pixels of `text` drawn at `scale` (the trailing space of the last character excluded).
 *
 * @example
 * ```ts
 * textWidth('0.5', 2); // 34
 * ```
 */
export function textWidth(text: string, scale = 1): number {
  const n = [...text].length;
  return n === 0 ? 0 : (n * (GLYPH_WIDTH + 1) - 1) * scale;
}
