import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, fold, key, random, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dae } from './dae';

beforeAll(async () => {
  await ready();
});

/** least-squares slope b of ŝ(x) ≈ −b·x on points of N(0, I) */
function slope(score: tf.Tensor, x: tf.Tensor): number {
  return tf.tidy(() => (tf.sum(tf.mul(score, tf.neg(x))).dataSync()[0] as number) / (tf.sum(tf.square(x)).dataSync()[0] as number));
}

describe('dae', () => {
  // For q = N(0, I) the smoothed score is ∇ log (q ∗ N(0, σ²I))(x) = −x/(1 + σ²): at σ = 1 the slope
  // is 0.5, far from the true score's 1. The DAE must find the smoothed one, not the true one.
  for (const form of ['reconstruction', 'residual'] as const) {
    it(`${form} form learns the smoothed score −x/(1 + σ²) of N(0, I) at σ = 1 (slope 0.5 ± 0.08)`, () => {
      const model = dae({ key: key(1), dim: 2, sigma: 1, form, hidden: 16, learningRate: 1e-2, averaging: 0.95 });
      for (let i = 0; i < 300; i++) {
        const x = random.normal(fold(key(2), i), [256, 2]);
        model.train(fold(key(3), i), x);
        x.dispose();
      }
      const points = random.normal(key(4), [1000, 2]);
      const s = model.score(points);
      expect(Math.abs(slope(s, points) - 0.5)).toBeLessThan(0.08);
      tf.dispose([points, s]);
      model.dispose();
    });
  }

  it('follows a σ schedule: steps counts train() calls, sigma is the latest step’s', () => {
    const schedule = (t: number) => 2 / (1 + t);
    const model = dae({ key: key(1), dim: 2, sigma: schedule, hidden: 8 });
    expect(model.sigma).toBe(2);
    const x = random.normal(key(2), [16, 2]);
    for (let i = 0; i < 3; i++) model.train(fold(key(3), i), x);
    expect(model.steps).toBe(3);
    expect(model.sigma).toBeCloseTo(schedule(2), 12);
    x.dispose();
    model.dispose();
  });

  it('deterministic on a fixed key; no leak; typed errors', () => {
    const before = tf.memory().numTensors;
    const x = random.normal(key(2), [32, 2]);
    const run = () => {
      const model = dae({ key: key(5), dim: 2, sigma: 0.3, hidden: 8 });
      const losses = [0, 1].map((i) => model.train(fold(key(6), i), x).loss);
      const s = model.score(x);
      const field = Array.from(s.dataSync());
      s.dispose();
      model.loss(key(7), x).dispose();
      model.dispose();
      return { losses, field };
    };
    expect(run()).toEqual(run());
    expect(() => dae({ key: key(1), dim: 2, sigma: 0 })).toThrow(ArgumentError);
    expect(() => dae({ key: key(1), dim: 2, sigma: -1 })).toThrow(ArgumentError);
    expect(() => dae({ key: key(1), dim: 2, sigma: 1, form: 'other' as 'residual' })).toThrow(ArgumentError);
    const bad = dae({ key: key(1), dim: 3, sigma: (t) => (t === 0 ? 1 : Number.NaN), hidden: 4 });
    const wrongDim = random.normal(key(3), [8, 2]);
    const x3 = random.normal(key(3), [8, 3]);
    const nan = tf.tensor2d([[0, Number.NaN, 0], [1, 1, 1]]);
    expect(() => bad.train(key(4), wrongDim)).toThrow(ShapeError);
    expect(() => bad.train(key(4), nan)).toThrow(ArgumentError);
    bad.train(key(4), x3);
    expect(() => bad.train(key(5), x3)).toThrow(ArgumentError); // σ(1) is NaN
    bad.dispose();
    tf.dispose([x, wrongDim, x3, nan]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
