import type { FloatArray } from '../../kernels/types';

/**
 * Bilinear resize of `planes` stacked `inHeight × inWidth` images, value for value as
 * transformers.js's `interpolate(tensor, [h, w], 'bilinear', false)` (`utils/tensor.js`, which calls
 * `interpolate_data` in `utils/maths.js`) — the resize inside its
 * `post_process_semantic_segmentation`.
 *
 * Half-pixel centres (align_corners false): output pixel (i, j) samples the input at
 * x = (j + ½)/sₓ − ½, y = (i + ½)/s_y − ½ with sₓ = outWidth/inWidth, s_y = outHeight/inHeight.
 * With x₁ = ⌊x⌋, x₂ = min(x₁ + 1, inWidth − 1), then x₁ clamped to ≥ 0 and s = x − x₁ (t likewise),
 * the value is (1−s)(1−t)·a + s(1−t)·b + (1−s)t·c + st·d for the four neighbours a, b, c, d, summed
 * in that order in float64 and stored in `out` (a Float32Array rounds once, as theirs does). Near
 * the top/left border s (or t) is negative and x₁ = x₂, so the weights still sum to 1 on one pixel.
 * No antialiasing when shrinking (theirs has none). O(planes · outHeight · outWidth).
 *
 * @param src - input, `[planes, inHeight, inWidth]` C order; never written.
 * @param out - output, `[planes, outHeight, outWidth]`; written in full.
 * @example
 * ```ts
 * const out = new Float32Array(4);
 * resizeLikeTransformers(new Float32Array([0, 1]), 1, 1, 2, 1, 4, out);
 * // x = (j + ½)/2 − ½ = −0.25, 0.25, 0.75, 1.25 → out = [0, 0.25, 0.75, 1]
 * ```
 */
export function resizeLikeTransformers(
  src: FloatArray,
  planes: number,
  inHeight: number,
  inWidth: number,
  outHeight: number,
  outWidth: number,
  out: FloatArray,
): void {
  const xs = axisSamples(inWidth, outWidth);
  const ys = axisSamples(inHeight, outHeight);
  const inPlane = inHeight * inWidth;
  const outPlane = outHeight * outWidth;
  for (let i = 0; i < outHeight; i++) {
    const t = ys.frac[i]!;
    const row1 = ys.low[i]! * inWidth;
    const row2 = ys.high[i]! * inWidth;
    for (let j = 0; j < outWidth; j++) {
      const s = xs.frac[j]!;
      const w1 = (1 - s) * (1 - t);
      const w2 = s * (1 - t);
      const w3 = (1 - s) * t;
      const w4 = s * t;
      const a = row1 + xs.low[j]!;
      const b = row1 + xs.high[j]!;
      const c = row2 + xs.low[j]!;
      const d = row2 + xs.high[j]!;
      const at = i * outWidth + j;
      for (let k = 0; k < planes; k++) {
        const base = k * inPlane;
        out[k * outPlane + at] =
          w1 * src[base + a]! + w2 * src[base + b]! + w3 * src[base + c]! + w4 * src[base + d]!;
      }
    }
  }
}

/** Per output index along one axis: the two input neighbours and the (unclamped) fraction. */
function axisSamples(
  inSize: number,
  outSize: number,
): { low: Int32Array; high: Int32Array; frac: Float64Array } {
  const scale = outSize / inSize;
  const low = new Int32Array(outSize);
  const high = new Int32Array(outSize);
  const frac = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const x = (o + 0.5) / scale - 0.5; // divided by the scale, as theirs: (o + ½)·in/out can round differently
    const floor = Math.floor(x);
    high[o] = Math.min(floor + 1, inSize - 1);
    low[o] = Math.max(floor, 0);
    frac[o] = x - low[o]!; // negative for x < 0: theirs clamps the index, not the fraction
  }
  return { low, high, frac };
}
