import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkUnbiased, key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { linearQuadraticMdp } from './linear-quadratic-mdp';

const POLICY = { gain: -0.4, logScale: Math.log(0.6) };

describe('linearQuadraticMdp', () => {
  beforeAll(async () => {
    await ready();
  });

  it('the closed-form gradient matches central differences of the closed-form J and tf.grad of the tfjs objective', () => {
    const lq = linearQuadraticMdp();
    const { value, gradient } = lq.exact(POLICY);
    const h = 1e-6;
    const dK = (lq.exact({ ...POLICY, gain: POLICY.gain + h }).value - lq.exact({ ...POLICY, gain: POLICY.gain - h }).value) / (2 * h);
    const dLog = (lq.exact({ ...POLICY, logScale: POLICY.logScale + h }).value - lq.exact({ ...POLICY, logScale: POLICY.logScale - h }).value) / (2 * h);
    expect(Math.abs(gradient[0]! - dK)).toBeLessThan(1e-7);
    expect(Math.abs(gradient[1]! - dLog)).toBeLessThan(1e-7);
    const before = tf.memory().numTensors;
    const K = tf.scalar(POLICY.gain);
    const L = tf.scalar(POLICY.logScale);
    const J = lq.objective({ gain: K, logScale: L });
    const [gK, gL] = tf.grads((k: tf.Tensor, l: tf.Tensor) => lq.objective({ gain: k, logScale: l }))([K, L]) as [tf.Tensor, tf.Tensor];
    expect(J.dataSync()[0]).toBeCloseTo(value, 4);
    expect(Math.abs(gK.dataSync()[0]! - gradient[0]!)).toBeLessThan(1e-4);
    expect(Math.abs(gL.dataSync()[0]! - gradient[1]!)).toBeLessThan(1e-4);
    tf.dispose([K, L, J, gK, gL]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sampled discounted returns average to J, and a_t = K s_t + σ ε_t', () => {
    const lq = linearQuadraticMdp();
    const M = 20_000;
    const episodes = lq.sampleEpisodes(key(5), POLICY, { episodes: M });
    const r = episodes.rewards.dataSync();
    const H = lq.horizon;
    const returns = Array.from({ length: M }, (_, e) => [Array.from({ length: H }, (_, t) => lq.gamma ** t * r[e * H + t]!).reduce((a, b) => a + b, 0)]);
    const check = checkUnbiased({ estimates: returns, exact: [lq.exact(POLICY).value] });
    expect(check.passed, check.message).toBe(true);
    const s = episodes.observations.dataSync();
    const a = episodes.actions.dataSync();
    const eps = episodes.noise.dataSync();
    for (let i = 0; i < 50; i++) expect(a[i]!).toBeCloseTo(POLICY.gain * s[i]! + Math.exp(POLICY.logScale) * eps[i]!, 5);
    tf.dispose([episodes.observations, episodes.actions, episodes.rewards, episodes.noise]);
  });

  it('typed errors for bad options and policies', () => {
    expect(() => linearQuadraticMdp({ gamma: 2 })).toThrow(ArgumentError);
    expect(() => linearQuadraticMdp({ processNoise: -1 })).toThrow(/processNoise/);
    expect(() => linearQuadraticMdp({ horizon: 1.5 })).toThrow(/horizon/);
    expect(() => linearQuadraticMdp({ gama: 0.5 } as never)).toThrow(/did you mean "gamma"/);
    expect(() => linearQuadraticMdp().exact({ gain: Number.NaN, logScale: 0 })).toThrow(ArgumentError);
  });
});
