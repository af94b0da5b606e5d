import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, checkUnbiased, checkVariance, key, random, ready, split } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionalGumbel } from './conditional-gumbel';
import { secondOrderSoftmax } from './second-order-softmax';

const EULER_GAMMA = 0.5772156649015329;
const M = 20_000;
const alpha = [0.7, -1.2, 0.1];

/** z̃ for M draws of b ~ softmax(α), with the sampler under test; returns rows [M][C] and whether argmax z̃ = b */
function draw(sampler: (logits: tf.Tensor, b: tf.Tensor, noise: tf.Tensor) => tf.Tensor, seed: number): { rows: Float32Array[]; argmaxMatches: boolean } {
  const [k1, k2] = split(key(seed), 2) as [ReturnType<typeof key>, ReturnType<typeof key>];
  const C = alpha.length;
  const { zt, same } = tf.tidy(() => {
    const logits = tf.broadcastTo(tf.tensor1d(alpha), [M, C]);
    const z = tf.add(tf.logSoftmax(logits), random.gumbel(k1, [M, C]));
    const b = tf.cast(tf.oneHot(tf.argMax(z, -1), C), 'float32');
    const zt = sampler(logits, b, random.gumbel(k2, [M, C]));
    const same = tf.all(tf.equal(tf.argMax(zt, -1), tf.argMax(z, -1)));
    return { zt, same };
  });
  const flat = zt.dataSync() as Float32Array;
  const argmaxMatches = same.dataSync()[0] === 1;
  tf.dispose([zt, same]);
  return { rows: Array.from({ length: M }, (_, i) => flat.subarray(i * C, (i + 1) * C)), argmaxMatches };
}

/** the RELAX RL code's "slightly biased" sampler (REFERENCES-RL.md §1.2): z̃_b keeps log θ_b */
function referenceCodeSampler(logits: tf.Tensor, b: tf.Tensor, noise: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const top = tf.sum(tf.mul(b, tf.add(logp, noise)), -1, true); // z̃_b = log θ_b + g_b
    // z̃_i = log θ_i − log(−log u_i + exp(−(z̃_b − log θ_i))), −log u_i = exp(−g_i)
    const others = tf.sub(logp, tf.log(tf.add(tf.exp(tf.neg(noise)), tf.exp(tf.neg(tf.sub(top, logp))))));
    return tf.add(tf.mul(b, top), tf.mul(tf.sub(1, b), others));
  });
}

describe('conditionalGumbel', () => {
  beforeAll(async () => {
    await ready();
  });

  it('z̃ has argmax b and, averaged over b ~ softmax(α), the law of z: Gumbel(log θ_i) means and variance π²/6', () => {
    const before = tf.memory().numTensors;
    const { rows, argmaxMatches } = draw((logits, sample, noise) => conditionalGumbel({ logits, sample, noise }), 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(argmaxMatches).toBe(true);
    const logTheta = tf.tidy(() => tf.logSoftmax(tf.tensor1d(alpha)).arraySync() as number[]);
    const mean = checkUnbiased({ estimates: rows, exact: logTheta.map((l) => l + EULER_GAMMA) });
    expect(mean.passed, mean.message).toBe(true);
    const variance = checkVariance({ estimates: rows, expected: Math.PI ** 2 / 6 });
    expect(variance.passed, variance.message).toBe(true);
  });

  it('power check: the same test detects the reference code\'s biased sampler', () => {
    const { rows, argmaxMatches } = draw(referenceCodeSampler, 1);
    expect(argmaxMatches).toBe(true);
    const logTheta = tf.tidy(() => tf.logSoftmax(tf.tensor1d(alpha)).arraySync() as number[]);
    const mean = checkUnbiased({ estimates: rows, exact: logTheta.map((l) => l + EULER_GAMMA) });
    expect(mean.passed, mean.message).toBe(false);
  });

  it('throws ShapeError when sample or noise do not match the logits', () => {
    const logits = tf.zeros([2, 3]);
    expect(() => conditionalGumbel({ logits, sample: tf.zeros([2, 4]), noise: tf.zeros([2, 3]) })).toThrow(ShapeError);
    tf.dispose(logits);
  });
});

describe('secondOrderSoftmax', () => {
  it('matches tf.softmax and its mixed second derivative ∂/∂λ ∂/∂x matches central differences', () => {
    const x = tf.tensor1d([0.3, -0.8, 1.1]);
    const w = tf.tensor1d([1.5, -0.5, 2.0]);
    const v = tf.tensor1d([0.2, 1.0, -0.7]);
    expect(Array.from(tf.tidy(() => secondOrderSoftmax(x)).dataSync())).toEqual(Array.from(tf.tidy(() => tf.softmax(x)).dataSync()));
    // h(λ) = v · ∂/∂x [w · softmax(x/λ)]
    const h = (lambda: tf.Scalar) => tf.sum(tf.mul(v, tf.grad((y: tf.Tensor) => tf.sum(tf.mul(w, secondOrderSoftmax(tf.div(y, lambda)))))(x)));
    const analytic = tf.tidy(() => tf.grad((l: tf.Tensor) => h(l as tf.Scalar))(tf.scalar(0.8)).dataSync()[0] as number);
    const eps = 1e-2;
    const numeric = tf.tidy(() => ((h(tf.scalar(0.8 + eps)).dataSync()[0] as number) - (h(tf.scalar(0.8 - eps)).dataSync()[0] as number)) / (2 * eps));
    expect(Math.abs(analytic - numeric)).toBeLessThan(2e-3 * Math.max(1, Math.abs(numeric)));
    tf.dispose([x, w, v]);
  });
});
