import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, StochgradError, categorical, checkUnbiased, key, normal, random, ready } from '@stochgrad/core';
import { expectBiasDetected, expectUnbiased } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { flagRows, leakedTensors, oneHotRows } from '../test/helpers';
import { maximalCoupling } from './maximal-coupling';

const M = 40_000;

/** ∫ min(N(x; μ1, σ1²), N(x; μ2, σ2²)) dx by Simpson's rule on [−20, 20]. */
function gaussianOverlap(mu1: number, s1: number, mu2: number, s2: number): number {
  const pdf = (x: number, mu: number, s: number) => Math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
  const n = 20_000;
  const h = 40 / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const x = -20 + i * h;
    const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
    sum += w * Math.min(pdf(x, mu1, s1), pdf(x, mu2, s2));
  }
  return (sum * h) / 3;
}

describe('maximalCoupling (rejection form)', () => {
  beforeAll(async () => {
    await ready();
  });

  it('Gaussians N(0, 1) and N(1, 1.5²): right means and variances, P(X = Y) = 1 − TV', () => {
    const p = normal({ loc: tf.zeros([M]), scale: 1 });
    const q = normal({ loc: tf.ones([M]), scale: 1.5 });
    const { x, y, met } = maximalCoupling(key(1), { p, q });
    const xs = x.dataSync();
    const ys = y.dataSync();
    expectUnbiased({ estimates: Array.from(xs, (v) => [v, v * v]), exact: [0, 1] });
    expectUnbiased({ estimates: Array.from(ys, (v) => [v, (v - 1) ** 2]), exact: [1, 2.25] });
    const overlap = gaussianOverlap(0, 1, 1, 1.5);
    const check = checkUnbiased({ estimates: flagRows(met), exact: [overlap] });
    console.info(`rejection maximal coupling: meeting rate ${check.mean[0]?.toFixed(4)} vs 1 − TV = ${overlap.toFixed(4)}, z = ${check.z[0]?.toFixed(2)}`);
    expect(check.passed, check.message).toBe(true);
    for (let i = 0; i < M; i++) expect(met[i] === 1).toBe(xs[i] === ys[i]);
    tf.dispose([x, y]);
  });

  it('power check: without the residual acceptance step (Y ~ q when X is rejected) Y\'s law is wrong, and the test sees it', () => {
    const p = normal({ loc: tf.zeros([M]), scale: 1 });
    const q = normal({ loc: tf.ones([M]), scale: 1.5 });
    const ys = tf.tidy(() => {
      const x = p.sample(key(11));
      const accept = tf.lessEqual(tf.add(tf.log(random.uniform(key(12), [M])), p.logProb(x)), q.logProb(x));
      return tf.where(accept, x, q.sample(key(13)));
    });
    expectBiasDetected({ estimates: Array.from(ys.dataSync(), (v) => [v, (v - 1) ** 2]), exact: [1, 2.25] });
    ys.dispose();
  });

  it('categorical distributions: marginals exact and P(X = Y) = 1 − TV = 0.6', () => {
    const p = categorical({ logits: tf.tile(tf.log(tf.tensor2d([[0.1, 0.2, 0.3, 0.4]])), [M, 1]) });
    const q = categorical({ logits: tf.tile(tf.log(tf.tensor2d([[0.4, 0.3, 0.2, 0.1]])), [M, 1]) });
    const { x, y, met } = maximalCoupling(key(2), { p, q });
    expectUnbiased({ estimates: oneHotRows(x.dataSync(), 4), exact: [0.1, 0.2, 0.3, 0.4] });
    expectUnbiased({ estimates: oneHotRows(y.dataSync(), 4), exact: [0.4, 0.3, 0.2, 0.1] });
    expectUnbiased({ estimates: flagRows(met), exact: [0.6] });
    tf.dispose([x, y]);
  });

  it('is deterministic under a key, leaks nothing, and fails loudly', () => {
    const p = normal({ loc: tf.zeros([20]), scale: 1 });
    const q = normal({ loc: tf.fill([20], 3), scale: 1 });
    const a = maximalCoupling(key(3), { p, q });
    const b = maximalCoupling(key(3), { p, q });
    expect(Array.from(a.y.dataSync())).toEqual(Array.from(b.y.dataSync()));
    tf.dispose([a.x, a.y, b.x, b.y]);
    expect(leakedTensors(() => maximalCoupling(key(4), { p, q }), (r) => tf.dispose([r.x, r.y]))).toBe(0);
    // an unnormalised q (log density − 50) makes the loop (nearly) impossible: it stops with an error
    const bad = { sample: q.sample, logProb: (v: tf.Tensor) => tf.add(q.logProb(v), -50) };
    expect(() => maximalCoupling(key(5), { p, q: bad, maxTries: 20 })).toThrow(StochgradError);
    expect(() => maximalCoupling(key(5), { p, q: {} as never })).toThrow(ArgumentError);
  });
});
