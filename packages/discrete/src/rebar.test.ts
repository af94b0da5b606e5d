import * as tf from '@tensorflow/tfjs-core';
import {
  ArgumentError,
  type Key,
  categoricalFamily,
  checkUnbiased,
  criticalZ,
  drawEstimates,
  exactBernoulli,
  fold,
  key,
  normalFamily,
  ready,
  split,
} from '@stochgrad/core';
import { type TestProblem, coupledBernoulli, coupledCategorical, describeConformance } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { bernoulliRelaxation, categoricalRelaxation } from './internal/relax-conditional';
import { type RebarEstimator, type RebarOptions, rebar } from './rebar';

const tiled = (logits: tf.Tensor, m: number) => tf.tidy(() => tf.broadcastTo(tf.expandDims(logits, 0), [m, ...logits.shape]));

/** Runs `steps` steps of variance training on `problem` (φ moves far from its defaults). */
function trained(estimator: RebarEstimator, problem: TestProblem, steps = 25): RebarEstimator {
  const optimizer = tf.train.adam(0.05);
  const logits = tf.tidy(() => tiled(problem.logits(), 32));
  for (let step = 0; step < steps; step++) {
    tf.dispose(Object.values(estimator.update(optimizer, { key: fold(key(77), step), logits, objective: problem.objective })));
  }
  optimizer.dispose();
  logits.dispose();
  return estimator;
}

/**
 * For the conformance suite (which counts tensors from creation to dispose): a factory of fresh
 * estimators that start from the φ = (η, λ) reached by variance training (trained once, cached).
 */
function afterTraining(options: RebarOptions, problem: TestProblem): () => RebarEstimator {
  let settings: { eta: number; temperature: number } | undefined;
  return () => {
    if (!settings) {
      const estimator = trained(rebar(options), problem);
      const [eta, logTemperature] = estimator.variables.map((v) => v.dataSync()[0] as number) as [number, number];
      settings = { eta, temperature: Math.exp(logTemperature) };
      estimator.dispose();
      expect(Math.abs(settings.eta - (options.eta ?? 1)) + Math.abs(settings.temperature - (options.temperature ?? 0.5))).toBeGreaterThan(0.2);
    }
    return rebar({ ...options, ...settings });
  };
}

describeConformance('rebar', { create: () => rebar(), problems: [coupledBernoulli] });
describeConformance('rebar K=3', { create: () => rebar({ numSamples: 3 }), problems: [coupledBernoulli] });
describeConformance('rebar (categorical)', { create: () => rebar({ family: categoricalFamily }), problems: [coupledCategorical] });
describeConformance('rebar after variance training', { create: afterTraining({}, coupledBernoulli), problems: [coupledBernoulli] });
describeConformance('rebar (categorical) after variance training', {
  create: afterTraining({ family: 'categorical', temperature: 2, eta: -0.5 }, coupledCategorical),
  problems: [coupledCategorical],
});

// ---------------------------------------------------------------------------------------------
// The conditional z̃ ~ p(z | b): Kolmogorov–Smirnov distances against exact CDFs, with the DKW
// bound P(sup|F_n − F| > ε) <= 2 exp(−2nε²) as the threshold (family-wise α = 1e-3, Bonferroni).

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** sup_x |F_n(x) − F(x)| for a sample and an exact CDF. */
function ksDistance(sample: number[], cdf: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i] as number);
    worst = Math.max(worst, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return worst;
}

/** sup_x |F_n(x) − G_m(x)| for two samples. */
function ksTwoSample(a: number[], b: number[]): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let worst = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i] as number, y[j] as number);
    while (i < x.length && (x[i] as number) <= v) i++;
    while (j < y.length && (y[j] as number) <= v) j++;
    worst = Math.max(worst, Math.abs(i / x.length - j / y.length));
  }
  return worst;
}

/** DKW threshold for one sample of size n among `tests` tests at family-wise rate α. */
const dkw = (n: number, tests: number, alpha = 1e-3) => Math.sqrt(Math.log((2 * tests) / alpha) / (2 * n));
/** two-sample threshold (asymptotic Kolmogorov) for sizes n, m among `tests` tests. */
const twoSample = (n: number, m: number, tests: number, alpha = 1e-3) => Math.sqrt(-0.5 * Math.log(alpha / (2 * tests))) * Math.sqrt((n + m) / (n * m));

function drawConditional(relaxation: typeof bernoulliRelaxation, logits: tf.Tensor, n: number, k: Key, shift?: tf.Tensor) {
  const [kz, kv] = split(k, 2) as [Key, Key];
  return tf.tidy(() => {
    const z = relaxation.perturb(logits, relaxation.noise(kz, [n, ...logits.shape]));
    const b = relaxation.hard(z);
    const zTilde = relaxation.conditional(shift ? tf.add(logits, shift) : logits, b, relaxation.noise(kv, [n, ...logits.shape]));
    return { z: Array.from(z.dataSync()), b: Array.from(b.dataSync()), zTilde: Array.from(zTilde.dataSync()), hardTilde: Array.from(relaxation.hard(zTilde).dataSync()) };
  });
}

describe('rebar: the conditional sample z̃ ~ p(z | b)', () => {
  beforeAll(async () => {
    await ready();
  });

  const alphas = [-1.2, 0.4, 2.5];
  const n = 40_000;

  function bernoulliStatistics(shiftBy: number) {
    const logits = tf.tensor1d(alphas);
    const shift = shiftBy === 0 ? undefined : tf.fill([alphas.length], shiftBy);
    const { b, zTilde, hardTilde } = drawConditional(bernoulliRelaxation, logits, n, key(5), shift);
    tf.dispose([logits, shift ?? []]);
    const distances: { name: string; distance: number; threshold: number }[] = [];
    const tests = alphas.length * 3;
    alphas.forEach((alpha, d) => {
      const column = (bit: number) => zTilde.filter((_, i) => i % alphas.length === d && b[i] === bit);
      const below = column(0);
      const above = column(1);
      // z | z < 0 and z | z > 0 for z = α + logistic noise
      distances.push({ name: `α=${alpha}, b=0`, distance: ksDistance(below, (x) => sigmoid(x - alpha) / sigmoid(-alpha)), threshold: dkw(below.length, tests) });
      distances.push({ name: `α=${alpha}, b=1`, distance: ksDistance(above, (x) => (sigmoid(x - alpha) - sigmoid(-alpha)) / sigmoid(alpha)), threshold: dkw(above.length, tests) });
      // the mixture over b is the law of z itself
      distances.push({ name: `α=${alpha}, mixture`, distance: ksDistance([...below, ...above], (x) => sigmoid(x - alpha)), threshold: dkw(below.length + above.length, tests) });
    });
    return { distances, agree: hardTilde.every((h, i) => h === b[i]) };
  }

  it('Bernoulli: H(z̃) = b always, and z̃ | b has the law of z | H(z) = b (KS vs the exact truncated-logistic CDFs)', () => {
    const { distances, agree } = bernoulliStatistics(0);
    expect(agree).toBe(true);
    for (const { name, distance, threshold } of distances) expect(distance, `${name}: KS ${distance.toFixed(4)} > ${threshold.toFixed(4)}`).toBeLessThan(threshold);
  });

  it('Bernoulli power check: z̃ drawn at logits shifted by 0.3 is detected', () => {
    const { distances } = bernoulliStatistics(0.3);
    expect(distances.some(({ distance, threshold }) => distance > threshold)).toBe(true);
  });

  const categoricalLogits = [
    [0.5, -1, 1.5],
    [2, 0, -3],
  ];

  function categoricalStatistics(shift?: number[][]) {
    const logits = tf.tensor2d(categoricalLogits);
    const shiftTensor = shift ? tf.tensor2d(shift) : undefined;
    const { z, b, zTilde, hardTilde } = drawConditional(categoricalRelaxation, logits, n, key(6), shiftTensor);
    tf.dispose([logits, shiftTensor ?? []]);
    const [rows, classes] = [categoricalLogits.length, 3];
    const distances: { name: string; distance: number; threshold: number }[] = [];
    const tests = rows * classes * (classes + 1) + rows * classes;
    for (let d = 0; d < rows; d++) {
      const row = categoricalLogits[d] as number[];
      const norm = Math.log(row.reduce((acc, a) => acc + Math.exp(a), 0));
      const pick = (source: number[], i: number, chosen?: number) => {
        const out: number[] = [];
        for (let s = 0; s < n; s++) {
          const base = (s * rows + d) * classes;
          if (chosen === undefined || b[base + chosen] === 1) out.push(source[base + i] as number);
        }
        return out;
      };
      for (let i = 0; i < classes; i++) {
        // mixture over b: z̃_i ~ Gumbel(log θ_i), the law of z_i
        const logTheta = (row[i] as number) - norm;
        const all = pick(zTilde, i);
        distances.push({ name: `row ${d}, class ${i}, mixture`, distance: ksDistance(all, (x) => Math.exp(-Math.exp(-(x - logTheta)))), threshold: dkw(all.length, tests) });
        for (let chosen = 0; chosen < classes; chosen++) {
          const tilde = pick(zTilde, i, chosen);
          const original = pick(z, i, chosen);
          if (tilde.length < 50) continue;
          // given b: z̃_i and z_i must share a law (two independent draws of it)
          distances.push({ name: `row ${d}, class ${i} | b = ${chosen}`, distance: ksTwoSample(tilde, original), threshold: twoSample(tilde.length, original.length, tests) });
        }
      }
    }
    let agree = true;
    for (let s = 0; s < n * rows; s++) {
      for (let c = 0; c < classes; c++) if (hardTilde[s * classes + c] !== b[s * classes + c]) agree = false;
    }
    return { distances, agree };
  }

  it('categorical: argmax z̃ = b always, z̃ | b has the law of z | argmax z = b, and the mixture is the law of z', () => {
    const { distances, agree } = categoricalStatistics();
    expect(agree).toBe(true);
    for (const { name, distance, threshold } of distances) expect(distance, `${name}: KS ${distance.toFixed(4)} > ${threshold.toFixed(4)}`).toBeLessThan(threshold);
  });

  it('categorical power check: z̃ drawn at shifted logits is detected', () => {
    const { distances } = categoricalStatistics([
      [0.3, 0, 0],
      [0, 0.3, 0],
    ]);
    expect(distances.some(({ distance, threshold }) => distance > threshold)).toBe(true);
  });

  it('z̃ is differentiable in the logits (matches finite differences) and finite, with a finite gradient, at |logit| = 80', () => {
    for (const [relaxation, values] of [
      [bernoulliRelaxation, [[-1.2, 0.4, 2.5]]],
      [categoricalRelaxation, categoricalLogits],
    ] as const) {
      const logits = tf.tensor(values.flat(), relaxation.eventRank === 1 ? [3] : [2, 3]);
      const [kz, kv] = split(key(8), 2) as [Key, Key];
      const noiseZ = relaxation.noise(kz, [64, ...logits.shape]);
      const noiseV = relaxation.noise(kv, [64, ...logits.shape]);
      const b = tf.tidy(() => relaxation.hard(relaxation.perturb(logits, noiseZ)));
      const weights = relaxation.noise(key(9), [64, ...logits.shape]);
      const total = (l: tf.Tensor) => tf.sum(tf.mul(weights, relaxation.conditional(l, b, noiseV)));
      const gradient = tf.grad(total)(logits);
      const direction = tf.tidy(() => tf.sign(relaxation.noise(key(10), logits.shape)));
      const h = 1e-2;
      const fd = tf.tidy(() => (total(tf.add(logits, tf.mul(direction, h))).dataSync()[0]! - total(tf.sub(logits, tf.mul(direction, h))).dataSync()[0]!) / (2 * h));
      const analytic = tf.tidy(() => tf.sum(tf.mul(gradient, direction)).dataSync()[0]!);
      expect(analytic).toBeCloseTo(fd, 1);
      expect(Math.abs(analytic - fd)).toBeLessThan(1e-2 * Math.max(1, Math.abs(fd)));
      const extreme = tf.tidy(() => tf.mul(tf.sign(tf.sub(logits, 0.5)), 80));
      const extremeB = tf.tidy(() => relaxation.hard(relaxation.perturb(extreme, noiseZ)));
      const [zTilde, extremeGradient] = tf.tidy(() => [
        relaxation.conditional(extreme, extremeB, noiseV),
        tf.grad((l: tf.Tensor) => tf.sum(relaxation.conditional(l, extremeB, noiseV)))(extreme),
      ]) as [tf.Tensor, tf.Tensor];
      expect(Array.from(zTilde.dataSync()).every(Number.isFinite)).toBe(true);
      expect(Array.from(extremeGradient.dataSync()).every(Number.isFinite)).toBe(true);
      expect(Array.from(relaxation.hard(zTilde).dataSync())).toEqual(Array.from(extremeB.dataSync()));
      tf.dispose([logits, noiseZ, noiseV, b, weights, gradient, direction, extreme, extremeB, zTilde, extremeGradient]);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('rebar: options, separation of gradients, explicit dependence on the logits', () => {
  beforeAll(async () => {
    await ready();
  });

  it('rejects bad options with typed errors naming the option', () => {
    expect(() => rebar({ temperature: 0 })).toThrow(ArgumentError);
    expect(() => rebar({ temperature: -1 })).toThrow(/temperature/);
    expect(() => rebar({ temperature: NaN })).toThrow(/temperature/);
    expect(() => rebar({ eta: Infinity })).toThrow(/eta/);
    expect(() => rebar({ numSamples: 0 })).toThrow(/numSamples/);
    expect(() => rebar({ family: normalFamily })).toThrow(/family/);
    expect(() => rebar({ family: 'gaussian' as never })).toThrow(ArgumentError);
    const estimator = rebar();
    expect(() => estimator.update({} as never, { key: key(0), logits: tf.zeros([2]), objective: (b) => tf.sum(b, -1) })).toThrow(/optimizer/);
  });

  it('reports its cost and its variables: 3 evaluations per sample, φ = [η, log λ] created on the first estimate', () => {
    const estimator = rebar({ numSamples: 2, temperature: 0.25, eta: 0.7 });
    expect(estimator.evaluations).toBe(6);
    expect(estimator.name).toBe('rebar(K=2)');
    expect(estimator.variables).toEqual([]);
    const seen: number[][] = [];
    const logits = tf.tensor1d([0.3, -0.2]);
    const e = estimator.estimate({
      key: key(1),
      logits,
      objective: (b) => {
        seen.push(b.shape);
        return tf.sum(b, -1);
      },
    });
    expect(seen).toEqual([[6, 2]]); // one call: [b; σ_λ(z); σ_λ(z̃)] for K = 2
    const [eta, logTemperature] = estimator.variables.map((v) => v.dataSync()[0]);
    expect(eta).toBeCloseTo(0.7, 6);
    expect(logTemperature).toBeCloseTo(Math.log(0.25), 6);
    const before = tf.memory().numTensors;
    estimator.dispose();
    expect(tf.memory().numTensors).toBe(before - 2);
    tf.dispose([logits, ...Object.values(e)]);
  });

  it('the surrogate trains the encoder and the decoder only; controlVariateLoss trains φ only, also when f depends on the logits', () => {
    const estimator = rebar();
    const base = tf.tensor2d([
      [-1, 0.5, 2],
      [0.3, -0.2, 0.1],
    ]);
    const scale = tf.variable(tf.scalar(1.2), true); // "encoder"
    const decoder = tf.variable(tf.tensor1d([0.5, -1, 2]), true);
    const run = (seed: number, withLoss: boolean, variables: tf.Variable[]) =>
      tf.variableGrads(() => {
        const logits = tf.mul(base, scale);
        // f(b) = Σ d_i b_i² − log p(b | α): a decoder inside f and an explicit dependence on α
        const objective = (b: tf.Tensor) => tf.sub(tf.sum(tf.mul(tf.square(b), decoder), -1), tf.sum(tf.sub(tf.mul(b, logits), tf.softplus(logits)), -1));
        const e = estimator.estimate({ key: key(seed), logits, objective });
        return withLoss ? tf.add(e.surrogate, e.controlVariateLoss as tf.Scalar) : e.surrogate;
      }, variables);
    run(0, true, [scale, decoder]); // creates φ
    const phi = [...estimator.variables];
    const both = run(3, true, [scale, decoder, ...phi]);
    const surrogateOnly = run(3, false, [scale, decoder]);
    const lossOnly = tf.variableGrads(() => {
      const logits = tf.mul(base, scale);
      const objective = (b: tf.Tensor) => tf.sub(tf.sum(tf.mul(tf.square(b), decoder), -1), tf.sum(tf.sub(tf.mul(b, logits), tf.softplus(logits)), -1));
      return estimator.estimate({ key: key(3), logits, objective }).controlVariateLoss as tf.Scalar;
    }, phi);
    for (const v of [scale, decoder]) {
      expect(Array.from(both.grads[v.name]!.dataSync())).toEqual(Array.from(surrogateOnly.grads[v.name]!.dataSync()));
    }
    for (const v of phi) {
      const g = Array.from(both.grads[v.name]!.dataSync());
      expect(g).toEqual(Array.from(lossOnly.grads[v.name]!.dataSync()));
      expect(g.some((x) => x !== 0)).toBe(true);
    }
    tf.dispose([base, scale, decoder, both.value, surrogateOnly.value, lossOnly.value, ...Object.values(both.grads), ...Object.values(surrogateOnly.grads), ...Object.values(lossOnly.grads)]);
    estimator.dispose();
  });

  it('is unbiased when f depends on the logits explicitly (f = coupled(b) − log p(b | α)), M = 20000', () => {
    const objectiveAt = (logits: tf.Tensor) => (b: tf.Tensor) =>
      tf.sub(coupledBernoulli.objective(b), tf.sum(tf.sub(tf.mul(b, logits), tf.softplus(logits)), -1));
    const logits = coupledBernoulli.logits();
    const exact = exactBernoulli({ logits, objective: objectiveAt(logits) });
    const m = 20_000;
    const many = tiled(logits, m);
    const estimator = trained(rebar(), coupledBernoulli, 10);
    const e = estimator.estimate({ key: key(12), logits: many, objective: objectiveAt(many) });
    const flat = e.gradient.dataSync();
    const rows = Array.from({ length: m }, (_, i) => flat.subarray(5 * i, 5 * i + 5));
    const check = checkUnbiased({ estimates: rows, exact: exact.gradient });
    expect(check.passed, check.message).toBe(true);
    const twin = checkUnbiased({ estimates: rows.map((r) => r.map((v) => v * 1.1)), exact: exact.gradient });
    expect(twin.passed, `power: ${twin.message}`).toBe(false);
    tf.dispose([logits, many, exact.value, exact.gradient, ...Object.values(e)]);
    estimator.dispose();
  });
});

// ---------------------------------------------------------------------------------------------
// controlVariateLoss: its gradient w.r.t. φ is an unbiased estimate of ∂/∂φ Σ Var(ĝ).

describe('rebar: the variance gradient', () => {
  beforeAll(async () => {
    await ready();
  });

  const t = 0.499;
  const toy = (b: tf.Tensor) => tf.sum(tf.square(tf.sub(b, t)), -1);
  const theta = 0.3;
  const logits = () => tf.tensor1d([Math.log(theta / (1 - theta))]);

  /** mean and SE of ĝ² over M estimates at the estimator's current φ */
  function meanSquare(estimator: RebarEstimator, seed: number, m: number): { mean: number; se: number } {
    const l = logits();
    const g = drawEstimates({ estimator, key: key(seed), logits: l, objective: toy, replicates: m });
    l.dispose();
    let sum = 0;
    let sumSq = 0;
    for (const v of g) {
      sum += v * v;
      sumSq += v ** 4;
    }
    const mean = sum / m;
    return { mean, se: Math.sqrt((sumSq / m - mean * mean) / m) };
  }

  /** mean and SE of the single-sample gradients ∂ĝ²/∂φ_i, through the public path (tf.variableGrads of controlVariateLoss) */
  function lossGradient(estimator: RebarEstimator, index: number, seed: number, groups: number, perGroup: number): { mean: number; se: number } {
    const many = tf.tidy(() => tiled(logits(), perGroup));
    const variable = estimator.variables[index] as tf.Variable;
    const values: number[] = [];
    for (let g = 0; g < groups; g++) {
      const { value, grads } = tf.variableGrads(() => estimator.estimate({ key: fold(key(seed), g), logits: many, objective: toy }).controlVariateLoss as tf.Scalar, [variable]);
      values.push((grads[variable.name]!.dataSync()[0] as number) / perGroup);
      tf.dispose([value, ...Object.values(grads)]);
    }
    many.dispose();
    const mean = values.reduce((a, b) => a + b, 0) / groups;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (groups - 1);
    return { mean, se: Math.sqrt(variance / groups) };
  }

  it('η: the mean single-sample gradient of Σĝ² matches a finite difference of Var(ĝ) from independent estimates (E ĝ² is quadratic in η, so the central difference is exact)', () => {
    const estimator = rebar({ eta: 0.5 });
    const warm = tf.tidy(() => estimator.estimate({ key: key(0), logits: tf.tensor1d([0]), objective: toy }));
    tf.dispose(Object.values(warm));
    const eta = estimator.variables[0] as tf.Variable;
    const gradient = lossGradient(estimator, 0, 31, 20, 4000);
    const h = 0.25;
    eta.assign(tf.scalar(0.5 + h));
    const plus = meanSquare(estimator, 41, 200_000);
    eta.assign(tf.scalar(0.5 - h));
    const minus = meanSquare(estimator, 42, 200_000);
    const fd = (plus.mean - minus.mean) / (2 * h);
    const fdSe = Math.hypot(plus.se, minus.se) / (2 * h);
    const z = (gradient.mean - fd) / Math.hypot(gradient.se, fdSe);
    const threshold = criticalZ(1e-3);
    console.log(`rebar ∂Var/∂η at η = 0.5, θ = ${theta}: single-sample mean ${gradient.mean.toExponential(4)} ± ${gradient.se.toExponential(2)}, finite difference ${fd.toExponential(4)} ± ${fdSe.toExponential(2)}, z = ${z.toFixed(2)}`);
    expect(Math.abs(z)).toBeLessThan(threshold);
    // power: a gradient 25% off is detected
    expect(Math.abs((1.25 * gradient.mean - fd) / Math.hypot(1.25 * gradient.se, fdSe))).toBeGreaterThan(threshold);
    estimator.dispose();
  });

  for (const [label, family, problemLogits, objective] of [
    ['Bernoulli toy', 'bernoulli', logits, toy],
    ['coupled categorical (softmax relaxation)', 'categorical', coupledCategorical.logits, coupledCategorical.objective],
  ] as const) {
    it(`log λ on the ${label}: the mean gradient equals the central difference of the mean ĝ² on common random numbers`, () => {
      const estimator = rebar({ family, eta: 0.8, temperature: 0.7 });
      const base = problemLogits();
      const many = tiled(base, 5000);
      const lossAt = () => tf.tidy(() => (estimator.estimate({ key: key(51), logits: many, objective }).controlVariateLoss as tf.Scalar).dataSync()[0] as number);
      lossAt(); // creates φ
      const logTemperature = estimator.variables[1] as tf.Variable;
      const start = logTemperature.dataSync()[0] as number;
      const { value, grads } = tf.variableGrads(() => estimator.estimate({ key: key(51), logits: many, objective }).controlVariateLoss as tf.Scalar, [logTemperature]);
      const analytic = grads[logTemperature.name]!.dataSync()[0] as number;
      const h = 1e-2;
      logTemperature.assign(tf.scalar(start + h));
      const plus = lossAt();
      logTemperature.assign(tf.scalar(start - h));
      const minus = lossAt();
      const fd = (plus - minus) / (2 * h);
      expect(Math.abs(analytic - fd), `analytic ${analytic}, finite difference ${fd}`).toBeLessThan(5e-3 * Math.abs(fd) + 1e-6);
      tf.dispose([value, base, many, ...Object.values(grads)]);
      estimator.dispose();
    });
  }

  it('variance training stays finite at |logit| = 80 (both families)', () => {
    for (const [family, problem] of [
      ['bernoulli', coupledBernoulli],
      ['categorical', coupledCategorical],
    ] as const) {
      const estimator = rebar({ family });
      const optimizer = tf.train.adam(0.05);
      const extreme = tf.tidy(() => tiled(problem.extremeLogits(), 16));
      for (let step = 0; step < 3; step++) {
        const e = estimator.update(optimizer, { key: fold(key(60), step), logits: extreme, objective: problem.objective });
        expect(Number.isFinite(e.controlVariateLoss!.dataSync()[0])).toBe(true);
        tf.dispose(Object.values(e));
      }
      for (const v of estimator.variables) expect(Array.from(v.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose(extreme);
      optimizer.dispose();
      estimator.dispose();
    }
  });
});
