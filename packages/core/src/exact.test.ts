import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from './backend';
import { ShapeError } from './errors';
import { exactBernoulli, exactCategorical, exactNormalQuadratic, quadraticForm } from './exact';

const s = (x: number) => 1 / (1 + Math.exp(-x));

describe('exact oracles', () => {
  beforeAll(async () => {
    await ready();
  });

  it('exactBernoulli: E f and gradient by hand for a product objective, batched', () => {
    // f(b) = b₀·b₁ + 2 b₂: E = θ₀θ₁ + 2θ₂; dE/dα_i = θ_i(1 − θ_i)·∂E/∂θ_i
    const a = [[0.5, -1, 2], [0, 0, 0]];
    const logits = tf.tensor2d(a);
    const f = (b: tf.Tensor) => {
      const [b0, b1, b2] = tf.unstack(b, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      return tf.add(tf.mul(b0, b1), tf.mul(b2, 2));
    };
    const { value, gradient } = exactBernoulli({ logits, objective: f });
    expect(value.shape).toEqual([2]);
    a.forEach((row, r) => {
      const th = row.map(s) as [number, number, number];
      expect(value.dataSync()[r]).toBeCloseTo(th[0] * th[1] + 2 * th[2], 5);
      const d = th.map((q) => q * (1 - q));
      const expected = [d[0]! * th[1], d[1]! * th[0], 2 * d[2]!];
      expected.forEach((g, i) => expect(gradient.dataSync()[3 * r + i]).toBeCloseTo(g, 5));
    });
  });

  it('exactBernoulli stays finite at |logit| = 80 and enumerates up to D = 12', () => {
    const { value, gradient } = exactBernoulli({ logits: tf.tensor1d([80, -80, 0]), objective: (b) => tf.sum(b, -1) });
    expect(value.dataSync()[0]).toBeCloseTo(1.5, 5);
    expect(Array.from(gradient.dataSync()).every(Number.isFinite)).toBe(true);
    const twelve = exactBernoulli({ logits: tf.zeros([12]), objective: (b) => tf.sum(b, -1) });
    expect(twelve.value.dataSync()[0]).toBeCloseTo(6, 4);
    expect(() => exactBernoulli({ logits: tf.zeros([13]), objective: (b) => tf.sum(b, -1) })).toThrow(ShapeError);
  });

  it('exactCategorical: E f and gradient by hand', () => {
    // one categorical, C = 3, f(y) = v·y: E = Σ p_c v_c; dE/dα_c = p_c (v_c − E)
    const alpha = [0.2, -0.5, 1];
    const v = [1, 4, -2];
    const z = alpha.reduce((acc, x) => acc + Math.exp(x), 0);
    const p = alpha.map((x) => Math.exp(x) / z);
    const e = p.reduce((acc, q, i) => acc + q * (v[i] as number), 0);
    const { value, gradient } = exactCategorical({ logits: tf.tensor2d([alpha]), objective: (y) => tf.sum(tf.mul(y, tf.tensor2d([v])), [-2, -1]) });
    expect(value.dataSync()[0]).toBeCloseTo(e, 5);
    p.forEach((q, c) => expect(gradient.dataSync()[c]).toBeCloseTo(q * ((v[c] as number) - e), 5));
    expect(() => exactCategorical({ logits: tf.zeros([7, 4]), objective: (y) => tf.sum(y, [-2, -1]) })).toThrow(/C\^D <= 4096/);
  });

  it('exactNormalQuadratic matches the closed form and a quadrature check', () => {
    const params = tf.tensor2d([[0.5, Math.log(2)], [-1, 0]]);
    const matrix = tf.tensor2d([[1, 0.5], [0.5, 2]]);
    const vector = tf.tensor1d([1, -1]);
    const { value, gradient } = exactNormalQuadratic({ params, matrix, vector, offset: 3 });
    // μᵀAμ + Σ A_ii σ_i² + bᵀμ + c with μ = (0.5, −1), σ = (2, 1)
    const quad = 0.25 + 2 * 0.5 * 0.5 * -1 + 2 * 1;
    expect(value.dataSync()[0]).toBeCloseTo(quad + 4 + 2 + 1.5 + 3, 4);
    // ∇μ = (A + Aᵀ)μ + b; ∇ log σ_i = 2 A_ii σ_i²
    const g = Array.from(gradient.dataSync());
    expect(g[0]).toBeCloseTo(2 * 0.5 - 1 + 1, 4);
    expect(g[2]).toBeCloseTo(0.5 + 2 * 2 * -1 - 1, 4);
    expect(g[1]).toBeCloseTo(2 * 1 * 4, 4);
    expect(g[3]).toBeCloseTo(2 * 2 * 1, 4);
    const f = quadraticForm({ matrix, vector, offset: 3 });
    expect(f(tf.tensor2d([[1, 2]])).dataSync()[0]).toBeCloseTo(1 + 2 * 0.5 * 2 + 2 * 4 + 1 - 2 + 3, 5);
    expect(() => exactNormalQuadratic({ params: tf.zeros([3, 2]), matrix })).toThrow(ShapeError);
  });

  it('leaks no tensors', () => {
    const logits = tf.zeros([2, 3]);
    const before = tf.memory().numTensors;
    const r = exactBernoulli({ logits, objective: (b) => tf.sum(b, -1) });
    const c = exactCategorical({ logits, objective: (y) => tf.sum(y, [-2, -1]) });
    tf.dispose([r.value, r.gradient, c.value, c.gradient]);
    expect(tf.memory().numTensors).toBe(before);
    logits.dispose();
  });
});
