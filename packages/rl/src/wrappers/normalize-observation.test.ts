import { ArgumentError } from '@stochgrad/core';
import { describe, expect, test } from 'vitest';
import { make } from '../registry';
import '../registrations';
import { counter, playback } from '../../test/helpers/toy-envs';
import { normalizeObservation } from './normalize-observation';

const xs = [
  [1, 2],
  [3, -2],
  [5, 0],
  [-4, 10],
];

/**
 * The moments after k observations in closed form (not the incremental update): the prior is a
 * pseudo-sample of weight N₀ = 1e-4 with mean 0 and variance 1, pooled with the k samples.
 */
function pooled(k: number) {
  const n0 = 1e-4;
  const total = n0 + k;
  const mean = [0, 1].map((d) => xs.slice(0, k).reduce((s, x) => s + x[d]!, 0) / total);
  const variance = [0, 1].map((d) => {
    const m = mean[d]!;
    const spread = xs.slice(0, k).reduce((s, x) => s + (x[d]! - m) ** 2, 0);
    return (n0 * 1 + n0 * m * m + spread) / total;
  });
  return { mean, variance, total };
}

describe('normalizeObservation', () => {
  test('reset and each step update the moments, then normalize by them (closed form)', () => {
    const env = normalizeObservation(playback(xs));
    const outputs = [env.reset().observation, env.step(0).observation, env.step(0).observation, env.step(0).observation];
    outputs.forEach((y, t) => {
      const { mean, variance, total } = pooled(t + 1);
      expect(y).toBeInstanceOf(Float32Array);
      for (let d = 0; d < 2; d++) expect(y[d]).toBeCloseTo((xs[t]![d]! - mean[d]!) / Math.sqrt(variance[d]! + 1e-8), 6);
      if (t === 3) {
        const state = env.runningMeanStd;
        expect(state.count).toBeCloseTo(total, 12);
        for (let d = 0; d < 2; d++) {
          expect(state.mean[d]).toBeCloseTo(mean[d]!, 12);
          expect(state.var[d]).toBeCloseTo(variance[d]!, 12);
        }
      }
    });
    // first observation by hand: μ = 1/1.0001, σ² = (1e-4 + 1e-4 μ² + (1 − μ)²)/1.0001
    const mu = 1 / 1.0001;
    const s2 = (1e-4 + 1e-4 * mu * mu + (1 - mu) ** 2) / 1.0001;
    expect(outputs[0]![0]).toBeCloseTo((1 - mu) / Math.sqrt(s2 + 1e-8), 6);
  });

  test('update: false keeps μ = 0, σ² = 1; clip bounds the output; setUpdate toggles', () => {
    const frozen = normalizeObservation(playback(xs), { update: false, epsilon: 0 });
    expect(Array.from(frozen.reset().observation)).toEqual([1, 2]);
    expect(Array.from(frozen.step(0).observation)).toEqual([3, -2]);
    const clipped = normalizeObservation(playback(xs), { update: false, epsilon: 0, clip: 2.5 });
    clipped.reset();
    expect(Array.from(clipped.step(0).observation)).toEqual([2.5, -2]);
    expect(clipped.observationSpace.toString()).toBe('Box(-2.5, 2.5, [2], float32)');
    frozen.setUpdate(true);
    expect(frozen.updating).toBe(true);
    frozen.step(0);
    expect(frozen.runningMeanStd.count).toBeCloseTo(1.0001, 12);
  });

  test('state round-trips: a restored wrapper gives the same outputs as the original', () => {
    const a = normalizeObservation(make('CartPole-v1'));
    a.reset({ seed: 2 });
    for (let t = 0; t < 5; t++) a.step(t % 2);
    const saved = a.runningMeanStd;
    const b = normalizeObservation(make('CartPole-v1'));
    b.setRunningMeanStd(saved);
    a.reset({ seed: 7 });
    b.reset({ seed: 7 });
    for (let t = 0; t < 5; t++) expect(Array.from(b.step(1).observation)).toEqual(Array.from(a.step(1).observation));
    // the getter copies: mutating it changes nothing
    const copy = b.runningMeanStd;
    copy.mean[0] = 99;
    expect(b.runningMeanStd.mean[0]).not.toBe(99);
  });

  test('bad options and states are typed errors', () => {
    expect(() => normalizeObservation(counter(3), { epsilon: -1 })).toThrow(ArgumentError);
    expect(() => normalizeObservation(counter(3), { clip: 0 })).toThrow(/clip/);
    expect(() => normalizeObservation(counter(3), { update: 1 } as never)).toThrow(/update/);
    expect(() => normalizeObservation(counter(3), { eps: 1 } as never)).toThrow(/unknown option "eps"/);
    const env = normalizeObservation(counter(3));
    expect(() => env.setRunningMeanStd({ mean: new Float64Array(2), var: new Float64Array(1), count: 1 })).toThrow(ArgumentError);
    expect(() => env.setRunningMeanStd({ mean: new Float64Array(1), var: Float64Array.of(-1), count: 1 })).toThrow(/variances/);
    expect(() => env.setRunningMeanStd({ mean: new Float64Array(1), var: Float64Array.of(1), count: 0 })).toThrow(/count/);
  });
});
