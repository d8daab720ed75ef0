/**
 * The static files the demo page loads, copied from the repository and from installed npm packages
 * into the build output (and served under the same paths by `vite` in development).
 *
 * - `litert/`: the LiteRT.js wasm runtime (`@litertjs/core/wasm`). Only the "compat" build (plain
 *   SIMD, single thread): it runs in every current browser, and it is the build the sample
 *   probabilities were made with (scripts/sample-data/litert-node.ts), so the page can check that
 *   its model output matches them.
 * - `models/`: MediaPipe's selfie segmentation models (`@mediapipe/selfie_segmentation`), square
 *   256×256 and landscape 256×144.
 * - `samples/`: data/samples (photos, probabilities as `.npy`, samples.json).
 */
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);
const repo = fileURLToPath(new URL('..', import.meta.url));

/** Output path (relative to the page) → absolute source file. */
export function demoAssetFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const litert = join(dirname(require.resolve('@litertjs/core/package.json')), 'wasm');
  for (const name of ['litert_wasm_compat_internal.js', 'litert_wasm_compat_internal.wasm']) {
    files.set(`litert/${name}`, join(litert, name));
  }
  const selfie = dirname(require.resolve('@mediapipe/selfie_segmentation/package.json'));
  for (const name of ['selfie_segmentation.tflite', 'selfie_segmentation_landscape.tflite']) {
    files.set(`models/${name}`, join(selfie, name));
  }
  const samples = join(repo, 'data/samples');
  for (const name of readdirSync(samples)) {
    if (/\.(png|npy|json)$/.test(name)) files.set(`samples/${name}`, join(samples, name));
  }
  return files;
}

const MIME: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** Vite plugin: emits {@link demoAssetFiles} into the build, and serves them in `vite` dev. */
export function demoAssets(): Plugin {
  const files = demoAssetFiles();
  return {
    name: 'rankseg-demo-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '').replace(/^\/+/, '');
        const file = files.get(path);
        if (!file) return next();
        res.setHeader('Content-Type', MIME[extname(file)] ?? 'application/octet-stream');
        res.setHeader('Content-Length', statSync(file).size);
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const [fileName, file] of files) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
      }
    },
  };
}
