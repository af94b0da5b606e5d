import { defineConfig } from 'tsup';

export default defineConfig({
  // the vector worker is its own file beside the entry: parallelVectorEnv finds it with
  // new URL('./vector-worker.js', import.meta.url) (shims give import.meta.url in the CJS build)
  entry: { index: 'src/index.ts', 'vector-worker': 'src/vector/vector-worker.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
});
