import type { FloatArray } from '../../kernels/types';

const f32 = Math.fround;

/**
 * Bilinear resize of `planes` stacked `inHeight × inWidth` images, value for value as the ONNX
 * `Resize` operator (`mode: 'linear'`, default `coordinate_transformation_mode: 'half_pixel'`) of
 * onnxruntime's CPU/wasm kernel — which is what transformers.js's `interpolate_4d(x, {mode:
 * 'bilinear', size})` runs (a one-node ONNX graph in `ops/registry.js`), and so what its SAM
 * `post_process_masks` uses. Only the top-left `cropHeight × cropWidth` corner of the
 * `outHeight × outWidth` result is computed and written: the same values as resizing, then
 * slicing `[0, cropHeight) × [0, cropWidth)`, without the rest.
 *
 * Per axis, in float32 as the kernel: scale s = f32(out/in); source coordinate
 * x = f32(f32(o + ½)/s) − ½ (or x = o when s = 1), clamped to [0, in − 1]; x₁ = ⌊x⌋,
 * x₂ = min(x₁ + 1, in − 1); weights dx₁ = |x − x₁|, dx₂ = |x − x₂|, both ½ when x₁ = x₂. The value
 * is dx₂dy₂·X₁₁ + dx₁dy₂·X₂₁ + dx₂dy₁·X₁₂ + dx₁dy₁·X₂₂, left to right, every product and sum
 * rounded to float32 for Float32Array data (float64 arithmetic on float32 weights for Float64Array
 * data, as the kernel's double version). O(planes · cropHeight · cropWidth).
 *
 * @param src - input, `[planes, inHeight, inWidth]` C order; never written.
 * @param out - output, `[planes, cropHeight, cropWidth]`; written in full.
 * @param cropHeight - rows of the result to compute, ≤ outHeight (default all).
 * @param cropWidth - columns of the result to compute, ≤ outWidth (default all).
 * @example
 * ```ts
 * const out = new Float32Array(4);
 * resizeLikeOnnxRuntime(new Float32Array([0, 1]), 1, 1, 2, 1, 4, out);
 * // x = −0.25 → 0 (clamped), 0.25, 0.75, 1.25 → 1 (clamped): out = [0, 0.25, 0.75, 1]
 * ```
 */
export function resizeLikeOnnxRuntime(
  src: FloatArray,
  planes: number,
  inHeight: number,
  inWidth: number,
  outHeight: number,
  outWidth: number,
  out: FloatArray,
  cropHeight = outHeight,
  cropWidth = outWidth,
): void {
  const xs = axisWeights(inWidth, outWidth, cropWidth);
  const ys = axisWeights(inHeight, outHeight, cropHeight);
  const single = src instanceof Float32Array;
  const inPlane = inHeight * inWidth;
  const outPlane = cropHeight * cropWidth;
  for (let k = 0; k < planes; k++) {
    const base = k * inPlane;
    const outBase = k * outPlane;
    for (let y = 0; y < cropHeight; y++) {
      const dy1 = ys.d1[y]!;
      const dy2 = ys.d2[y]!;
      const row1 = base + ys.i1[y]! * inWidth;
      const row2 = base + ys.i2[y]! * inWidth;
      for (let x = 0; x < cropWidth; x++) {
        const dx1 = xs.d1[x]!;
        const dx2 = xs.d2[x]!;
        const x11 = src[row1 + xs.i1[x]!]!;
        const x21 = src[row1 + xs.i2[x]!]!;
        const x12 = src[row2 + xs.i1[x]!]!;
        const x22 = src[row2 + xs.i2[x]!]!;
        // Weight products are float32 in the kernel whatever the data type.
        const w11 = f32(dx2 * dy2);
        const w21 = f32(dx1 * dy2);
        const w12 = f32(dx2 * dy1);
        const w22 = f32(dx1 * dy1);
        out[outBase + y * cropWidth + x] = single
          ? f32(f32(f32(f32(w11 * x11) + f32(w21 * x21)) + f32(w12 * x12)) + f32(w22 * x22))
          : w11 * x11 + w21 * x21 + w12 * x12 + w22 * x22;
      }
    }
  }
}

/** Neighbour indices and float32 weights of the first `count` output positions along one axis. */
function axisWeights(
  inSize: number,
  outSize: number,
  count: number,
): { i1: Int32Array; i2: Int32Array; d1: Float32Array; d2: Float32Array } {
  const scale = f32(outSize / inSize);
  const i1 = new Int32Array(count);
  const i2 = new Int32Array(count);
  const d1 = new Float32Array(count);
  const d2 = new Float32Array(count);
  for (let o = 0; o < count; o++) {
    let x = scale === 1 ? o : f32(f32(f32(o + 0.5) / scale) - 0.5);
    x = Math.max(0, Math.min(x, inSize - 1));
    const a = Math.min(Math.trunc(x), inSize - 1);
    const b = Math.min(a + 1, inSize - 1);
    i1[o] = a;
    i2[o] = b;
    // A float32 difference: the Float32Array store rounds the (exact) double difference once.
    d1[o] = a === b ? 0.5 : Math.abs(x - a);
    d2[o] = a === b ? 0.5 : Math.abs(x - b);
  }
  return { i1, i2, d1, d2 };
}
