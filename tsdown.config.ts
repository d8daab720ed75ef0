import { defineConfig } from 'tsdown';

// pluginTimings: rolldown's note on slow plugins (the .d.ts generator) is noise on every build.
const shared = {
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warn',
  inputOptions: { checks: { pluginTimings: false } },
} as const;

export default defineConfig([
  // The library: one build, so that entries share chunks (one IoFormatError class for
  // `rankseg/io` and `rankseg/io/node`). No entry but `io-node` imports a Node built-in: the
  // browser-safe entries stay so (tests/io/browserSafe.test.ts checks the output).
  {
    ...shared,
    format: ['esm', 'cjs'],
    dts: { sourcemap: true },
    entry: {
      index: 'src/index.ts',
      io: 'src/io/index.ts',
      'io-node': 'src/io/node/index.ts',
      transformers: 'src/adapters/transformers/index.ts',
      tfjs: 'src/adapters/tfjs.ts',
      mediapipe: 'src/adapters/mediapipe.ts',
      ndarray: 'src/adapters/ndarray.ts',
      // The entry of solveAsync's worker threads, found beside the chunk that starts them as
      // `new URL('./worker.js', import.meta.url)` (ESM in both builds: Node runs it from either).
      worker: 'src/parallel/worker.ts',
    },
    platform: 'node',
    fixedExtension: false,
    clean: true,
  },
  // The command line: ESM only (the `bin`).
  {
    ...shared,
    format: ['esm'],
    dts: false,
    entry: { cli: 'src/cli/index.ts' },
    platform: 'node',
    fixedExtension: false,
    clean: false,
  },
]);
