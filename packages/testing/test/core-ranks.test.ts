// The exact oracles and the distributions of @stochgrad/core at ranks 1–8 on the wasm backend: the
// same result as at rank 2 wherever tfjs computes the rank correctly, a ShapeError (before any
// kernel runs) where it would not, and no XNN line on stderr. The estimators run the same check in
// the conformance suite.
import {
  type Distribution,
  bernoulli,
  categorical,
  exactBernoulli,
  exactBernoulliBound,
  exactCategorical,
  exactNormalQuadratic,
  gumbel,
  independent,
  key,
  logistic,
  normal,
  oneHotCategorical,
  ready,
  relaxedBernoulli,
  relaxedOneHotCategorical,
  uniform,
} from '@stochgrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { coupledBernoulli, coupledCategorical } from '../src/problems';
import { expectRankConsistency } from '../src/ranks';

beforeAll(async () => {
  await ready({ backend: 'wasm' });
});

/** `base` (one problem's parameters) tiled to [...lead, ...base.shape], with a different offset per replicate. */
function tiledTo(base: number[], eventShape: readonly number[], lead: number[]): tf.Tensor {
  const count = lead.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: count }, (_, r) => base.map((v) => v + 0.1 * r)).flat();
  return tf.tensor(values, [...lead, ...eventShape]);
}

const flat = (...ts: tf.Tensor[]) => ts.flatMap((t) => Array.from(t.dataSync()));

describe('exact oracles at ranks 1–8', () => {
  const bernoulliLogits = [-1.5, 0.5, 1, -0.3, 2];
  const categoricalLogits = [0.5, -0.5, 0, 1, 0.2, -1, -0.3, 0.3, 0.8];
  const cases: [string, readonly number[], (lead: number[]) => number[]][] = [
    ['exactBernoulli', [5], (lead) => tf.tidy(() => { const r = exactBernoulli({ logits: tiledTo(bernoulliLogits, [5], lead), objective: coupledBernoulli.objective }); return flat(r.value, r.gradient); })],
    ['exactCategorical', [3, 3], (lead) => tf.tidy(() => { const r = exactCategorical({ logits: tiledTo(categoricalLogits, [3, 3], lead), objective: coupledCategorical.objective }); return flat(r.value, r.gradient); })],
    ['exactBernoulliBound (K = 2)', [3], (lead) => tf.tidy(() => { const r = exactBernoulliBound({ logits: tiledTo([0.4, -0.8, 1.2], [3], lead), objective: (b) => tf.sum(tf.mul(b, tf.tensor1d([1.5, -1, 0.5])), -1), numSamples: 2 }); return flat(r.value, r.gradient); })],
    ['exactNormalQuadratic', [3, 2], (lead) => tf.tidy(() => { const r = exactNormalQuadratic({ params: tiledTo([0.5, 0, -0.5, -0.7, 1, 0.3], [3, 2], lead), matrix: tf.tensor2d([1, 0.4, 0, 0.4, 1, -0.3, 0, -0.3, 0.5], [3, 3]), vector: tf.tensor1d([1, -1, 0.5]) }); return flat(r.value, r.gradient); })],
  ];
  for (const [name, eventShape, compute] of cases) {
    it(`${name}: equal to rank 2 or a ShapeError, no XNN line`, () => {
      const outcome = expectRankConsistency({ eventShape, compute, servedUpTo: name === 'exactBernoulliBound (K = 2)' ? 4 : 5 });
      expect(outcome.length).toBe(8 - Math.max(1, eventShape.length) + 1);
    });
  }

  it('the rank-2 oracles the check compares with are themselves right (a hand computation for one case)', () => {
    // E[b₀ + b₁] for independent Bernoullis = σ(l₀) + σ(l₁); d/dl_i = σ(l_i)(1 − σ(l_i))
    const r = exactBernoulli({ logits: tf.tensor2d([[0, 1]]), objective: (b) => tf.sum(b, -1) });
    const s = 1 / (1 + Math.exp(-1));
    expect(r.value.dataSync()[0]).toBeCloseTo(0.5 + s, 5);
    expect(Array.from(r.gradient.dataSync())).toEqual([expect.closeTo(0.25, 5), expect.closeTo(s * (1 - s), 5)]);
    tf.dispose([r.value, r.gradient]);
  });
});

describe('distributions at ranks 1–8: sample(key, [2]) and logProb of the samples', () => {
  const d = [0.3, -0.2, 0.9];
  const positive = [1, 0.5, 2];
  const make: [string, readonly number[], (p: (base: number[]) => tf.Tensor) => Distribution][] = [
    ['bernoulli', [3], (p) => bernoulli({ logits: p(d) })],
    ['categorical', [3], (p) => categorical({ logits: p(d) })],
    ['oneHotCategorical', [3], (p) => oneHotCategorical({ logits: p(d) })],
    ['normal', [3], (p) => normal({ loc: p(d), scale: p(positive) })],
    ['gumbel', [3], (p) => gumbel({ loc: p(d), scale: p(positive) })],
    ['logistic', [3], (p) => logistic({ loc: p(d), scale: p(positive) })],
    ['uniform', [3], (p) => uniform({ low: p(d), high: p(d.map((v) => v + 1)) })],
    ['relaxedBernoulli', [3], (p) => relaxedBernoulli({ logits: p(d), temperature: 0.5 })],
    ['relaxedOneHotCategorical', [3], (p) => relaxedOneHotCategorical({ logits: p(d), temperature: 0.5 })],
    ['independent(normal)', [3], (p) => independent(normal({ loc: p(d), scale: p(positive) }))],
  ];
  for (const [name, eventShape, build] of make) {
    it(`${name}: equal to rank 2 or a ShapeError, no XNN line`, () => {
      expectRankConsistency({
        eventShape,
        // the sample axis and (categorical draws) a class axis come on top of the parameters' rank
        servedUpTo: 4,
        compute: (lead) =>
          tf.tidy(() => {
            const distribution = build((base) => tiledTo(base, eventShape, lead));
            const samples = distribution.sample(key(4), [2]);
            return flat(samples, distribution.logProb(samples));
          }),
      });
    });
  }
});
