/**
 * MediaPipe's selfie segmentation model, run in the page with LiteRT.js (`@litertjs/core`).
 *
 * How the runtime loads in a browser (read from `@litertjs/core/dist/index.js` and
 * `@litertjs/wasm-utils`): `loadLiteRt(url)` runs the Emscripten loader script `url` through a
 * `<script>` tag (`importScripts` in a worker), the loader sets `self.ModuleFactory`, and the
 * factory fetches the `.wasm` that sits beside the loader (it finds its own folder through
 * `document.currentScript`). We pass the full URL of the "compat" loader: a full `.js` path pins
 * the build (LiteRT.js would pick the relaxed-SIMD build by itself when given a folder), and the
 * compat build is the one the shipped sample probabilities were computed with in Node. Both files
 * are copied from node_modules into the page's `litert/` folder at build time (demo/assets.ts).
 *
 * `loadLiteRt` also tries to open a WebGPU device for its default environment; where there is
 * none it logs a warning and goes on. We compile for `accelerator: 'wasm'` (XNNPack on the CPU)
 * in every case, so results do not depend on the GPU.
 */
import { type CompiledModel, loadAndCompile, loadLiteRt, Tensor } from '@litertjs/core';

/** The two MediaPipe selfie models: 256×256 and 256×144 (width × height). */
export type SelfieKind = 'square' | 'landscape';

/** Model input size and file, per kind. */
export const SELFIE_MODELS: Record<SelfieKind, { file: string; width: number; height: number }> = {
  square: { file: 'models/selfie_segmentation.tflite', width: 256, height: 256 },
  landscape: { file: 'models/selfie_segmentation_landscape.tflite', width: 256, height: 144 },
};

/**
 * The model whose aspect ratio is nearer (in log scale) to a `width × height` photo: landscape
 * when width / height > √(16/9) = 4/3.
 */
export function selfieKindFor(width: number, height: number): SelfieKind {
  return width * 3 > height * 4 ? 'landscape' : 'square';
}

let runtime: Promise<unknown> | undefined;
const compiled = new Map<SelfieKind, Promise<CompiledModel>>();

/** Keeps the runtime's INFO lines out of the console (Emscripten's `printErr`). */
function printErr(line: string): void {
  if (!line.startsWith('INFO:') && !line.includes('NPU accelerator could not be loaded')) console.warn(line);
}

/** Loads the LiteRT.js wasm runtime once. */
function loadRuntime(): Promise<unknown> {
  if (!runtime) {
    // createWasmLib hands `self.Module` to the Emscripten factory, then clears it.
    (self as unknown as { Module?: unknown }).Module = { printErr };
    const loader = new URL('litert/litert_wasm_compat_internal.js', document.baseURI).href;
    runtime = loadLiteRt(loader);
  }
  return runtime;
}

/** The compiled model of `kind` (loaded and compiled on first use, then kept). */
export function selfieModel(kind: SelfieKind): Promise<CompiledModel> {
  let model = compiled.get(kind);
  if (!model) {
    model = loadRuntime().then(async () => {
      const response = await fetch(new URL(SELFIE_MODELS[kind].file, document.baseURI));
      if (!response.ok)
        throw new Error(`could not load ${SELFIE_MODELS[kind].file}: HTTP ${response.status}`);
      return loadAndCompile(new Uint8Array(await response.arrayBuffer()), { accelerator: 'wasm' });
    });
    model.catch(() => compiled.delete(kind));
    compiled.set(kind, model);
  }
  return model;
}

/**
 * P(person) per pixel for an RGB image already at the model's input size.
 *
 * As MediaPipe's graph: RGB floats in [0, 1], input `[1, H, W, 3]`; the output `[1, H, W, 1]` has
 * gone through the model's final sigmoid, so it is a probability.
 *
 * @param rgb - `width · height · 3` bytes, row-major, interleaved.
 * @returns a new Float32Array of `width · height` probabilities.
 */
export async function segmentPerson(rgb: Uint8Array, kind: SelfieKind): Promise<Float32Array> {
  const { width, height } = SELFIE_MODELS[kind];
  if (rgb.length !== width * height * 3) {
    throw new RangeError(`rgb has ${rgb.length} bytes; the ${kind} model needs ${width}×${height}×3`);
  }
  const model = await selfieModel(kind);
  const input = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) input[i] = rgb[i]! / 255;
  const tensor = new Tensor(input, [1, height, width, 3]);
  try {
    const outputs = await model.run(tensor);
    try {
      const first = outputs[0];
      if (!first) throw new Error('the model produced no output');
      return Float32Array.from(first.toTypedArray() as Float32Array);
    } finally {
      for (const t of outputs) t.delete();
    }
  } finally {
    tensor.delete();
  }
}
