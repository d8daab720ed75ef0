/**
 * Runs a `.tflite` model in Node with LiteRT.js (`@litertjs/core`), which is written for browsers.
 *
 * The shim, and why each piece is needed (read from `@litertjs/core/dist/index.js`,
 * `@litertjs/wasm-utils/dist/index.js` and the Emscripten loaders in `@litertjs/core/wasm/`):
 * - `loadLiteRt(dir)` picks a loader script in `dir` (`litert_wasm_internal.js` when the engine has
 *   relaxed SIMD, else `litert_wasm_compat_internal.js`) and hands it to `createWasmLib`, which runs
 *   it with `importScripts(url)` when that global is a function (a web worker), else with a
 *   `<script>` tag; then it calls `self.ModuleFactory(self.Module)`.
 *   → we define `self` (= globalThis) and `importScripts`, and pass the compat loader's full path
 *   (see LITERT_LOADER) so that the wasm build does not depend on the engine.
 * - The loader is an Emscripten UMD script that detects Node itself (`process.versions.node`) and
 *   then reads its `.wasm` with `require('node:fs')` from `__dirname`. An ESM program has neither
 *   `require` nor `__dirname`, so `importScripts` compiles the loader as a CommonJS function body
 *   (`vm.compileFunction` with parameters `require, module, exports, __filename, __dirname`) and
 *   publishes its `module.exports` as `self.ModuleFactory`. No global `require` is leaked.
 * - `Environment.create()` tries WebGPU through `navigator.gpu`; Node 20 has no `navigator`, and
 *   LiteRT.js catches the error and warns (we mute that one message while loading). We compile
 *   with `accelerator: 'wasm'` (XNNPack on the CPU).
 * - `self.Module = { printErr }` is handed to the Emscripten factory to drop its INFO log lines
 *   and its "no NPU" warning.
 * - The model is passed as bytes (`Uint8Array`), so no `fetch` of a file path is needed.
 * The globals are removed again after loading, so nothing else in the process sees them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFunction } from 'node:vm';
import { type CompiledModel, loadAndCompile, loadLiteRt, Tensor } from '@litertjs/core';

const require = createRequire(import.meta.url);

/** Directory of the LiteRT.js wasm loaders inside the installed npm package. */
export function liteRtWasmDir(): string {
  const pkg = require.resolve('@litertjs/core/package.json');
  return join(dirname(pkg), 'wasm');
}

/** The globals the shim sets while loading: `self`, `importScripts`, `Module`, `ModuleFactory`. */
const shim = globalThis as unknown as Record<string, unknown>;

/** Runs an Emscripten UMD loader as CommonJS and exposes its factory as `self.ModuleFactory`. */
function importScriptsNode(url: string): void {
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  const params = ['require', 'module', 'exports', '__filename', '__dirname'];
  const run = compileFunction(readFileSync(file, 'utf8'), params, { filename: file });
  const mod: { exports: unknown } = { exports: {} };
  run(createRequire(file), mod, mod.exports, file, dirname(file));
  shim['ModuleFactory'] = mod.exports;
}

/**
 * The loader LiteRT.js would pick on an engine without relaxed SIMD (Node 20). Naming it pins the
 * wasm build, so outputs do not change with the Node version's SIMD support.
 */
export const LITERT_LOADER = 'litert_wasm_compat_internal.js';

/** Drops the runtime's INFO lines and its warning that no NPU exists; keeps other warnings and errors. */
function printErr(line: string): void {
  if (!line.startsWith('INFO:') && !line.includes('NPU accelerator could not be loaded')) console.error(line);
}

let loaded: Promise<void> | undefined;

/** Loads the LiteRT.js wasm runtime once per process (single-threaded CPU build, no JSPI). */
export function initLiteRt(): Promise<void> {
  if (loaded) return loaded;
  const warn = console.warn;
  shim['self'] = globalThis;
  shim['importScripts'] = importScriptsNode;
  shim['Module'] = { printErr }; // createWasmLib passes self.Module to the factory, then clears it
  // Node has no navigator.gpu: LiteRT.js warns that WebGPU is unavailable; we only use the CPU.
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('Failed to create default WebGPU device')) warn(...args);
  };
  const restore = () => {
    console.warn = warn;
    for (const name of ['self', 'importScripts', 'Module', 'ModuleFactory']) delete shim[name];
  };
  loaded = loadLiteRt(join(liteRtWasmDir(), LITERT_LOADER)).then(restore, (error: unknown) => {
    restore();
    throw error;
  });
  return loaded;
}

/** Loads and compiles a `.tflite` file for the CPU (XNNPack) accelerator. */
export async function compileTflite(path: string): Promise<CompiledModel> {
  await initLiteRt();
  return loadAndCompile(new Uint8Array(readFileSync(path)), { accelerator: 'wasm' });
}

/** Shape and element type of a model tensor, as LiteRT.js reports it. */
export interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[];
}

/** The model's input and output tensors. */
export function describe(model: CompiledModel): { inputs: TensorInfo[]; outputs: TensorInfo[] } {
  const info = (d: { name: string; dtype: unknown; shape: ArrayLike<number> }): TensorInfo => ({
    name: d.name,
    dtype: String(d.dtype),
    shape: Array.from(d.shape),
  });
  return { inputs: model.getInputDetails().map(info), outputs: model.getOutputDetails().map(info) };
}

/**
 * Runs a single-input, single-output float32 model.
 * @returns a copy of the output data (the LiteRT tensors are freed).
 */
export async function runFloat32(
  model: CompiledModel,
  input: Float32Array,
  shape: number[],
): Promise<Float32Array> {
  const tensor = new Tensor(input, shape);
  const outputs = await model.run(tensor);
  tensor.delete();
  const first = outputs[0];
  if (!first) throw new Error('model produced no output');
  const data = Float32Array.from(first.toTypedArray() as Float32Array);
  for (const t of outputs) t.delete();
  return data;
}
