import * as tf from '@tensorflow/tfjs-core';
import { categoricalFamily, checkUnbiased, drawEstimates, exactBernoulliBound, key, ready, type GradientEstimator } from '@stochgrad/core';
import { coupledBernoulli, expectBiasDetected, expectRankConsistency, expectUnbiased } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { localDisarm } from './local-disarm';
import { vimco } from './vimco';

// f on D = 4 Bernoullis, non-separable, as a log-weight: an ELBO-like objective
const objective = (b: tf.Tensor) =>
  tf.tidy(() => {
    const w = tf.tensor1d([1.5, -1, 0.5, 2]);
    const linear = tf.sum(tf.mul(b, w), -1);
    return tf.sub(linear, tf.square(tf.sub(tf.sum(b, -1), 2)));
  });
const logitsOf = () => tf.tensor1d([0.4, -0.8, 1.2, -0.3]);

function estimatesFor(estimator: GradientEstimator, m: number, seed: number) {
  const logits = logitsOf();
  const flat = drawEstimates({ estimator, key: key(seed), logits, objective, replicates: m });
  logits.dispose();
  return Array.from({ length: m }, (_, i) => flat.subarray(4 * i, 4 * i + 4));
}

function exactBound(k: number): number[] {
  const logits = logitsOf();
  const exact = exactBernoulliBound({ logits, objective, numSamples: k });
  const out = Array.from(exact.gradient.dataSync());
  tf.dispose([logits, exact.value, exact.gradient]);
  return out;
}

describe('multi-sample bounds: unbiased for the gradient of E[log mean_k exp f(b_k)] (exact by enumeration)', () => {
  beforeAll(async () => {
    await ready();
  });

  for (const k of [2, 3]) {
    const exact = () => exactBound(k);
    it(`vimco K=${k}`, () => {
      const rows = estimatesFor(vimco({ numSamples: k }), 40_000, 10 + k);
      expectUnbiased({ estimates: rows, exact: exact() });
      expectBiasDetected({ estimates: rows.map((r) => r.map((v) => v * 1.1)), exact: exact() });
    });
    it(`localDisarm K=${k}`, () => {
      const rows = estimatesFor(localDisarm({ numPairs: k }), 40_000, 20 + k);
      expectUnbiased({ estimates: rows, exact: exact() });
      expectBiasDetected({ estimates: rows.map((r) => r.map((v) => v * 1.1)), exact: exact() });
    });
    it(`localDisarm symmetrized K=${k}`, () => {
      const rows = estimatesFor(localDisarm({ numPairs: k, symmetrized: true }), 40_000, 30 + k);
      expectUnbiased({ estimates: rows, exact: exact() });
      expectBiasDetected({ estimates: rows.map((r) => r.map((v) => v * 1.1)), exact: exact() });
    });
  }

  it('the K-sample bound is not the expectation: its gradient differs measurably from dE[f]', () => {
    const rows = estimatesFor(localDisarm({ numPairs: 3 }), 40_000, 40);
    expect(checkUnbiased({ estimates: rows, exact: exactBound(1) }).passed).toBe(false);
  });

  it('value estimates the bound; target is log-mean-exp; evaluations count every objective call', () => {
    const logits = tf.broadcastTo(logitsOf(), [20_000, 4]);
    const e = localDisarm({ numPairs: 2 }).estimate({ key: key(5), logits, objective });
    const exact = exactBernoulliBound({ logits: logitsOf(), objective, numSamples: 2 });
    const mean = tf.mean(e.value).dataSync()[0] as number;
    const sd = Math.sqrt(tf.moments(e.value).variance.dataSync()[0] as number);
    expect(Math.abs(mean - (exact.value.dataSync()[0] as number))).toBeLessThan((4 * sd) / Math.sqrt(20_000));
    expect(localDisarm({ numPairs: 2 }).target).toBe('log-mean-exp');
    expect(vimco({ numSamples: 4 }).evaluations).toBe(4);
    expect(localDisarm({ numPairs: 4 }).evaluations).toBe(8);
  });

  it('vimco works for the categorical family too (unbiased vs enumeration of the 2-sample bound)', () => {
    // one categorical with C = 4 as 2 samples; exact bound by enumerating 4^2 joint outcomes in JS
    const alpha = [0.3, -0.5, 1, 0];
    const v = [1, -2, 0.5, 3];
    const z = alpha.reduce((s, a) => s + Math.exp(a), 0);
    const p = alpha.map((a) => Math.exp(a) / z);
    // gradient of Σ_{i,j} p_i p_j log((e^{v_i} + e^{v_j})/2) w.r.t. α by autodiff in tf
    const exact = tf.grad((a: tf.Tensor) => {
      const q = tf.softmax(a);
      const lme = tf.tensor2d(v.flatMap((vi) => v.map((vj) => Math.log((Math.exp(vi) + Math.exp(vj)) / 2))), [4, 4]);
      return tf.sum(tf.mul(tf.mul(tf.expandDims(q, 1), tf.expandDims(q, 0)), lme));
    })(tf.tensor1d(alpha));
    expect(p.length).toBe(4);
    const f = (y: tf.Tensor) => tf.sum(tf.mul(y, tf.tensor2d([v])), [-2, -1]);
    const flat = drawEstimates({ estimator: vimco({ numSamples: 2, family: categoricalFamily }), key: key(8), logits: tf.tensor2d([alpha]), objective: f, replicates: 40_000 });
    const rows = Array.from({ length: 40_000 }, (_, i) => flat.subarray(4 * i, 4 * i + 4));
    expectUnbiased({ estimates: rows, exact: exact.dataSync() });
  });

  it('rejects K < 2 with a typed error', () => {
    expect(() => vimco({ numSamples: 1 })).toThrow(/numSamples: got number 1; allowed: an integer >= 2/);
    expect(() => localDisarm({ numPairs: 1 })).toThrow(/numPairs/);
  });
});

describe('multi-sample estimators: shapes, no leaks, finite at extreme logits', () => {
  beforeAll(async () => {
    await ready();
  });
  for (const make of [() => vimco({ numSamples: 3 }), () => localDisarm({ numPairs: 2, symmetrized: true })]) {
    it(make().name, () => {
      const logits = tf.tensor2d([[80, -80, 0, 3], [0.5, 0.5, -80, 80]]);
      const before = tf.memory().numTensors;
      const e = make().estimate({ key: key(1), logits, objective });
      expect(e.value.shape).toEqual([2]);
      expect(e.gradient.shape).toEqual([2, 4]);
      for (const t of [e.value, e.gradient, e.surrogate]) expect(Array.from(t.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([e.value, e.gradient, e.surrogate]);
      expect(tf.memory().numTensors).toBe(before);
      logits.dispose();
    });
  }
  it('conformance problem still works with multi-sample estimators (value shapes on coupledBernoulli)', () => {
    const logits = coupledBernoulli.logits();
    const e = vimco().estimate({ key: key(2), logits, objective: coupledBernoulli.objective });
    expect(e.value.shape).toEqual([]);
    tf.dispose([logits, e.value, e.gradient, e.surrogate]);
  });
});

describe('multi-sample estimators at ranks 1–8', () => {
  beforeAll(async () => {
    await ready();
  });

  for (const [name, create] of [
    ['vimco K=2', () => vimco({ numSamples: 2 })],
    ['localDisarm K=2', () => localDisarm({ numPairs: 2 })],
  ] as const) {
    it(`${name}: equal to the rank-2 estimate (same key) or a ShapeError, no XNN line`, () => {
      expectRankConsistency({
        eventShape: [4],
        compute: (lead) =>
          tf.tidy(() => {
            const logits = tf.reshape(tf.tile(logitsOf(), [lead.reduce((a, b) => a * b, 1)]), [...lead, 4]);
            return Array.from(create().estimate({ key: key(3), logits, objective }).gradient.dataSync());
          }),
      });
    });
  }
});

