/**
 * `@stochgrad/core/vite`: the URLs of tfjs's .wasm files for pages bundled by Vite, so that
 * `ready({ wasmPaths })` finds them (Vite serves and fingerprints them through `?url` imports).
 * @example
 * import { ready } from '@stochgrad/core';
 * import { wasmPaths } from '@stochgrad/core/vite';
 * await ready({ wasmPaths });
 */
import wasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export const wasmPaths: Readonly<Record<string, string>> = Object.freeze({
  'tfjs-backend-wasm.wasm': wasm,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
});
