import * as tf from '@tensorflow/tfjs-core';
import { checkVariance, compareVariances, drawEstimates, key, leaveOneOut, ready, scoreFunction, type GradientEstimator } from '@stochgrad/core';
import { coupledBernoulli, describeConformance, expectLowerVariance } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { arm } from './arm';
import { disarm } from './disarm';

describeConformance('disarm', { create: () => disarm(), problems: [coupledBernoulli] });
describeConformance('disarm K=3', { create: () => disarm({ numPairs: 3 }), problems: [coupledBernoulli] });
describeConformance('arm', { create: () => arm(), problems: [coupledBernoulli] });
describeConformance('arm K=2', { create: () => arm({ numPairs: 2 }), problems: [coupledBernoulli] });

// The RELAX toy: one Bernoulli, f(b) = (b − t)², Δ = f(1) − f(0) = 1 − 2t (REFERENCES §3.1).
const t = 0.499;
const delta = 1 - 2 * t;
const toy = (b: tf.Tensor) => tf.sum(tf.square(tf.sub(b, t)), -1);
const closedForm = {
  disarm: (theta: number) => 0.5 * theta * (1 - theta) ** 2 * (1 - 2 * theta) * delta ** 2,
  arm: (theta: number) => (2 / 3) * delta ** 2 * (0.5 ** 3 - (0.5 - theta) ** 3) - (theta * (1 - theta) * delta) ** 2,
  reinforceLoo: (theta: number) => 0.5 * theta * (1 - theta) * (1 - 2 * theta * (1 - theta)) * delta ** 2,
};

function toyRows(estimator: GradientEstimator, theta: number, m: number, seed: number): number[][] {
  const logits = tf.tensor1d([Math.log(theta / (1 - theta))]);
  const out = drawEstimates({ estimator, key: key(seed), logits, objective: toy, replicates: m });
  logits.dispose();
  return Array.from(out, (v) => [v]);
}

describe('ARM and DisARM on the 1-D toy (t = 0.499): closed-form variances and their order', () => {
  beforeAll(async () => {
    await ready();
  });

  for (const theta of [0.5, 0.3, 0.1]) {
    it(`θ = ${theta}: Var(DisARM) and Var(ARM) match the closed forms`, () => {
      const d = toyRows(disarm(), theta, 200_000, 1);
      const a = toyRows(arm(), theta, 200_000, 1);
      const checkD = checkVariance({ estimates: d, expected: closedForm.disarm(theta), tolerance: 1e-3 });
      const checkA = checkVariance({ estimates: a, expected: closedForm.arm(theta), tolerance: 1e-3 });
      expect(checkD.passed, checkD.message).toBe(true);
      expect(checkA.passed, checkA.message).toBe(true);
    });
  }

  it('θ = 0.5: DisARM has zero variance and ARM a positive one; the check rejects wrong forms', () => {
    const d = toyRows(disarm(), 0.5, 20_000, 2);
    expect(new Set(d.map((r) => r[0])).size).toBe(1);
    const a = toyRows(arm(), 0.5, 200_000, 2);
    expect(checkVariance({ estimates: a, expected: closedForm.arm(0.5) * 1.1 }).passed).toBe(false);
  });

  it('Var(DisARM) <= Var(ARM) <= Var(REINFORCE) at θ = 0.3, on common random numbers where they share them', () => {
    const d = toyRows(disarm(), 0.3, 100_000, 3);
    const a = toyRows(arm(), 0.3, 100_000, 3);
    const r = toyRows(scoreFunction(), 0.3, 100_000, 4);
    const loo = toyRows(scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 }), 0.3, 100_000, 5);
    expectLowerVariance({ a: d, b: a, paired: true });
    expectLowerVariance({ a, b: r });
    expectLowerVariance({ a, b: loo });
    expect(compareVariances({ a, b: d, paired: true }).lower).toBe(false);
  });
});

describe('ARM and DisARM on a D = 5 non-separable problem', () => {
  beforeAll(async () => {
    await ready();
  });

  it('Var(DisARM) < Var(ARM), shown on common random numbers', () => {
    const logits = coupledBernoulli.logits();
    const draw = (estimator: GradientEstimator) => {
      const flat = drawEstimates({ estimator, key: key(7), logits, objective: coupledBernoulli.objective, replicates: 20_000 });
      return Array.from({ length: 20_000 }, (_, i) => flat.subarray(5 * i, 5 * i + 5));
    };
    const d = draw(disarm());
    const a = draw(arm());
    const result = compareVariances({ a: d, b: a, paired: true });
    expect(result.lower, result.message).toBe(true);
    expect(result.varianceA).toBeLessThan(result.varianceB);
    logits.dispose();
  });

  it('shares its uniforms with ARM: the same key gives the same pair of samples (common random numbers)', () => {
    const logits = tf.tensor1d([0.3, -0.2]);
    const seen: number[][] = [];
    const record = (b: tf.Tensor) => {
      seen.push(Array.from(b.dataSync()));
      return tf.sum(b, -1);
    };
    const e1 = disarm().estimate({ key: key(3), logits, objective: record });
    const e2 = arm().estimate({ key: key(3), logits, objective: record });
    expect(seen[0]).toEqual(seen[1]);
    tf.dispose([logits, e1.value, e1.gradient, e1.surrogate, e2.value, e2.gradient, e2.surrogate]);
  });

  it('rejects numPairs < 1', () => {
    expect(() => disarm({ numPairs: 0 })).toThrow(/numPairs/);
    expect(() => arm({ numPairs: 1.5 })).toThrow(/numPairs/);
  });
});
