import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { banana } from './banana';
import { gaussianMixture } from './gaussian-mixture';
import { toyEnergies } from './toy-energies';
import type { ToyDensity } from './toy-density';

beforeAll(async () => {
  await ready();
});

const mixture = gaussianMixture({ means: [[-1.5, 0], [1.5, 0.5]], scales: [[0.5, 0.3], 0.6], weights: [0.3, 0.7] });
const points = () => tf.tensor2d([[0, 0], [1.2, -0.4], [-2, 1], [0.3, 2.5], [3, 3]]);

describe('toy densities', () => {
  const all: ToyDensity[] = [mixture, banana(), toyEnergies.ring, toyEnergies.sigmoidWave];
  for (const q of all) {
    it(`${q.name}: score = ∇ logDensity (autograd), finite; no leak`, () => {
      const before = tf.memory().numTensors;
      const x = points();
      const s = q.score(x);
      const viaAutograd = tf.grad((input: tf.Tensor) => tf.sum(q.logDensity(input)))(x);
      const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(s, viaAutograd))).dataSync()[0] as number);
      expect(gap).toBeLessThan(1e-3);
      expect(Array.from(s.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([x, s, viaAutograd]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('normalized densities integrate to 1 on their box (midpoint rule)', () => {
    for (const q of [mixture, banana()]) {
      const [low, high] = q.box;
      const n = 200;
      const width = (high - low) / n;
      const mass = tf.tidy(() => {
        const xs = tf.linspace(low + width / 2, high - width / 2, n);
        const grid = tf.stack([tf.tile(tf.reshape(xs, [n, 1]), [1, n]), tf.tile(tf.reshape(xs, [1, n]), [n, 1])], -1);
        return (tf.sum(tf.exp(q.logDensity(grid))).dataSync()[0] as number) * width * width;
      });
      expect(mass).toBeGreaterThan(0.99);
      expect(mass).toBeLessThan(1.01);
    }
  });

  it('samplers match their means: mixture mean Σ w_k μ_k, banana mean (0, 0)', () => {
    const x = mixture.sample?.(key(1), 20_000) as tf.Tensor;
    const m = tf.tidy(() => Array.from(tf.mean(x, 0).dataSync()));
    // mean (0.6, 0.35); per-coordinate SE < 0.012
    expect(Math.abs((m[0] as number) - 0.6)).toBeLessThan(0.05);
    expect(Math.abs((m[1] as number) - 0.35)).toBeLessThan(0.05);
    const y = banana().sample?.(key(2), 20_000) as tf.Tensor;
    const my = tf.tidy(() => Array.from(tf.mean(y, 0).dataSync()));
    expect(Math.abs(my[0] as number)).toBeLessThan(0.05);
    expect(Math.abs(my[1] as number)).toBeLessThan(0.05);
    tf.dispose([x, y]);
  });

  it('typed errors', () => {
    expect(() => gaussianMixture({ means: [], scales: [] })).toThrow(ArgumentError);
    expect(() => gaussianMixture({ means: [[0, 0]], scales: [0] })).toThrow(ArgumentError);
    expect(() => gaussianMixture({ means: [[0, 0], [1]], scales: [1, 1] })).toThrow(ShapeError);
    expect(() => banana({ width: 0 })).toThrow(ArgumentError);
    const wrong = tf.zeros([3, 3]);
    expect(() => toyEnergies.ring.score(wrong)).toThrow(ShapeError);
    wrong.dispose();
  });
});
