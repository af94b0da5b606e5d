// Its own file: it breaks the wasm backend of this worker on purpose.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ready } from './backend';
import { BackendError } from './errors';

describe('ready when wasm cannot start', () => {
  it('throws a BackendError by default, and falls back to cpu only when asked, saying why', async () => {
    const missing = { 'tfjs-backend-wasm.wasm': '/nonexistent/a.wasm', 'tfjs-backend-wasm-simd.wasm': '/nonexistent/b.wasm', 'tfjs-backend-wasm-threaded-simd.wasm': '/nonexistent/c.wasm' };
    await expect(ready({ wasmPaths: missing })).rejects.toThrow(BackendError);
    const info = await ready({ wasmPaths: missing, fallback: 'cpu' });
    expect(info.backend).toBe('cpu');
    expect(info.fellBack).toBe(true);
    expect(info.reason).toMatch(/wasm/i);
    expect(tf.getBackend()).toBe('cpu');
  });
});
