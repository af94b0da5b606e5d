import * as tf from '@tensorflow/tfjs-core';
// tfjs's own Prod gradient, to show the bug the fix removes
import { prodGradConfig as tfjsOriginalProd } from '@tensorflow/tfjs-core/dist/gradients/Prod_grad.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ready } from './backend';
import { prodGradient } from './gradients';

describe('Prod gradient fix', () => {
  beforeAll(async () => {
    await ready();
  });
  afterEach(() => {
    tf.registerGradient(prodGradient);
  });

  it('Prod gradient accepts negative and multiple axes; tfjs\'s own throws on tf.prod(x, -1)', () => {
    const values = [[0.5, -2, 3], [0, 4, -1]];
    const x = tf.tensor2d(values);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.prod(t, -1), tf.tensor1d([1, 2]))))(x);
    const others = values.map((row, r) => row.map((_, i) => (r + 1) * row.reduce((p, v, j) => (j === i ? p : p * v), 1)));
    expect(g.arraySync()).toEqual(others);
    const x3 = tf.tensor3d([[[1, 2], [3, 4]], [[-1, 0.5], [2, 2]]]);
    const g3 = tf.grad((t: tf.Tensor) => tf.sum(tf.prod(t, [0, -1])))(x3);
    // Π over axes 0 and 2 for each index of axis 1: entries of axis-1 slice j are {x[0,j,:], x[1,j,:]}
    const flat = x3.arraySync() as number[][][];
    const expected = flat.map((plane, a) => plane.map((row, j) => row.map((_, c) => {
      const group = [...(flat[0]![j] as number[]), ...(flat[1]![j] as number[])];
      const own = a * 2 + c;
      return group.reduce((p, v, k) => (k === own ? p : p * v), 1);
    })));
    (g3.arraySync() as number[][][]).flat(2).forEach((v, i) => expect(v).toBeCloseTo(expected.flat(2)[i] as number, 5));
    // twice differentiable (RELAX's variance gradient needs it): ∂²/∂x_i∂x_j Π x = Π_{k≠i,j} x_k
    const h = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.grad((u: tf.Tensor) => tf.sum(tf.prod(u, -1)))(t), tf.tensor1d([1, 0, 0]))))(tf.tensor1d([2, 3, 5]));
    expect(Array.from(h.dataSync())).toEqual([0, 5, 3]);
    h.dispose();
    tf.registerGradient(tfjsOriginalProd);
    expect(() => tf.grad((t: tf.Tensor) => tf.sum(tf.prod(t, -1)))(x)).toThrow(/rank of input/);
    tf.dispose([x, g, x3, g3]);
  });

});
