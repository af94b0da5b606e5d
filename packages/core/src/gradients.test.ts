import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ready } from './backend';
import { batchMatMulGradient, comparisonGradient, gatherGradient } from './gradients';

type Registry = Map<string, unknown>;
const gradRegistry = () => (globalThis as unknown as { _tfGlobals: Map<string, unknown> })._tfGlobals.get('gradRegistry') as Registry;

/** tfjs's own BatchMatMul gradient (no-transpose case), which uses matMul's transpose flags. */
const tfjsOriginalBatchMatMul = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    return { a: () => tf.matMul(dy as tf.Tensor, b, false, true), b: () => tf.matMul(a, dy as tf.Tensor, true, false) };
  },
};

/** Records the attributes of every BatchMatMul kernel launched while fn runs. */
function matMulCalls(fn: () => void): { transposeA: boolean; transposeB: boolean }[] {
  const engine = tf.engine() as unknown as { runKernel: (name: string, inputs: unknown, attrs: Record<string, unknown>) => unknown };
  const calls: { transposeA: boolean; transposeB: boolean }[] = [];
  const original = engine.runKernel.bind(engine);
  const spy = vi.spyOn(engine, 'runKernel').mockImplementation((name, inputs, attrs) => {
    if (name === 'BatchMatMul') calls.push({ transposeA: Boolean(attrs?.transposeA), transposeB: Boolean(attrs?.transposeB) });
    return original(name, inputs, attrs);
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return calls;
}

describe('gradient fixes', () => {
  beforeAll(async () => {
    await ready();
  });
  afterEach(() => {
    tf.registerGradient(batchMatMulGradient);
    tf.registerGradient(gatherGradient);
    tf.registerGradient(comparisonGradient('Less'));
  });

  it('tf.grad works after importing core (tfjs-core alone registers no gradients)', () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.sin(x), tf.softplus(x))))(tf.tensor1d([0.1, -2]));
    const expected = [0.1, -2].map((x) => Math.cos(x) * Math.log1p(Math.exp(x)) + Math.sin(x) / (1 + Math.exp(-x)));
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 5));
  });

  it('a Bernoulli sample cast(less(u, p)) may sit on the tape; without the fix backprop throws', () => {
    const u = tf.tensor1d([0.2, 0.7, 0.4]);
    const f = (p: tf.Tensor) => tf.sum(tf.mul(tf.cast(tf.less(u, p), 'float32'), p));
    const g = tf.grad(f)(tf.tensor1d([0.5, 0.5, 0.3]));
    expect(Array.from(g.dataSync())).toEqual([1, 0, 0]);
    gradRegistry().delete('Less');
    expect(() => tf.grad(f)(tf.tensor1d([0.5, 0.5, 0.3]))).toThrow(/gradient function not found for Less/);
  });

  it('BatchMatMul gradient: same numbers as tfjs, no transpose flags (the slow wasm path)', () => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([0.5, -1, 2, 0, 1, 1], [3, 2]);
    const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y)));
    let ours: tf.Tensor[] = [];
    const oursCalls = matMulCalls(() => {
      ours = tf.grads(f)([a, b]);
    });
    expect(oursCalls.filter((c) => c.transposeA || c.transposeB)).toEqual([]);
    tf.registerGradient(tfjsOriginalBatchMatMul as never);
    let theirs: tf.Tensor[] = [];
    const theirCalls = matMulCalls(() => {
      theirs = tf.grads(f)([a, b]);
    });
    expect(theirCalls.some((c) => c.transposeA || c.transposeB)).toBe(true);
    ours.forEach((g, i) => expect(Array.from(g.dataSync())).toEqual(Array.from(theirs[i]!.dataSync())));
  });

  it('BatchMatMul gradient handles transpose attributes and broadcast batch dimensions', () => {
    const a = tf.tensor3d(Array.from({ length: 24 }, (_, i) => Math.sin(i)), [2, 3, 4]);
    const b = tf.tensor2d(Array.from({ length: 20 }, (_, i) => Math.cos(i)), [5, 4]);
    const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, false, true)));
    const [ga, gb] = tf.grads(f)([a, b]) as [tf.Tensor, tf.Tensor];
    expect(ga.shape).toEqual([2, 3, 4]);
    expect(gb.shape).toEqual([5, 4]);
    // reference: the same product written with an explicit transpose and tiled b
    const g = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, tf.transpose(tf.stack([y, y]), [0, 2, 1]))));
    const [ra, rb] = tf.grads(g)([a, b]) as [tf.Tensor, tf.Tensor];
    Array.from(ga.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(ra.dataSync()[i] as number, 3));
    Array.from(gb.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(rb.dataSync()[i] as number, 3));
  });

  it('gather gradient works on wasm (which lacks UnsortedSegmentSum); tfjs\'s own throws there', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const indices = tf.tensor1d([2, 0, 2], 'int32');
    const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, indices, 0), tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2])));
    expect(Array.from(tf.grad(f)(x).dataSync())).toEqual([3, 4, 0, 0, 6, 8]);
    const g = (t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor1d([1, 1], 'int32'), 1));
    expect(Array.from(tf.grad(g)(x).dataSync())).toEqual([0, 2, 0, 2, 0, 2]);
    const batched = (t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor2d([[1], [0], [1]], [3, 1], 'int32'), 1, 1));
    expect(Array.from(tf.grad(batched)(x).dataSync())).toEqual([0, 1, 1, 0, 0, 1]);
    const { gatherGradConfig } = await import('@tensorflow/tfjs-core/dist/gradients/GatherV2_grad');
    tf.registerGradient(gatherGradConfig);
    expect(() => tf.grad(f)(x)).toThrow(/UnsortedSegmentSum/);
  });

  it('gather gradient matches on the cpu backend (which has UnsortedSegmentSum)', async () => {
    await ready({ backend: 'cpu' });
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const f = (t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, tf.tensor1d([2, 0, 2], 'int32'), 0)));
    expect(Array.from(tf.grad(f)(x).dataSync())).toEqual([2, 4, 0, 0, 20, 24]);
    await ready();
  });
});
