import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { describeBackend, ready } from './backend';
import { ArgumentError } from './errors';

describe('ready', () => {
  it('starts wasm with SIMD in Node, finding the .wasm files itself, and is idempotent', async () => {
    const info = await ready();
    expect(info).toMatchObject({ backend: 'wasm', simd: true, threads: 1, fellBack: false, environment: 'node' });
    expect(tf.getBackend()).toBe('wasm');
    expect(await ready()).toBe(info);
    expect(describeBackend(info)).toBe('wasm (SIMD on, 1 thread)');
  });

  it('switches to cpu when asked and back', async () => {
    const cpu = await ready({ backend: 'cpu' });
    expect(cpu).toMatchObject({ backend: 'cpu', fellBack: false });
    expect(tf.getBackend()).toBe('cpu');
    expect((await ready()).backend).toBe('wasm');
  });

  it('rejects unknown options', () => {
    expect(() => ready({ backend: 'webgl' as never })).toThrow(ArgumentError);
    expect(() => ready({ fallback: 'gpu' as never })).toThrow(/fallback/);
  });
});
