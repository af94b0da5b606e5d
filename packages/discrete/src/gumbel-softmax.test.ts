import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, bernoulliFamily, categoricalFamily, checkUnbiased, drawEstimates, key, ready } from '@stochgrad/core';
import { type TestProblem, coupledBernoulli, coupledCategorical, describeConformance } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDocumentedBias, relativeBias } from '../test/sst-fixtures';
import { gumbelSoftmax } from './gumbel-softmax';

// Relative bias ‖E ĝ − ∇‖/‖∇‖ at λ = 0.5, measured with key(2024), M = 20 000 (the conformance
// check); the same figures are in the JSDoc of gumbelSoftmax and in the README.
const RELAXED = { [coupledBernoulli.name]: 0.229, [coupledCategorical.name]: 0.111 };
const STRAIGHT_THROUGH = { [coupledBernoulli.name]: 0.296, [coupledCategorical.name]: 0.081 };

describeConformance('gumbelSoftmax Bernoulli (λ = 0.5)', {
  create: () => gumbelSoftmax({ temperature: 0.5 }),
  problems: [coupledBernoulli],
  documentedBias: expectDocumentedBias(RELAXED),
});
describeConformance('gumbelSoftmax Bernoulli straight-through (λ = 0.5)', {
  create: () => gumbelSoftmax({ temperature: 0.5, straightThrough: true }),
  problems: [coupledBernoulli],
  documentedBias: expectDocumentedBias(STRAIGHT_THROUGH),
});
describeConformance('gumbelSoftmax categorical (λ = 0.5, K = 2)', {
  create: () => gumbelSoftmax({ temperature: 0.5, family: categoricalFamily, numSamples: 2 }),
  problems: [coupledCategorical],
  replicates: 10_000,
  documentedBias: (args) => {
    // K = 2 halves the variance, not the bias: the K = 1 figure holds
    expectDocumentedBias(RELAXED)(args);
  },
});
describeConformance('gumbelSoftmax categorical straight-through (λ = 0.5)', {
  create: () => gumbelSoftmax({ temperature: 0.5, family: 'categorical', straightThrough: true }),
  problems: [coupledCategorical],
  documentedBias: expectDocumentedBias(STRAIGHT_THROUGH),
});

function measureBias(problem: TestProblem, temperature: number, straightThrough: boolean, replicates = 20_000) {
  const logits = problem.logits();
  const exact = problem.exact(logits);
  const exactValues = Array.from(exact.gradient.dataSync());
  const estimator = gumbelSoftmax({ temperature, straightThrough, family: problem.family });
  const flat = drawEstimates({ estimator, key: key(2024), logits, objective: problem.objective, replicates });
  const rows = Array.from({ length: replicates }, (_, i) => flat.subarray(i * logits.size, (i + 1) * logits.size));
  const check = checkUnbiased({ estimates: rows, exact: exactValues });
  tf.dispose([logits, exact.value, exact.gradient]);
  return relativeBias({ mean: check.mean, exact: exactValues, standardError: check.standardError });
}

describe('gumbelSoftmax', () => {
  beforeAll(async () => {
    await ready();
  });

  // λ = 0.5 is checked by the conformance suites above; here λ = 0.1 and 1 (figures in the JSDoc).
  // On these problems f is quadratic in each coordinate, so the straight-through bias also tends
  // to 0 as λ → 0 (the trapezoid rule); for general f it does not.
  for (const straightThrough of [false, true]) {
    it(`${straightThrough ? 'straight-through' : 'relaxed'}: the bias grows with the temperature (M = 20 000)`, () => {
      const documented = {
        [`${coupledBernoulli.name} false`]: [0.056, 0.36],
        [`${coupledCategorical.name} false`]: [0.028, 0.282],
        [`${coupledBernoulli.name} true`]: [0.069, 0.427],
        [`${coupledCategorical.name} true`]: [0.025, 0.228],
      };
      for (const problem of [coupledBernoulli, coupledCategorical]) {
        const [low, high] = [0.1, 1].map((t) => measureBias(problem, t, straightThrough)) as [ReturnType<typeof relativeBias>, ReturnType<typeof relativeBias>];
        const atHalf = (straightThrough ? STRAIGHT_THROUGH : RELAXED)[problem.name] as number;
        console.log(`${problem.name}, ${straightThrough ? 'straight-through' : 'relaxed'}, λ = 0.1 / 1: ${[low, high].map((b) => `${b.relative.toFixed(3)} ± ${b.standardError.toFixed(3)}`).join(' / ')}`);
        const [documentedLow, documentedHigh] = documented[`${problem.name} ${straightThrough}`] as [number, number];
        expect(Math.abs(low.relative - documentedLow)).toBeLessThanOrEqual(Math.max(4 * low.standardError, 0.01));
        expect(Math.abs(high.relative - documentedHigh)).toBeLessThanOrEqual(Math.max(4 * high.standardError, 0.01));
        expect(low.relative).toBeLessThan(atHalf);
        expect(atHalf).toBeLessThan(high.relative);
      }
    });
  }

  it('the objective sees the relaxed samples, then the hard ones; straight-through passes exactly the hard ones', () => {
    const logits = tf.tensor2d([[0.3, -0.2, 1], [2, 0, -1]]);
    const seen: number[][] = [];
    const record = (y: tf.Tensor) => {
      seen.push(Array.from(y.dataSync()));
      return tf.sum(y, [-2, -1]);
    };
    const relaxed = gumbelSoftmax({ family: 'categorical', numSamples: 3 }).estimate({ key: key(1), logits, objective: record });
    const st = gumbelSoftmax({ family: 'categorical', numSamples: 3, straightThrough: true }).estimate({ key: key(1), logits, objective: record });
    const [both, hard] = seen as [number[], number[]];
    expect(both.length).toBe(2 * 3 * 6);
    expect(both.slice(18)).toEqual(hard); // the same key: the same hard samples
    expect(hard.every((v) => v === 0 || v === 1)).toBe(true);
    expect(both.slice(0, 18).some((v) => v > 0 && v < 1)).toBe(true);
    for (let r = 0; r < 6; r++) expect(hard.slice(3 * r, 3 * r + 3).reduce((a, b) => a + b, 0)).toBe(1);
    expect(Array.from(relaxed.value.dataSync())).toEqual(Array.from(st.value.dataSync()));
    tf.dispose([logits, relaxed.value, relaxed.gradient, relaxed.surrogate, st.value, st.gradient, st.surrogate]);
  });

  it('value is the mean of f at hard samples with the family law: unbiased for E[f] (M = 20 000)', () => {
    for (const problem of [coupledBernoulli, coupledCategorical]) {
      const logits = problem.logits();
      const exact = problem.exact(logits);
      const tiled = tf.tidy(() => tf.broadcastTo(tf.expandDims(logits, 0), [20_000, ...logits.shape]));
      const e = gumbelSoftmax({ family: problem.family, straightThrough: true }).estimate({ key: key(3), logits: tiled, objective: problem.objective });
      const check = checkUnbiased({ estimates: Array.from(e.value.dataSync(), (v) => [v]), exact: [exact.value.dataSync()[0] as number] });
      expect(check.passed, check.message).toBe(true);
      tf.dispose([logits, tiled, exact.value, exact.gradient, e.value, e.gradient, e.surrogate]);
    }
  });

  it('names, evaluations and typed errors', () => {
    expect(gumbelSoftmax().name).toBe('gumbel-softmax(λ=0.5)');
    expect(gumbelSoftmax({ straightThrough: true, temperature: 1, numSamples: 4 }).name).toBe('gumbel-softmax-st(λ=1, K=4)');
    expect(gumbelSoftmax({ numSamples: 3 }).evaluations).toBe(6);
    expect(gumbelSoftmax({ numSamples: 3, straightThrough: true }).evaluations).toBe(3);
    expect(gumbelSoftmax().unbiased).toBe(false);
    expect(gumbelSoftmax({ family: bernoulliFamily }).name).toBe('gumbel-softmax(λ=0.5)');
    expect(() => gumbelSoftmax({ temperature: 0 })).toThrow(/temperature: got number 0; allowed: a finite number > 0/);
    expect(() => gumbelSoftmax({ temperature: -0.5 })).toThrow(ArgumentError);
    expect(() => gumbelSoftmax({ temperature: Number.POSITIVE_INFINITY })).toThrow(/temperature/);
    expect(() => gumbelSoftmax({ family: 'normal' as never })).toThrow(/family: got string "normal"/);
    expect(() => gumbelSoftmax({ numSamples: 0 })).toThrow(/numSamples/);
    expect(() => gumbelSoftmax({ straightThrough: 1 as never })).toThrow(/straightThrough/);
    expect(() => gumbelSoftmax(null as never)).toThrow(/options/);
    const vector = tf.tensor1d([0, 1]);
    const oneClass = tf.zeros([3, 1]);
    const objective = (y: tf.Tensor) => tf.sum(y, [-2, -1]);
    const before = tf.memory().numTensors;
    const categorical = gumbelSoftmax({ family: 'categorical' });
    expect(() => categorical.estimate({ key: key(0), logits: vector, objective })).toThrow(ShapeError);
    expect(() => categorical.estimate({ key: key(0), logits: oneClass, objective })).toThrow(/C = 1/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([vector, oneClass]);
  });
});
