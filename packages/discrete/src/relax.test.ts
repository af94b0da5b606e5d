import * as tf from '@tensorflow/tfjs-core';
import {
  ArgumentError,
  type Family,
  type GradientEstimator,
  ShapeError,
  bernoulliFamily,
  categoricalFamily,
  compareVariances,
  drawEstimates,
  fold,
  key,
  moments,
  movingAverageBaseline,
  random,
  ready,
  scoreFunction,
} from '@stochgrad/core';
import { type TestProblem, coupledBernoulli, coupledCategorical, describeConformance, expectLowerVariance } from '@stochgrad/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNetwork } from './internal/relax-network';
import { type RelaxEstimator, type RelaxNetwork, relax } from './relax';

const tiled = (logits: tf.Tensor, m: number) => tf.tidy(() => tf.broadcastTo(tf.expandDims(logits, 0), [m, ...logits.shape]));

/** Runs `steps` steps of variance training (Adam) on `problem`'s logits tiled `batch` times. */
function train(estimator: RelaxEstimator, logits: tf.Tensor, objective: (b: tf.Tensor) => tf.Tensor, options: { steps: number; batch: number; learningRate: number; seed: number }): void {
  const optimizer = tf.train.adam(options.learningRate);
  const many = tiled(logits, options.batch);
  for (let step = 0; step < options.steps; step++) {
    tf.dispose(Object.values(estimator.update(optimizer, { key: fold(key(options.seed), step), logits: many, objective })));
  }
  optimizer.dispose();
  many.dispose();
}

/** rows of M estimates of one problem, [M][logits.size] */
function rows(estimator: GradientEstimator, logits: tf.Tensor, objective: (b: tf.Tensor) => tf.Tensor, m: number, seed: number): Float32Array[] {
  const flat = drawEstimates({ estimator, key: key(seed), logits, objective, replicates: m });
  return Array.from({ length: m }, (_, i) => flat.subarray(i * logits.size, (i + 1) * logits.size));
}

/** REINFORCE + EMA baseline used as in a training loop: one sample per step, the baseline updated after each. */
function reinforceWithMovingAverage(logits: tf.Tensor, objective: (b: tf.Tensor) => tf.Tensor, steps: number, seed: number, warmUp = 100): number[][] {
  const estimator = scoreFunction({ controlVariate: movingAverageBaseline({ decay: 0.9 }) });
  const out: number[][] = [];
  for (let step = 0; step < steps; step++) {
    const e = estimator.estimate({ key: fold(key(seed), step), logits, objective });
    if (step >= warmUp) out.push(Array.from(e.gradient.dataSync()));
    tf.dispose([e.value, e.gradient, e.surrogate]);
  }
  estimator.dispose?.();
  return out;
}

const fixtures: { dispose(): void }[] = [];
afterAll(() => {
  for (const f of fixtures) f.dispose();
});

/**
 * For the conformance suite (which counts tensors from creation to dispose): fresh estimators
 * that start from a φ reached by variance training (trained once). The network is a test-owned
 * RelaxNetwork (the default architecture), so it outlives each estimator.
 */
function afterTraining(family: Family, problem: TestProblem): () => RelaxEstimator {
  let settings: { network: RelaxNetwork; eta: number; temperature: number } | undefined;
  return () => {
    if (!settings) {
      const logits = problem.logits();
      const eventRank = family.parameterEventRank;
      const inputSize = logits.shape.slice(logits.rank - eventRank).reduce((a, b) => a * b, 1);
      const network = defaultNetwork(key(3), inputSize, eventRank, 8);
      fixtures.push(network);
      const estimator = relax({ family, network });
      train(estimator, logits, problem.objective, { steps: 25, batch: 32, learningRate: 0.05, seed: 78 });
      const [eta, logTemperature] = estimator.variables.map((v) => v.dataSync()[0] as number) as [number, number];
      estimator.dispose();
      // the network was trained (its output layer started at zero) and survives the estimator
      expect(Array.from((network.variables[2] as tf.Variable).dataSync()).some((w) => w !== 0)).toBe(true);
      settings = { network, eta, temperature: Math.exp(logTemperature) };
      logits.dispose();
    }
    return relax({ family, network: settings.network, eta: settings.eta, temperature: settings.temperature });
  };
}

describeConformance('relax', { create: () => relax(), problems: [coupledBernoulli] });
describeConformance('relax (categorical)', { create: () => relax({ family: categoricalFamily }), problems: [coupledCategorical] });
// untrained, c = r_ρ = 0 is plain REINFORCE: more estimates for the 10%-bias power check
describeConformance('relax without the REBAR term (c = r_ρ)', {
  create: () => relax({ rebarTerm: false, hiddenUnits: 6, key: key(4) }),
  problems: [coupledBernoulli],
  replicates: 100_000,
});
describeConformance('relax K=2 (categorical)', { create: () => relax({ family: 'categorical', numSamples: 2 }), problems: [coupledCategorical] });
describeConformance('relax after variance training', { create: afterTraining(bernoulliFamily, coupledBernoulli), problems: [coupledBernoulli] });
describeConformance('relax (categorical) after variance training', { create: afterTraining(categoricalFamily, coupledCategorical), problems: [coupledCategorical] });

// ---------------------------------------------------------------------------------------------

describe('relax: variance training lowers the variance', () => {
  beforeAll(async () => {
    await ready();
  });

  const t = 0.499;
  const toy = (b: tf.Tensor) => tf.sum(tf.square(tf.sub(b, t)), -1);

  it('RELAX toy (f(b) = (b − 0.499)², logit 0): 200 variance steps take RELAX below REINFORCE + EMA baseline', () => {
    // On this toy f(σ_λ(z)) swings by O(1) while f(1) − f(0) = 0.002, so the REBAR term only adds
    // noise: start it at η = 0 and let r_ρ (and η) learn.
    const estimator = relax({ eta: 0 });
    const logits = tf.tensor1d([0]);
    const before = rows(estimator, logits, toy, 20_000, 100);
    const started = performance.now();
    train(estimator, logits, toy, { steps: 200, batch: 256, learningRate: 0.01, seed: 101 });
    const perStep = (performance.now() - started) / 200;
    const after = rows(estimator, logits, toy, 20_000, 100); // same keys: common random numbers
    const reinforce = reinforceWithMovingAverage(logits, toy, 2100, 102);
    const trainedVsReinforce = compareVariances({ a: after, b: reinforce });
    console.log(
      `toy: Var RELAX untrained ${moments(before).variance[0]?.toExponential(3)}, after 200 steps ${moments(after).variance[0]?.toExponential(3)}, ` +
        `REINFORCE+EMA(0.9) ${moments(reinforce).variance[0]?.toExponential(3)} (z = ${trainedVsReinforce.z.toFixed(1)}); ${perStep.toFixed(1)} ms per variance step (batch 256)`,
    );
    expectLowerVariance({ a: after, b: before, paired: true });
    expectLowerVariance({ a: after, b: reinforce });
    // and the mean is still the true gradient θ(1−θ)(1 − 2t) = 5e-4
    expect(Math.abs((moments(after).mean[0] as number) - 5e-4)).toBeLessThan(4 * (moments(after).standardError[0] as number) + 1e-9);
    estimator.dispose();
    logits.dispose();
  });

  it('coupled Bernoulli (D = 5): 150 variance steps take RELAX below its start and below REINFORCE + EMA baseline', () => {
    const estimator = relax();
    const logits = coupledBernoulli.logits();
    const objective = coupledBernoulli.objective;
    const before = rows(estimator, logits, objective, 20_000, 200);
    train(estimator, logits, objective, { steps: 150, batch: 64, learningRate: 0.01, seed: 201 });
    const after = rows(estimator, logits, objective, 20_000, 200);
    const reinforce = reinforceWithMovingAverage(logits, objective, 1100, 202);
    const total = (r: ArrayLike<ArrayLike<number>>) => moments(r).variance.reduce((a, b) => a + b, 0).toFixed(3);
    console.log(`coupled Bernoulli: total Var RELAX untrained ${total(before)}, after 150 steps ${total(after)}; REINFORCE+EMA(0.9) ${total(reinforce)}`);
    expectLowerVariance({ a: after, b: before, paired: true });
    expectLowerVariance({ a: after, b: reinforce });
    estimator.dispose();
    logits.dispose();
  });
});

// ---------------------------------------------------------------------------------------------

describe('relax: the variance gradient reaches the network correctly (second order through f and r_ρ)', () => {
  beforeAll(async () => {
    await ready();
  });

  for (const problem of [coupledBernoulli, coupledCategorical]) {
    it(`${problem.name}: ∂(mean ĝ²)/∂ρ along a random direction equals the central difference on common random numbers`, () => {
      const family = problem.family;
      const estimator = relax({ family, key: key(21) });
      const logits = problem.logits();
      const many = tiled(logits, 4000);
      const loss = () => tf.tidy(() => (estimator.estimate({ key: key(22), logits: many, objective: problem.objective }).controlVariateLoss as tf.Scalar).dataSync()[0] as number);
      loss(); // creates φ
      const [, , ...rho] = estimator.variables as tf.Variable[];
      // move away from the zero output layer so every part of r_ρ matters
      tf.tidy(() => rho.forEach((v, i) => v.assign(tf.add(v, tf.mul(0.3, tf.sign(random.normal(key(30 + i), v.shape)))))));
      const direction = tf.tidy(() => rho.map((v, i) => tf.sign(random.normal(key(40 + i), v.shape))));
      const { value, grads } = tf.variableGrads(() => estimator.estimate({ key: key(22), logits: many, objective: problem.objective }).controlVariateLoss as tf.Scalar, rho);
      const analytic = tf.tidy(() => rho.reduce((acc, v, i) => acc + (tf.sum(tf.mul(grads[v.name] as tf.Tensor, direction[i] as tf.Tensor)).dataSync()[0] as number), 0));
      const h = 1e-2;
      const shift = (sign: number) => tf.tidy(() => rho.forEach((v, i) => v.assign(tf.add(v, tf.mul(sign * h, direction[i] as tf.Tensor)))));
      shift(1);
      const plus = loss();
      shift(-2);
      const minus = loss();
      shift(1);
      const fd = (plus - minus) / (2 * h);
      expect(Math.abs(analytic - fd), `analytic ${analytic}, finite difference ${fd}`).toBeLessThan(5e-3 * Math.abs(fd) + 1e-6);
      tf.dispose([value, logits, many, ...direction, ...Object.values(grads)]);
      estimator.dispose();
    });
  }
});

// ---------------------------------------------------------------------------------------------

describe('relax: options, networks, ownership', () => {
  beforeAll(async () => {
    await ready();
  });

  it('rejects bad options and bad networks with typed errors', () => {
    expect(() => relax({ temperature: 0 })).toThrow(/temperature/);
    expect(() => relax({ hiddenUnits: 0 })).toThrow(/hiddenUnits/);
    expect(() => relax({ network: (() => 0) as never })).toThrow(ArgumentError);
    expect(() => relax({ network: { apply: () => tf.scalar(0), variables: [tf.zeros([2]) as never] } })).toThrow(/network.variables/);
    expect(() => relax({ key: 3 as never })).toThrow(ArgumentError);
    const logits = tf.tensor1d([0.2, -0.4]);
    const objective = (b: tf.Tensor) => tf.sum(b, -1);
    const wrong = relax({ network: { apply: ({ z }) => tf.sum(z), variables: [] } });
    const before = tf.memory().numTensors;
    expect(() => wrong.estimate({ key: key(0), logits, objective })).toThrow(ShapeError);
    wrong.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const estimator = relax();
    const optimizer = tf.train.sgd(0.1);
    const beforeUpdate = tf.memory().numTensors;
    expect(() => estimator.update(optimizer, { key: key(0), logits, objective: (b) => tf.sum(b) })).toThrow(ShapeError);
    expect(tf.memory().numTensors).toBe(beforeUpdate + 6); // φ was created (η, log λ, 4 of ρ); nothing else is left
    optimizer.dispose();
    tf.dispose(Object.values(estimator.estimate({ key: key(0), logits, objective })));
    const wider = tf.zeros([3]);
    expect(() => estimator.estimate({ key: key(1), logits: wider, objective })).toThrow(ShapeError); // the default network is sized on first use
    estimator.dispose();
    tf.dispose([logits, wider]);
  });

  it('cost, names and variables: 3K evaluations with the REBAR term, K without; φ = [η, log λ, ρ...]', () => {
    const logits = tf.tensor2d([
      [0.1, 0.2, -0.3],
      [1, 0, -1],
    ]);
    const calls: number[][] = [];
    const objective = (y: tf.Tensor) => {
      calls.push(y.shape);
      return tf.sum(y, [-2, -1]);
    };
    const full = relax({ family: categoricalFamily, numSamples: 2, hiddenUnits: 5 });
    const lax = relax({ family: categoricalFamily, numSamples: 2, rebarTerm: false });
    expect([full.evaluations, lax.evaluations, full.name, lax.name]).toEqual([6, 2, 'relax(K=2)', 'relax(K=2)']);
    const e1 = full.estimate({ key: key(1), logits, objective });
    const e2 = lax.estimate({ key: key(1), logits, objective });
    expect(calls).toEqual([
      [6, 2, 3],
      [2, 2, 3],
    ]);
    expect(full.variables.map((v) => v.shape)).toEqual([[], [], [6, 5], [5], [5, 1], [1]]);
    expect(lax.variables.length).toBe(5); // no η without the REBAR term
    const before = tf.memory().numTensors;
    full.dispose();
    expect(tf.memory().numTensors).toBe(before - 6);
    tf.dispose([logits, ...Object.values(e1), ...Object.values(e2)]);
    lax.dispose();
  });

  it('a network of your own: it sees z and σ_λ(z), is trained by update(), and stays yours after dispose()', () => {
    const weights = tf.variable(tf.zeros([3]), true);
    const seen: number[][] = [];
    const network: RelaxNetwork = {
      apply: ({ z, relaxed }) => {
        seen.push(z.shape, relaxed.shape);
        return tf.sum(tf.mul(relaxed, weights), -1);
      },
      variables: [weights],
    };
    const estimator = relax({ network });
    const optimizer = tf.train.sgd(0.05);
    const logits = tf.tidy(() => tiled(tf.tensor1d([-0.5, 0.3, 1]), 16));
    const objective = (b: tf.Tensor) => tf.sum(tf.square(tf.sub(b, tf.tensor1d([0.2, 0.7, 0.4]))), -1);
    const e = estimator.update(optimizer, { key: key(5), logits, objective });
    expect(seen.slice(0, 2)).toEqual([[2, 16, 3], [2, 16, 3]]); // z and z̃ in one call
    expect(Array.from(weights.dataSync()).some((w) => w !== 0)).toBe(true);
    expect(estimator.variables.at(-1)).toBe(weights);
    estimator.dispose();
    expect(weights.isDisposed).toBe(false);
    tf.dispose([weights, logits, ...Object.values(e)]);
    optimizer.dispose();
  });

  it('time per estimate (one problem, K = 1): estimate outside a tape, and update() with the second-order pass', () => {
    const estimator = relax();
    const logits = coupledBernoulli.logits();
    const objective = coupledBernoulli.objective;
    const optimizer = tf.train.adam(1e-3);
    const time = (n: number, run: (i: number) => void) => {
      run(-1);
      const start = performance.now();
      for (let i = 0; i < n; i++) run(i);
      return (performance.now() - start) / n;
    };
    const plain = time(200, (i) => tf.dispose(Object.values(estimator.estimate({ key: fold(key(1), i + 1), logits, objective }))));
    const update = time(100, (i) => tf.dispose(Object.values(estimator.update(optimizer, { key: fold(key(2), i + 1), logits, objective }))));
    const batched = time(5, (i) => {
      const many = tiled(logits, 4096);
      tf.dispose([many, ...Object.values(estimator.estimate({ key: fold(key(3), i + 1), logits: many, objective }))]);
    });
    console.log(`relax on coupled Bernoulli: ${plain.toFixed(2)} ms per estimate, ${update.toFixed(2)} ms per update(), ${((batched / 4096) * 1000).toFixed(1)} µs per estimate batched ×4096`);
    expect(plain).toBeLessThan(100);
    estimator.dispose();
    optimizer.dispose();
    logits.dispose();
  });
});
