import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type ExactResult, type Family, ShapeError, checkUnbiased, drawEstimates, key, random, ready } from '@stochgrad/core';
import { type TestProblem, describeConformance } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { chiSquareTest, combinations, expectDocumentedBias, relativeBias } from '../test/sst-fixtures';
import { kSubsetMarginals } from './internal/sst-marginals';
import { topKSubset } from './top-k-subset';

const N = 5;
const K = 2;
const LOGITS = [0.5, -0.3, 1, 0, -1.2];
const VALUES = [1, -0.5, 0.3, 0.8, -1];
const SUBSETS = combinations(N, K);

const subsetFamily: Family = Object.freeze({
  name: 'k-subset',
  reparameterized: false,
  parameterLayout: '[..., N]',
  parameterEventRank: 1,
  distribution: () => {
    throw new Error('the k-subset test family has no Distribution object; the tests use its exact law directly');
  },
});

/** P(S) of Gumbel-top-k: k draws without replacement from softmax(α), summed over the k! orders of S. */
function gumbelTopKLaw(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const p = tf.unstack(tf.softmax(logits));
    const orders = (set: number[]): number[][] => (set.length <= 1 ? [set] : set.flatMap((x, i) => orders([...set.slice(0, i), ...set.slice(i + 1)]).map((rest) => [x, ...rest])));
    return tf.stack(
      SUBSETS.map((set) =>
        tf.addN(
          orders(set).map((order) => {
            let prob: tf.Tensor = tf.scalar(1);
            let used: tf.Tensor = tf.scalar(0);
            for (const i of order) {
              prob = tf.mul(prob, tf.div(p[i] as tf.Tensor, tf.sub(1, used)));
              used = tf.add(used, p[i] as tf.Tensor);
            }
            return prob;
          }),
        ),
      ),
    );
  });
}

function kHot(sets: number[][]): tf.Tensor {
  return tf.tensor2d(sets.map((set) => Array.from({ length: N }, (_, i) => (set.includes(i) ? 1 : 0))));
}

/** k = 2 of N = 5 items, non-separable: f(y) = Σ v_i y_i + 2 y₀y₂ − 1.5 y₁y₃. */
const subsetProblem: TestProblem = {
  name: 'k-subset (k = 2 of N = 5)',
  family: subsetFamily,
  logits: () => tf.tensor1d(LOGITS),
  objective: (y) =>
    tf.tidy(() => {
      const [y0, y1, y2, y3] = tf.unstack(y, -1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const linear = tf.sum(tf.mul(y, tf.tensor1d(VALUES)), -1);
      return tf.add(linear, tf.sub(tf.mul(tf.mul(y0, y2), 2), tf.mul(tf.mul(y1, y3), 1.5)));
    }),
  exact: (logits): ExactResult =>
    tf.tidy(() => {
      const values = tf.tidy(() => subsetProblem.objective(kHot(SUBSETS)));
      const { value, grad } = tf.valueAndGrad((l: tf.Tensor) => tf.sum(tf.mul(gumbelTopKLaw(l), values)))(logits);
      return { value, gradient: grad };
    }),
  extremeLogits: () => tf.tensor1d([80, -80, 0, 80, -80]),
};

// Measured with key(2024), M = 20 000 (the conformance check); see the JSDoc of topKSubset.
const DOCUMENTED = { relaxed: 0.123, straightThrough: 0.117 };

describeConformance('topKSubset relaxed (k = 2, λ = 0.5)', {
  create: () => topKSubset({ k: K, temperature: 0.5 }),
  problems: [subsetProblem],
  documentedBias: expectDocumentedBias(DOCUMENTED.relaxed),
});
describeConformance('topKSubset straight-through (k = 2, λ = 0.5)', {
  create: () => topKSubset({ k: K, temperature: 0.5, straightThrough: true }),
  problems: [subsetProblem],
  documentedBias: expectDocumentedBias(DOCUMENTED.straightThrough),
});

/** Draws M hard samples (one estimate on logits tiled M times), read from what the objective sees. */
function hardSamples(m: number, seed: number): Float32Array {
  let seen: Float32Array | undefined;
  const logits = tf.tidy(() => tf.broadcastTo(tf.tensor1d(LOGITS), [m, N]));
  const e = topKSubset({ k: K, straightThrough: true }).estimate({
    key: key(seed),
    logits,
    objective: (s) => {
      seen = s.dataSync() as Float32Array;
      return tf.sum(s, -1);
    },
  });
  tf.dispose([logits, e.value, e.gradient, e.surrogate]);
  return seen as Float32Array;
}

describe('topKSubset', () => {
  beforeAll(async () => {
    await ready();
  });

  it('hard samples follow the Gumbel-top-k law (sequential sampling without replacement), not the k-subset Gibbs law', () => {
    const m = 40_000;
    const samples = hardSamples(m, 1);
    const counts = new Array<number>(SUBSETS.length).fill(0);
    let invalid = 0;
    for (let r = 0; r < m; r++) {
      const set: number[] = [];
      for (let i = 0; i < N; i++) {
        const v = samples[r * N + i] as number;
        if (v === 1) set.push(i);
        else if (v !== 0) invalid++;
      }
      const cell = set.length === K ? SUBSETS.findIndex((s) => s[0] === set[0] && s[1] === set[1]) : -1;
      if (cell < 0) invalid++;
      else counts[cell] = (counts[cell] as number) + 1;
    }
    expect(invalid, 'samples that are not k-hot').toBe(0);
    const law = tf.tidy(() => Array.from(gumbelTopKLaw(tf.tensor1d(LOGITS)).dataSync()));
    expect(law.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const fit = chiSquareTest(counts, law);
    console.log(`top-k GOF vs Gumbel-top-k law: χ² = ${fit.statistic.toFixed(2)}, df = ${fit.degreesOfFreedom}, p = ${fit.pValue.toFixed(3)}`);
    expect(fit.pValue).toBeGreaterThan(1e-3);
    // power: the Gibbs law over k-subsets, P(S) ∝ Π_{i∈S} e^{α_i}, is a different law and is rejected
    const gibbs = SUBSETS.map((s) => Math.exp(s.reduce((a, i) => a + (LOGITS[i] as number), 0)));
    const z = gibbs.reduce((a, b) => a + b, 0);
    const wrong = chiSquareTest(counts, gibbs.map((g) => g / z));
    console.log(`top-k GOF vs Gibbs law: χ² = ${wrong.statistic.toFixed(1)}, p = ${wrong.pValue.toExponential(2)}`);
    expect(wrong.pValue).toBeLessThan(1e-6);
  });

  it('the relaxation is the inclusion probability of the k-subset Gibbs law at any scale (λ → 0, |logit| ≥ 80)', () => {
    for (const scale of [1, 10, 100, 1000]) {
      for (const k of [1, 2, 3, 5]) {
        const sets = combinations(N, k);
        const logWeights = sets.map((s) => s.reduce((a, i) => a + (LOGITS[i] as number) * scale, 0));
        const top = Math.max(...logWeights);
        const weights = logWeights.map((w) => Math.exp(w - top));
        const z = weights.reduce((a, b) => a + b, 0);
        const exact = LOGITS.map((_, i) => sets.reduce((a, s, t) => a + (s.includes(i) ? (weights[t] as number) / z : 0), 0));
        const mu = tf.tidy(() => Array.from(kSubsetMarginals(tf.mul(tf.tensor1d(LOGITS), scale), k).dataSync()));
        mu.forEach((v, i) => expect(Math.abs(v - (exact[i] as number)), `scale ${scale}, k ${k}, item ${i}`).toBeLessThan(1e-6));
      }
    }
  });

  it('the relaxation has the right gradient: the covariance of the Gibbs law, and finite differences', () => {
    const s = [0.3, -0.4, 0.9, 0.1, -0.6];
    const g = [1, -2, 0.5, 0.7, -0.3];
    const sets = combinations(N, K);
    const weights = sets.map((set) => Math.exp(set.reduce((a, i) => a + (s[i] as number), 0)));
    const z = weights.reduce((a, b) => a + b, 0);
    const inSet = (t: number, i: number) => ((sets[t] as number[]).includes(i) ? 1 : 0);
    const mean = s.map((_, i) => sets.reduce((a, _set, t) => a + ((weights[t] as number) / z) * inSet(t, i), 0));
    // d/ds_j Σ_i g_i μ_i = Cov(Σ_i g_i 1_i, 1_j)
    const exact = s.map((_, j) => sets.reduce((a, _set, t) => a + ((weights[t] as number) / z) * g.reduce((b, gi, i) => b + gi * inSet(t, i), 0) * (inSet(t, j) - (mean[j] as number)), 0));
    const f = (x: tf.Tensor) => tf.sum(tf.mul(kSubsetMarginals(x, K), tf.tensor1d(g)));
    const analytic = tf.tidy(() => Array.from(tf.grad(f)(tf.tensor1d(s)).dataSync()));
    const h = 1e-2;
    const finiteDifference = s.map((_, j) =>
      tf.tidy(() => {
        const step = tf.mul(tf.oneHot(j, N), h);
        return ((f(tf.add(tf.tensor1d(s), step)).dataSync()[0] as number) - (f(tf.sub(tf.tensor1d(s), step)).dataSync()[0] as number)) / (2 * h);
      }),
    );
    analytic.forEach((v, j) => {
      expect(v).toBeCloseTo(exact[j] as number, 5);
      expect(v).toBeCloseTo(finiteDifference[j] as number, 3);
    });
  });

  it('the relaxed bias shrinks with the temperature (relaxed variant, M = 20 000)', () => {
    const logits = subsetProblem.logits();
    const exact = subsetProblem.exact(logits);
    const exactValues = Array.from(exact.gradient.dataSync());
    const measured = [0.1, 0.5, 1].map((temperature) => {
      const flat = drawEstimates({ estimator: topKSubset({ k: K, temperature }), key: key(2024), logits, objective: subsetProblem.objective, replicates: 20_000 });
      const rows = Array.from({ length: 20_000 }, (_, i) => flat.subarray(i * N, (i + 1) * N));
      const check = checkUnbiased({ estimates: rows, exact: exactValues });
      return relativeBias({ mean: check.mean, exact: exactValues, standardError: check.standardError });
    });
    console.log('top-k relaxed bias at λ = 0.1, 0.5, 1:', measured.map((b) => `${b.relative.toFixed(3)} ± ${b.standardError.toFixed(3)}`).join(', '));
    expect((measured[0] as { relative: number }).relative).toBeLessThan((measured[1] as { relative: number }).relative);
    expect((measured[1] as { relative: number }).relative).toBeLessThan((measured[2] as { relative: number }).relative);
    tf.dispose([logits, exact.value, exact.gradient]);
  });

  it('handles several batch axes (the wasm kernels silently fail above rank 6, so the relaxation flattens them)', () => {
    const logits = random.normal(key(8), [2, 2, 3, 2, 6]);
    const mu = kSubsetMarginals(logits, 3);
    const flat = tf.tidy(() => kSubsetMarginals(tf.reshape(logits, [24, 6]), 3).arraySync() as number[][]);
    const got = tf.tidy(() => tf.reshape(mu, [24, 6]).arraySync() as number[][]);
    got.forEach((row, b) => {
      row.forEach((v, i) => expect(v).toBeCloseTo(flat[b]?.[i] as number, 6));
      expect(row.reduce((a, x) => a + x, 0)).toBeCloseTo(3, 5);
    });
    const e = topKSubset({ k: 3, numSamples: 2 }).estimate({ key: key(9), logits, objective: (y) => tf.sum(tf.square(tf.sub(y, 0.3)), -1) });
    expect(e.gradient.shape).toEqual([2, 2, 3, 2, 6]);
    const g = Array.from(e.gradient.dataSync());
    expect(g.every(Number.isFinite) && g.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    tf.dispose([logits, mu, e.value, e.gradient, e.surrogate]);
  });

  it('k = N: the only subset is all items, and the gradient is zero', () => {
    const logits = tf.tensor2d([[0.3, -1, 2], [80, -80, 0]]);
    const e = topKSubset({ k: 3, numSamples: 2 }).estimate({ key: key(4), logits, objective: (s) => tf.sum(tf.square(s), -1) });
    expect(Array.from(e.value.dataSync())).toEqual([3, 3]);
    expect(Array.from(e.gradient.dataSync()).every((v) => Math.abs(v) < 1e-6)).toBe(true);
    tf.dispose([logits, e.value, e.gradient, e.surrogate]);
  });

  it('counts its evaluations and throws typed errors naming the argument', () => {
    expect(topKSubset({ k: 2 }).evaluations).toBe(2);
    expect(topKSubset({ k: 2, numSamples: 3, straightThrough: true }).evaluations).toBe(3);
    expect(topKSubset({ k: 2 }).unbiased).toBe(false);
    expect(() => topKSubset({ k: 0 })).toThrow(ArgumentError);
    expect(() => topKSubset({ k: 1.5 })).toThrow(/k: got number 1.5/);
    expect(() => topKSubset({} as never)).toThrow(/k: is missing/);
    expect(() => topKSubset(undefined as never)).toThrow(/k: is missing/);
    expect(() => topKSubset({ k: 2, temperature: 0 })).toThrow(/temperature/);
    expect(() => topKSubset({ k: 2, temperature: -1 })).toThrow(ArgumentError);
    expect(() => topKSubset({ k: 2, temperature: Number.NaN })).toThrow(/temperature/);
    expect(() => topKSubset({ k: 2, numSamples: 0 })).toThrow(/numSamples/);
    expect(() => topKSubset({ k: 2, straightThrough: 'yes' as never })).toThrow(/straightThrough/);
    const logits = tf.tensor1d([0, 1, 2]);
    const scalar = tf.scalar(1);
    const infinite = tf.tensor1d([0, Number.POSITIVE_INFINITY, 1]);
    const before = tf.memory().numTensors;
    const objective = (s: tf.Tensor) => tf.sum(s, -1);
    expect(() => topKSubset({ k: 4 }).estimate({ key: key(0), logits, objective })).toThrow(/k: got 4 for logits with N = 3 items.*allowed: an integer in \[1, N\] = \[1, 3\]/);
    expect(() => topKSubset({ k: 4 }).estimate({ key: key(0), logits, objective })).toThrow(ArgumentError);
    expect(() => topKSubset({ k: 1 }).estimate({ key: key(0), logits: scalar, objective })).toThrow(ShapeError);
    expect(() => topKSubset({ k: 1 }).estimate({ key: key(0), logits: infinite, objective })).toThrow(/logits: contains Infinity/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([logits, scalar, infinite]);
  });
});
