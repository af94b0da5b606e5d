import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, ShapeError, key, random, ready, split } from '@stochgrad/core';
import { expectBiasDetected, expectUnbiased } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianFixture, relativeFrobenius } from '../test/helpers';
import { entropyGradient } from './entropy-gradient';
import { entropySurrogate } from './entropy-surrogate';
import type { ScoreFunction } from './types';

beforeAll(async () => {
  await ready();
});

/**
 * M single-sample estimates of ∇_L H for x = μ + Lε, in one batched call: M copies of L as one
 * variable [M, D, D], samples [1, M, D] (batch axis M), so the gradient w.r.t. copy m is estimate m.
 */
function replicateEstimates(dim: number, m: number, seed: number, scoreOf: (exact: ScoreFunction) => ScoreFunction) {
  const [fixtureKey, noiseKey] = split(key(seed)) as [Key, Key];
  const fixture = gaussianFixture(fixtureKey, dim);
  const copies = tf.variable(tf.tile(tf.reshape(tf.tensor2d(fixture.scale, [dim, dim]), [1, dim, dim]), [m, 1, 1]));
  const eps = random.normal(noiseKey, [m, dim, 1]);
  const { value, grads } = tf.variableGrads(() => {
    const x = tf.reshape(tf.add(tf.reshape(tf.matMul(copies, eps), [m, dim]), tf.tensor1d(fixture.mean)), [1, m, dim]);
    return entropySurrogate(x, scoreOf(fixture.score));
  }, [copies]);
  const estimates = tf.reshape(grads[copies.name] as tf.Tensor, [m, dim * dim]);
  const rows = estimates.arraySync() as number[][];
  const surrogateValue = value.dataSync()[0] as number;
  tf.dispose([value, estimates, eps, copies, ...Object.values(grads)]);
  return { rows, exact: fixture.entropyGradient, surrogateValue };
}

describe('entropySurrogate with the exact score', () => {
  for (const dim of [2, 10]) {
    it(`is unbiased for ∇_L log|det L| (x = μ + Lε, D = ${dim}; M = 4000 single-sample estimates, α = 1e-3 over D² coordinates)`, () => {
      const { rows, exact, surrogateValue } = replicateEstimates(dim, 4000, dim, (s) => s);
      expect(Math.abs(surrogateValue)).toBe(0);
      expectUnbiased({ estimates: rows, exact });
    });
  }

  it('power: the same test catches a score that is 10% too large (D = 2, M = 20000)', () => {
    const { rows, exact } = replicateEstimates(2, 20_000, 3, (s) => (x) => tf.mul(s(x), 1.1));
    expectBiasDetected({ estimates: rows, exact });
  });

  it('entropyGradient averages over N samples: within 5% of L^{-T} at N = 20000 (D = 2, relative SE ≈ 1.2%)', () => {
    const fixture = gaussianFixture(key(11), 2);
    const scale = tf.variable(tf.tensor2d(fixture.scale, [2, 2]));
    const eps = random.normal(key(12), [20_000, 2]);
    const grads = entropyGradient({
      sample: () => tf.add(tf.matMul(eps, tf.transpose(scale)), tf.tensor1d(fixture.mean)),
      score: fixture.score,
      variables: [scale],
    });
    const estimate = (grads[scale.name] as tf.Tensor).dataSync();
    expect(relativeFrobenius(estimate, fixture.entropyGradient)).toBeLessThan(0.05);
    tf.dispose([scale, eps, ...Object.values(grads)]);
  });
});

describe('entropySurrogate contract', () => {
  it('detaches the score: no gradient reaches a score model, and nothing leaks', () => {
    const before = tf.memory().numTensors;
    const initial = [tf.scalar(2), tf.tensor1d([0.3, -0.2])] as const;
    const w = tf.variable(initial[0]);
    const loc = tf.variable(initial[1]);
    const eps = random.normal(key(1), [16, 2]);
    const score: ScoreFunction = (x) => tf.mul(tf.neg(x), w);
    const { value, grads } = tf.variableGrads(() => entropySurrogate(tf.add(eps, loc), score), [w, loc]);
    expect(Math.abs(value.dataSync()[0] as number)).toBe(0);
    // tfjs leaves out variables the result does not depend on; a zero gradient would do as well
    const wGradient = grads[w.name];
    expect(wGradient === undefined ? [0] : Array.from(wGradient.dataSync())).toEqual([0]);
    // ∂/∂loc of −mean(stop(s)·x) = −mean(s) = mean(w (ε + loc))
    const expected = tf.tidy(() => tf.mean(tf.mul(tf.add(eps, loc), 2), 0).dataSync());
    const got = (grads[loc.name] as tf.Tensor).dataSync();
    expect(got[0]).toBeCloseTo(expected[0] as number, 5);
    expect(got[1]).toBeCloseTo(expected[1] as number, 5);
    tf.dispose([value, w, loc, eps, ...initial, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('typed errors: NaN samples, wrong rank, a score of the wrong shape or with NaN, a non-function', () => {
    const good = tf.zeros([4, 2]);
    const nan = tf.tensor2d([[0, Number.NaN], [1, 1]]);
    const vector = tf.zeros([3]);
    expect(() => entropySurrogate(nan, (x) => x)).toThrow(ArgumentError);
    expect(() => entropySurrogate(vector, (x) => x)).toThrow(ShapeError);
    expect(() => entropySurrogate(good, () => tf.zeros([4, 3]))).toThrow(ShapeError);
    expect(() => entropySurrogate(good, () => tf.fill([4, 2], Number.NaN))).toThrow(ArgumentError);
    expect(() => entropySurrogate(good, 'score' as unknown as ScoreFunction)).toThrow(ArgumentError);
    expect(() => entropyGradient({ sample: () => good, score: (x) => x, variables: [good as tf.Variable] })).toThrow(ArgumentError);
    tf.dispose([good, nan, vector]);
  });
});
