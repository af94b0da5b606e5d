import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, drawEstimates, exactBernoulli, key, ready } from '@stochgrad/core';
import { coupledBernoulli, describeConformance } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDocumentedBias } from '../test/sst-fixtures';
import { straightThroughBernoulli } from './straight-through-bernoulli';

// Relative bias ‖E ĝ − ∇‖/‖∇‖ measured with key(2024), M = 20 000 (the conformance check); the
// same figure is in the JSDoc of straightThroughBernoulli and in the README.
describeConformance('straightThroughBernoulli', {
  create: () => straightThroughBernoulli(),
  problems: [coupledBernoulli],
  documentedBias: expectDocumentedBias(0.554),
});

describe('straightThroughBernoulli', () => {
  beforeAll(async () => {
    await ready();
  });

  it('is exact, estimate by estimate, when f is linear in b (its only unbiased case)', () => {
    const logits = tf.tensor1d([-1.5, 0.5, 1, -0.3, 2]);
    const weights = tf.tensor1d([1, -2, 0.5, 3, -1]);
    const linear = (b: tf.Tensor) => tf.sum(tf.mul(b, weights), -1);
    const exact = exactBernoulli({ logits, objective: linear });
    const flat = drawEstimates({ estimator: straightThroughBernoulli({ numSamples: 2 }), key: key(1), logits, objective: linear, replicates: 200 });
    const rows = Array.from({ length: 200 }, (_, i) => Array.from(flat.subarray(5 * i, 5 * i + 5)));
    const g = Array.from(exact.gradient.dataSync());
    const worst = Math.max(...rows.flatMap((row) => row.map((v, j) => Math.abs(v - (g[j] as number)))));
    expect(worst).toBeLessThan(1e-6);
    tf.dispose([logits, weights, exact.value, exact.gradient]);
  });

  it('names, evaluations and typed errors', () => {
    expect(straightThroughBernoulli().name).toBe('straight-through');
    expect(straightThroughBernoulli({ numSamples: 3 }).name).toBe('straight-through(K=3)');
    expect(straightThroughBernoulli({ numSamples: 3 }).evaluations).toBe(3);
    expect(straightThroughBernoulli().unbiased).toBe(false);
    expect(() => straightThroughBernoulli({ numSamples: -1 })).toThrow(ArgumentError);
    expect(() => straightThroughBernoulli({ numSamples: 2.5 })).toThrow(/numSamples: got number 2.5; allowed: an integer >= 1/);
    expect(() => straightThroughBernoulli('x' as never)).toThrow(/options/);
  });
});
