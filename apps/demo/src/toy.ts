/**
 * The toy problems of the demo and the estimators compared on them. Shared by the CLI and the web
 * page; later packages add their estimators to `estimatorsFor`.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type EstimatorReport,
  type GradientEstimator,
  type Key,
  type Objective,
  compareEstimators,
  constantBaseline,
  exactBernoulli,
  exactBernoulliBound,
  fold,
  learnedBaseline,
  leaveOneOut,
  movingAverageBaseline,
  normalFamily,
  pathwise,
  scoreFunction,
  split,
  toyProblems as shared,
} from '@stochgrad/core';
import { arm, disarm, gumbelSoftmax, localDisarm, rebar, relax, straightThroughBernoulli, topKSubset, vimco } from '@stochgrad/discrete';

export interface ToyProblem {
  id: string;
  title: string;
  /** one line on what it shows */
  description: string;
  family: 'bernoulli' | 'normal' | 'subset';
  /** parameters of one problem (no replicate axis) */
  makeLogits(): tf.Tensor;
  objective: Objective;
  exact(logits: tf.Tensor): { value: tf.Tensor; gradient: tf.Tensor };
  /** objective evaluations each estimator may spend in the comparison */
  evaluationBudget: number;
}

/** f(b) = (b − 0.499)², θ = σ(0) = ½: the RELAX toy, where the true gradient is tiny (5e-4). */
export const bernoulliToy: ToyProblem = {
  id: 'bernoulli-1d',
  title: 'Bernoulli toy: f(b) = (b − 0.499)², θ = 0.5',
  description: 'One Bernoulli; the true gradient is 5e-4, so the signal is buried under sampling noise.',
  family: 'bernoulli',
  makeLogits: shared.bernoulliToy.makeLogits,
  objective: shared.bernoulliToy.objective,
  exact: (logits) => exactBernoulli({ logits, objective: bernoulliToy.objective }),
  evaluationBudget: 40_000,
};

/** D = 8, non-separable: f(b) = Σ (b_i − t_i)² + ¼ (Σ b_i − 4)², logits spread over [−2, 2]. */
export const bernoulliCoupled: ToyProblem = {
  id: 'bernoulli-8d',
  title: 'Coupled Bernoulli, D = 8: f(b) = Σ(b_i − t_i)² + ¼(Σ b_i − 4)²',
  description: 'Eight Bernoullis tied together by the squared total: no coordinate can be optimized alone.',
  family: 'bernoulli',
  makeLogits: shared.bernoulliCoupled.makeLogits,
  objective: shared.bernoulliCoupled.objective,
  exact: (logits) => exactBernoulli({ logits, objective: bernoulliCoupled.objective }),
  evaluationBudget: 40_000,
};

/** x ~ N(μ, diag σ²), f(x) = xᵀAx + bᵀx with a coupled A: pathwise against the score function. */
export const gaussianQuadratic: ToyProblem = {
  id: 'gaussian-4d',
  title: 'Gaussian quadratic, D = 4: f(x) = xᵀAx + bᵀx',
  description: 'Reparameterizable: the pathwise gradient should beat every score-function variant.',
  family: 'normal',
  makeLogits: shared.gaussianQuadratic.makeLogits,
  objective: shared.gaussianQuadratic.objective,
  exact: shared.gaussianQuadratic.exact,
  evaluationBudget: 40_000,
};

const SUBSET_ITEMS = 5;
const SUBSET_SIZE = 2;
const SUBSET_SCORES = [1.5, -0.5, 0.8, 0.2, -1];

/** f(S) for a k-hot (or relaxed) S [..., N]: a value per item plus a penalty on choosing items 0 and 2 together. */
function subsetObjective(s: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const linear = tf.sum(tf.mul(s, tf.tensor1d(SUBSET_SCORES)), -1);
    const pair = tf.mul(tf.squeeze(tf.slice(s, [...s.shape.slice(0, -1).map(() => 0), 0], [...s.shape.slice(0, -1), 1]), [-1]), tf.squeeze(tf.slice(s, [...s.shape.slice(0, -1).map(() => 0), 2], [...s.shape.slice(0, -1), 1]), [-1]));
    return tf.neg(tf.sub(linear, tf.mul(pair, 2)));
  });
}

/**
 * E[f(S)] and its gradient by enumeration for S = k = 2 draws without replacement from softmax(α)
 * (the Gumbel-top-k law): P({i, j}) = p_i p_j / (1 − p_i) + p_j p_i / (1 − p_j).
 */
function exactSubset(logits: tf.Tensor): { value: tf.Tensor; gradient: tf.Tensor } {
  const pairs: [number, number][] = [];
  for (let i = 0; i < SUBSET_ITEMS; i++) for (let j = i + 1; j < SUBSET_ITEMS; j++) pairs.push([i, j]);
  const hot = tf.tensor2d(pairs.map(([i, j]) => Array.from({ length: SUBSET_ITEMS }, (_, n) => (n === i || n === j ? 1 : 0))));
  const values = subsetObjective(hot);
  const expectation = (alpha: tf.Tensor) => {
    const p = tf.softmax(alpha);
    const pi = tf.gather(p, pairs.map(([i]) => i));
    const pj = tf.gather(p, pairs.map(([, j]) => j));
    const probability = tf.add(tf.div(tf.mul(pi, pj), tf.sub(1, pi)), tf.div(tf.mul(pi, pj), tf.sub(1, pj)));
    return tf.sum(tf.mul(probability, values));
  };
  const { value, grad } = tf.valueAndGrad(expectation)(logits);
  tf.dispose([hot, values]);
  return { value, gradient: grad };
}

/** Choose 2 of 5 items: the stochastic softmax trick for subsets, whose relaxation is biased. */
export const subsetProblem: ToyProblem = {
  id: 'top-k-subset',
  title: 'k-subset, 2 of 5 items: f(S) = −Σ_{i∈S} v_i + 2·[0, 2 ∈ S]',
  description: 'Gumbel-top-k samples with the relaxed top-k of the stochastic softmax tricks: biased, more so at higher temperature (no score-function family for subsets here).',
  family: 'subset',
  makeLogits: () => tf.tensor1d([0.3, -0.2, 0.5, 0, -0.4]),
  objective: subsetObjective,
  exact: exactSubset,
  evaluationBudget: 40_000,
};

export const toyProblems: readonly ToyProblem[] = [bernoulliToy, bernoulliCoupled, gaussianQuadratic, subsetProblem];

/** A learned baseline for one problem: a linear function of the (detached) logits plus a bias. */
function trainedLinearBaseline(problem: ToyProblem, runKey: Key) {
  const logits = problem.makeLogits();
  const size = logits.size;
  const [weights, bias] = tf.tidy(() => [tf.variable(tf.zeros([size]), true, undefined, 'float32'), tf.variable(tf.scalar(0), true, undefined, 'float32')]);
  const cv = learnedBaseline(
    (l) => tf.add(tf.sum(tf.mul(tf.reshape(l, [...l.shape.slice(0, l.rank - logits.rank), size]), weights), -1), bias),
    { name: 'learned' },
  );
  const family = problem.family === 'normal' ? { family: normalFamily } : {};
  const estimator = scoreFunction({ controlVariate: cv, numSamples: 4, ...family });
  const optimizer = tf.train.adam(0.05);
  for (let step = 0; step < 300; step++) {
    const batch = tf.tidy(() => tf.broadcastTo(tf.expandDims(logits, 0), [16, ...logits.shape]));
    optimizer.minimize(() => {
      const e = estimator.estimate({ key: fold(runKey, step), logits: batch, objective: problem.objective });
      return e.controlVariateLoss as tf.Scalar;
    }, false, [weights, bias]);
    batch.dispose();
  }
  optimizer.dispose();
  logits.dispose();
  return { cv, dispose: () => tf.dispose([weights, bias]) };
}

/**
 * REBAR and RELAX with their control-variate parameters (η, λ, the network) trained first on the
 * estimator's own variance at the problem's logits, as a user would during training.
 */
function trainedRelaxFamily(problem: ToyProblem, runKey: Key): { estimators: GradientEstimator[]; dispose(): void } {
  const logits = problem.makeLogits();
  const made = [rebar(), relax({ key: fold(runKey, 7) })];
  const optimizer = tf.train.adam(0.01);
  const batch = tf.tidy(() => tf.broadcastTo(tf.expandDims(logits, 0), [16, ...logits.shape]));
  made.forEach((estimator, e) => {
    for (let step = 0; step < 200; step++) {
      const estimate = estimator.update(optimizer, { key: fold(fold(runKey, 100 + e), step), logits: batch, objective: problem.objective });
      tf.dispose(Object.values(estimate) as tf.Tensor[]);
    }
  });
  tf.dispose([batch, logits]);
  optimizer.dispose();
  return { estimators: made, dispose: () => made.forEach((e) => e.dispose()) };
}

export interface EstimatorSet {
  estimators: GradientEstimator[];
  /** K of the K-sample bound for the 'log-mean-exp' estimators (vimco, local DisARM) */
  boundSamples: Map<GradientEstimator, number>;
  dispose(): void;
}

/** The estimators that apply to a problem, with their learned parts trained first. */
export function estimatorsFor(problem: ToyProblem, runKey: Key): EstimatorSet {
  if (problem.family === 'subset') {
    const estimators = [0.1, 0.5, 1].flatMap((temperature) => [
      topKSubset({ k: SUBSET_SIZE, temperature }),
      topKSubset({ k: SUBSET_SIZE, temperature, straightThrough: true }),
    ]);
    return { estimators, boundSamples: new Map(), dispose: () => undefined };
  }
  const family = problem.family === 'normal' ? { family: normalFamily } : {};
  const learned = trainedLinearBaseline(problem, runKey);
  const ema = movingAverageBaseline({ decay: 0.9 });
  const estimators: GradientEstimator[] = [
    scoreFunction({ ...family }),
    scoreFunction({ ...family, controlVariate: constantBaseline(problem.family === 'normal' ? 3 : 0.25) }),
    scoreFunction({ ...family, controlVariate: ema }),
    scoreFunction({ ...family, controlVariate: learned.cv }),
    scoreFunction({ ...family, controlVariate: leaveOneOut(), numSamples: 2, name: 'reinforce-loo(K=2)' }),
    scoreFunction({ ...family, controlVariate: leaveOneOut(), numSamples: 4, name: 'reinforce-loo(K=4)' }),
  ];
  const boundSamples = new Map<GradientEstimator, number>();
  const relaxFamily = problem.family === 'bernoulli' ? trainedRelaxFamily(problem, fold(runKey, 1)) : undefined;
  if (problem.family === 'normal') estimators.push(pathwise({}));
  else {
    estimators.push(arm(), disarm(), disarm({ numPairs: 2 }), ...(relaxFamily?.estimators ?? []));
    // biased, and labelled so: the relaxations' bias shows in the bias z column
    estimators.push(gumbelSoftmax({ temperature: 0.5 }), gumbelSoftmax({ temperature: 0.5, straightThrough: true }), straightThroughBernoulli());
    for (const [estimator, k] of [[vimco({ numSamples: 2 }), 2], [vimco({ numSamples: 4 }), 4], [localDisarm({ numPairs: 2 }), 2]] as const) {
      estimators.push(estimator);
      boundSamples.set(estimator, k);
    }
  }
  return {
    estimators,
    boundSamples,
    dispose: () => {
      learned.dispose();
      relaxFamily?.dispose();
      ema.dispose?.();
    },
  };
}

export interface ProblemResult {
  problem: ToyProblem;
  /** objective evaluations each estimator spent */
  evaluationBudget: number;
  exactGradient: number[];
  reports: EstimatorReport[];
}

/** Runs the comparison on one problem at equal evaluation cost; frees every tensor it made. */
export function runProblem(args: {
  problem: ToyProblem;
  key: Key;
  evaluationBudget?: number;
  onProgress?: (p: { estimator: string; done: number; total: number }) => void;
}): ProblemResult {
  const { problem, onProgress } = args;
  const [trainKey, compareKey] = split(args.key) as [Key, Key];
  const logits = problem.makeLogits();
  const exact = problem.exact(logits);
  const set = estimatorsFor(problem, trainKey);
  const evaluationBudget = args.evaluationBudget ?? problem.evaluationBudget;
  const bounds: tf.Tensor[] = [];
  try {
    const reports = compareEstimators({
      key: compareKey,
      logits,
      objective: problem.objective,
      estimators: set.estimators,
      evaluationBudget,
      exactGradient: (estimator) => {
        const k = set.boundSamples.get(estimator);
        if (k === undefined) return exact.gradient;
        // multi-sample estimators: the exact gradient of their K-sample bound, where it can be enumerated
        if (k * logits.size > 12) return undefined;
        const bound = exactBernoulliBound({ logits, objective: problem.objective, numSamples: k });
        bounds.push(bound.value, bound.gradient);
        return bound.gradient;
      },
      ...(onProgress ? { onProgress } : {}),
    });
    return { problem, evaluationBudget, exactGradient: Array.from(exact.gradient.dataSync()), reports };
  } finally {
    set.dispose();
    tf.dispose([logits, exact.value, exact.gradient, ...bounds]);
  }
}
