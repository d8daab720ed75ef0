/**
 * Bilinear resampling of an 8-bit image with half-pixel centres and edge clamping — the geometry of
 * OpenCV's `cv2.resize(img, (w, h))` (INTER_LINEAR), which PaddleOCR's `DetResizeForTest` calls.
 * OpenCV computes 8-bit images in fixed point (11-bit weights), so values may differ from it by 1.
 */
import type { Image8 } from '../../scripts/sample-data/image';

/** Per output index along an axis: the two source indices and the weight of the second. */
function taps(src: number, dst: number): { i0: Int32Array; i1: Int32Array; t: Float64Array } {
  const i0 = new Int32Array(dst);
  const i1 = new Int32Array(dst);
  const t = new Float64Array(dst);
  const scale = src / dst;
  for (let o = 0; o < dst; o++) {
    const x = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), src - 1);
    const lo = Math.floor(x);
    i0[o] = lo;
    i1[o] = Math.min(lo + 1, src - 1);
    t[o] = x - lo;
  }
  return { i0, i1, t };
}

/** Resamples `img` to `width × height`; values rounded to 8 bits. O(width · height · channels). */
export function resizeBilinear(img: Image8, width: number, height: number): Image8 {
  const c = img.channels;
  const xs = taps(img.width, width);
  const ys = taps(img.height, height);
  const data = new Uint8Array(width * height * c);
  for (let y = 0; y < height; y++) {
    const r0 = ys.i0[y]! * img.width;
    const r1 = ys.i1[y]! * img.width;
    const ty = ys.t[y]!;
    for (let x = 0; x < width; x++) {
      const tx = xs.t[x]!;
      for (let k = 0; k < c; k++) {
        const a = img.data[(r0 + xs.i0[x]!) * c + k]!;
        const b = img.data[(r0 + xs.i1[x]!) * c + k]!;
        const d = img.data[(r1 + xs.i0[x]!) * c + k]!;
        const e = img.data[(r1 + xs.i1[x]!) * c + k]!;
        const top = a + (b - a) * tx;
        const bottom = d + (e - d) * tx;
        data[(y * width + x) * c + k] = Math.round(top + (bottom - top) * ty);
      }
    }
  }
  return { width, height, channels: c, data };
}
