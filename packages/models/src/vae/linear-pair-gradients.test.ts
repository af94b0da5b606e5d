import * as tf from '@tensorflow/tfjs-core';
import { type GradientEstimator, key, leaveOneOut, random, ready, scoreFunction } from '@stochgrad/core';
import { arm, disarm } from '@stochgrad/discrete';
import { beforeAll, describe, expect, it } from 'vitest';
import { bernoulliVae } from './bernoulli-vae';
import { linearPairGradients } from './linear-pair-gradients';

const maxRelative = (a: Float32Array | number[], b: Float32Array | number[]) => {
  const scale = Math.max(...Array.from(b, Math.abs), 1e-6);
  return Math.max(...Array.from(a, (v, i) => Math.abs(v - (b[i] as number)))) / scale;
};

describe('the Bernoulli pair rules agree with their estimators', () => {
  beforeAll(async () => {
    await ready();
  });

  for (const [name, make] of [
    ['disarm', () => disarm()],
    ['arm', () => arm()],
    ['reinforce-loo', () => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 })],
  ] as [string, () => GradientEstimator][]) {
    it(`${name}: sample() and gradient() give estimate()'s value and logit gradient for the same key`, () => {
      const estimator = make();
      const rule = estimator.bernoulliPair;
      if (!rule) throw new Error(`${name} declares no pair rule`);
      const logits = tf.tensor2d([[0.3, -1.2, 2, 0], [-0.5, 0.7, -2.5, 1.1], [4, -4, 0.2, -0.1]]);
      const weights = tf.tensor1d([1.5, -0.7, 2.2, 0.4]);
      // f(b) = Σ w·b + (Σ b)² : no explicit dependence on the logits
      const f = (b: tf.Tensor) => tf.add(tf.sum(tf.mul(b, weights), -1), tf.square(tf.sum(b, -1)));
      const k = key(41);
      const e = estimator.estimate({ key: k, logits, objective: f });
      const { samples, uniforms } = rule.sample(k, logits);
      expect(samples.shape).toEqual([2, 3, 4]);
      const [b, bTilde] = tf.unstack(samples, 0) as [tf.Tensor, tf.Tensor];
      const fb = f(b);
      const fTilde = f(bTilde);
      const g = rule.gradient({ f: fb, fTilde, b, bTilde, logits, ...(uniforms ? { uniforms } : {}) });
      const value = tf.mul(tf.add(fb, fTilde), 0.5);
      expect(maxRelative(g.dataSync() as Float32Array, e.gradient.dataSync() as Float32Array)).toBeLessThan(1e-6);
      expect(maxRelative(value.dataSync() as Float32Array, e.value.dataSync() as Float32Array)).toBeLessThan(1e-6);
      // not trivially zero
      expect(Math.max(...Array.from(g.dataSync(), Math.abs))).toBeGreaterThan(0.01);
      tf.dispose([logits, weights, e.value, e.gradient, e.surrogate, samples, ...(uniforms ? [uniforms] : []), b, bTilde, fb, fTilde, g, value]);
    });
  }

  it('linearPairGradients refuses a model with hidden layers', () => {
    const vae = bernoulliVae({ key: key(1), pixels: 6, latents: 2, hidden: [3] });
    const rule = disarm().bernoulliPair;
    expect(() => linearPairGradients(vae.parts, rule as NonNullable<typeof rule>)).toThrow(/linear encoder and decoder/);
    vae.dispose();
  });

  it('gives the tape path gradients for every part (disarm on a tiny linear model)', () => {
    const vae = bernoulliVae({ key: key(2), pixels: 10, latents: 4 });
    const x = random.bernoulli(key(3), { probs: 0.5 }, [6, 10]) as tf.Tensor2D;
    const estimator = disarm();
    const step = linearPairGradients(vae.parts, estimator.bernoulliPair as NonNullable<GradientEstimator['bernoulliPair']>);
    const hand = step(key(4), x);
    const tape = vae.gradients({ key: key(4), x, estimator });
    for (const part of ['encoder', 'decoder', 'prior'] as const) {
      hand[part].forEach((t, i) => expect(maxRelative(t.dataSync() as Float32Array, (tape[part][i] as tf.Tensor).dataSync() as Float32Array)).toBeLessThan(1e-4));
    }
    tf.dispose([x, hand.value, hand.logitGradient, ...hand.encoder, ...hand.decoder, ...hand.prior, tape.value, tape.logitGradient, ...tape.encoder, ...tape.decoder, ...tape.prior]);
    step.dispose();
    vae.dispose();
  });
});
