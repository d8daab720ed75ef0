import { defineConfig } from 'tsdown';

const shared = { format: ['esm', 'cjs'], dts: true, target: 'es2022', sourcemap: true } as const;

export default defineConfig([
  // Browser-safe entries: the core, the codecs and the adapters (no Node built-ins).
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      io: 'src/io/index.ts',
      transformers: 'src/adapters/transformers.ts',
      tfjs: 'src/adapters/tfjs.ts',
      mediapipe: 'src/adapters/mediapipe.ts',
      ndarray: 'src/adapters/ndarray.ts',
    },
    platform: 'neutral',
    clean: true,
  },
  // Node-only entries: file helpers and the command line.
  {
    ...shared,
    entry: { 'io-node': 'src/io/node/index.ts', cli: 'src/cli/index.ts' },
    platform: 'node',
    fixedExtension: false,
    clean: false,
  },
]);
