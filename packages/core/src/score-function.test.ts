import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from './backend';
import { drawEstimates } from './compare-estimators';
import { constantBaseline, learnedBaseline, leaveOneOut, movingAverageBaseline, noBaseline } from './control-variates';
import { ArgumentError, ShapeError } from './errors';
import { exactBernoulli } from './exact';
import { bernoulliFamily, categoricalFamily } from './families';
import { fold, key } from './key';
import { pathwise } from './pathwise';
import { scoreFunction } from './score-function';
import { checkUnbiased, checkVariance } from './statistics';

// The RELAX toy: one Bernoulli, θ = σ(0) = ½, f(b) = (b − t)², t = 0.499; Δ = f(1) − f(0) = 1 − 2t.
const t = 0.499;
const toy = (b: tf.Tensor) => tf.tidy(() => tf.sum(tf.square(tf.sub(b, t)), -1));
const theta = 0.5;
const delta = 1 - 2 * t;

function toyEstimates(estimator: ReturnType<typeof scoreFunction>, m: number, seed: number) {
  const logits = tf.tensor1d([0]);
  const estimates = drawEstimates({ estimator, key: key(seed), logits, objective: toy, replicates: m });
  logits.dispose();
  return Array.from(estimates, (v) => [v]);
}

describe('score function on the 1-D toy: variances match the closed forms (REFERENCES §3.1)', () => {
  beforeAll(async () => {
    await ready();
  });

  it('REINFORCE, one sample: Var = E[f²(b − θ)²] − (θ(1−θ)Δ)² = 1.5625e-2', () => {
    const f1 = (1 - t) ** 2;
    const f0 = t ** 2;
    const mean = theta * (1 - theta) * delta;
    const expected = theta * (f1 * (1 - theta)) ** 2 + (1 - theta) * (f0 * theta) ** 2 - mean ** 2;
    expect(expected).toBeCloseTo(1.5625e-2, 6);
    const rows = toyEstimates(scoreFunction(), 100_000, 1);
    const check = checkVariance({ estimates: rows, expected });
    expect(check.passed, check.message).toBe(true);
    expect(checkUnbiased({ estimates: rows, exact: [mean] }).passed).toBe(true);
  });

  it('REINFORCE-LOO, two samples: Var = ½ θ(1−θ)(1 − 2θ(1−θ)) Δ² = 2.5e-7', () => {
    const expected = 0.5 * theta * (1 - theta) * (1 - 2 * theta * (1 - theta)) * delta ** 2;
    expect(expected).toBeCloseTo(2.5e-7, 12);
    const rows = toyEstimates(scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 }), 100_000, 2);
    const check = checkVariance({ estimates: rows, expected });
    expect(check.passed, check.message).toBe(true);
  });

  it('the variance check has power: a wrong closed form (×1.1) is rejected', () => {
    const expected = 0.5 * theta * (1 - theta) * (1 - 2 * theta * (1 - theta)) * delta ** 2;
    const rows = toyEstimates(scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 }), 100_000, 2);
    expect(checkVariance({ estimates: rows, expected: expected * 1.1 }).passed).toBe(false);
  });

  it('the optimal constant baseline c = (f(0) + f(1))/2 gives (nearly) zero variance at θ = ½', () => {
    const rows = toyEstimates(scoreFunction({ controlVariate: constantBaseline(0.5 * (t ** 2 + (1 - t) ** 2)) }), 2000, 3);
    const check = checkVariance({ estimates: rows, expected: 0, tolerance: 0 });
    expect(Math.max(...check.variance)).toBeLessThan(1e-12);
  });
});

describe('scoreFunction', () => {
  beforeAll(async () => {
    await ready();
  });

  it('includes f\'s explicit dependence on the logits in gradient and surrogate', () => {
    // f(b; α) = Σ b·α: E f = Σ σ(α)α, d/dα = σ'(α)α + σ(α)
    const objective = (b: tf.Tensor, logits: tf.Tensor) => tf.sum(tf.mul(b, logits), -1);
    const alpha = tf.tensor1d([0.3, -1.2]);
    const m = 20000;
    const tiled = tf.broadcastTo(tf.expandDims(alpha, 0), [m, 2]);
    const est = scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 });
    const e = est.estimate({ key: key(4), logits: tiled, objective: (b) => objective(b, tiled) });
    const exact = exactBernoulli({ logits: alpha, objective: (b) => objective(b, alpha) });
    const check = checkUnbiased({ estimates: e.gradient, exact: exact.gradient });
    expect(check.passed, check.message).toBe(true);
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    [0.3, -1.2].forEach((a, i) => expect(exact.gradient.dataSync()[i]).toBeCloseTo(s(a) * (1 - s(a)) * a + s(a), 5));
    tf.dispose([alpha, tiled, e.value, e.gradient, e.surrogate, exact.value, exact.gradient]);
  });

  it('the EMA baseline starts at 0 and tracks past values with bias correction', () => {
    const cv = movingAverageBaseline({ decay: 0.5 });
    const v = tf.tensor2d([[4], [4]]);
    expect(Array.from(cv.baseline(v, v).dataSync())).toEqual([0, 0]);
    cv.update?.(v);
    expect(Array.from(cv.baseline(v, v).dataSync())).toEqual([4, 4]);
    cv.update?.(tf.tensor2d([[0], [0]]));
    // m = 0.5·(0.5·4) = 1 after two steps; bias correction 1/(1 − 0.25)
    expect(cv.baseline(v, v).dataSync()[0]).toBeCloseTo(4 / 3, 6);
    expect(cv.variables).toHaveLength(1);
    cv.dispose?.();
    expect(cv.variables).toHaveLength(0);
  });

  it('a learned baseline is trained through controlVariateLoss and cuts the variance', () => {
    const logits = tf.tensor1d([0.4, -0.3, 1]);
    const objective = (b: tf.Tensor) => tf.add(tf.sum(b, -1), 5);
    const bias = tf.variable(tf.scalar(0));
    const cv = learnedBaseline((l) => tf.add(tf.mul(tf.sum(l, -1), 0), bias));
    const est = scoreFunction({ controlVariate: cv, numSamples: 1 });
    const optimizer = tf.train.adam(0.2);
    const batch = tf.broadcastTo(tf.expandDims(logits, 0), [32, 3]);
    const varianceOf = () => {
      const rows = drawEstimates({ estimator: est, key: key(99), logits, objective, replicates: 4000 });
      return checkVariance({ estimates: Array.from({ length: 4000 }, (_, i) => rows.subarray(3 * i, 3 * i + 3)), expected: 0 }).variance.reduce((a, b) => a + b);
    };
    const before = varianceOf();
    for (let step = 0; step < 150; step++) {
      optimizer.minimize(() => {
        const e = est.estimate({ key: fold(key(5), step), logits: batch, objective });
        tf.dispose([e.value, e.gradient, e.surrogate]);
        return e.controlVariateLoss as tf.Scalar;
      }, false, [bias]);
    }
    expect(bias.dataSync()[0]).toBeGreaterThan(5.5); // E f = 5 + Σθ ≈ 6.5
    expect(varianceOf()).toBeLessThan(before / 5);
    tf.dispose([logits, bias, batch]);
    optimizer.dispose();
  });

  it('rejects bad options with typed errors', () => {
    expect(() => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 1 })).toThrow(/K >= 2 for leave-one-out/);
    expect(() => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 1 })).toThrow(ArgumentError);
    expect(() => scoreFunction({ numSamples: 0 })).toThrow(/numSamples: got number 0/);
    expect(() => scoreFunction({ numSamples: 2.5 })).toThrow(ArgumentError);
    expect(() => movingAverageBaseline({ decay: 1 })).toThrow(/decay/);
    expect(() => constantBaseline(NaN)).toThrow(ArgumentError);
    expect(() => learnedBaseline('net' as never)).toThrow(ArgumentError);
    expect(() => pathwise({ family: bernoulliFamily })).toThrow(/not reparameterized/);
    expect(scoreFunction({ controlVariate: leaveOneOut() }).evaluations).toBe(2);
    expect(scoreFunction({ controlVariate: noBaseline() }).name).toBe('reinforce');
  });

  it('rejects logits that do not fit the family, naming the layout', () => {
    const est = scoreFunction({ family: categoricalFamily });
    expect(() => est.estimate({ key: key(0), logits: tf.zeros([3]), objective: (y) => tf.sum(y, [-2, -1]) })).toThrow(ShapeError);
    expect(() => est.estimate({ key: key(0), logits: tf.zeros([2, 1]), objective: (y) => tf.sum(y, [-2, -1]) })).toThrow(/C >= 2/);
    expect(() => scoreFunction().estimate({ key: key(0), logits: tf.scalar(0), objective: (b) => b })).toThrow(/\[\.\.\., D\]/);
    expect(() => scoreFunction().estimate({ key: key(0), logits: tf.zeros([2], 'int32'), objective: (b) => tf.sum(b, -1) })).toThrow(/float32/);
  });
});
