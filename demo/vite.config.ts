/**
 * Vite build of the web demo: `vite build --config demo/vite.config.ts` → demo/dist/.
 *
 * The page imports the library from src/ (alias `rankseg` → src/index.ts), so it always shows the
 * code of this checkout and proves that the core bundles for a browser with no Node built-ins.
 * The model, the LiteRT.js runtime and the sample data are copied from the repository and from
 * node_modules into the output by `demoAssets` (see demo/assets.ts): nothing is fetched from
 * the internet at run time.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { demoAssets } from './assets.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  // Relative URLs: the built page works from any folder (a file server, GitHub Pages, a sub path).
  base: './',
  publicDir: false,
  resolve: {
    alias: [
      { find: /^rankseg$/, replacement: here('../src/index.ts') },
      { find: /^rankseg\/io$/, replacement: here('../src/io/index.ts') },
    ],
  },
  plugins: [demoAssets()],
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    // The wasm runtime is 9 MB; the page's own bundle stays small (NiiVue, on volume.html, is ~1.5 MB).
    chunkSizeWarningLimit: 2000,
    // two pages: the 2-D demo and the volume view (demo/src/volume/)
    rolldownOptions: { input: { main: here('index.html'), volume: here('volume.html') } },
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
