/**
 * Three small gradient-estimation problems with exact answers, for comparing estimators, examples
 * and benchmarks (the demo, the bench and tests all use these same definitions).
 *   bernoulliToy:      b ~ Bernoulli(σ(0)), f(b) = (b − 0.499)²; ∂E f/∂logit = σ′(0)·(1 − 2·0.499) = 5e-4
 *   bernoulliCoupled:  b ∈ {0,1}⁸, f(b) = Σ (b_i − t_i)² + ¼ (Σ b_i − 4)², logits spread over [−2, 2]
 *   gaussianQuadratic: x ~ N(μ, diag σ²) in 4-D, f(x) = xᵀAx + bᵀx with a coupled A; parameters (μ, log σ)
 * Properties: exact values and gradients by enumeration (Bernoulli) or in closed form (Gaussian).
 * Reference: the Bernoulli toy is the one of Tucker et al., "REBAR", NeurIPS 2017, §6.1 and
 * Grathwohl et al., "Backpropagation through the Void" (RELAX), ICLR 2018, §6.1, arXiv:1711.00123.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Objective } from './estimator';
import { type ExactResult, exactBernoulli, exactNormalQuadratic, quadraticForm } from './exact';

export interface ToyProblem {
  /** a stable identifier: 'bernoulli-1d', 'bernoulli-8d', 'gaussian-4d' */
  readonly id: string;
  /** Bernoulli logits [D], or normal parameters [D, 2] = (loc, log scale) */
  readonly family: 'bernoulli' | 'normal';
  /** the parameters of one problem (no batch axis); a new tensor the caller frees */
  makeLogits(): tf.Tensor;
  /** broadcasts over leading axes */
  readonly objective: Objective;
  /** E[f] and its exact gradient at `logits` (new tensors the caller frees) */
  exact(logits: tf.Tensor): ExactResult;
  /** a reasonable constant baseline for the score-function estimator on this problem */
  readonly constantBaseline: number;
}

/** f(b) = (b − 0.499)², θ = σ(0) = ½: the REBAR/RELAX toy, where the true gradient is tiny (5e-4). */
export const bernoulliToy: ToyProblem = Object.freeze({
  id: 'bernoulli-1d',
  family: 'bernoulli',
  makeLogits: () => tf.tensor1d([0]),
  objective: (b: tf.Tensor) => tf.tidy(() => tf.sum(tf.square(tf.sub(b, 0.499)), -1)),
  exact: (logits: tf.Tensor) => exactBernoulli({ logits, objective: bernoulliToy.objective }),
  constantBaseline: 0.25,
});

const TARGETS = [0.1, 0.9, 0.3, 0.7, 0.45, 0.55, 0.2, 0.8];

/** D = 8, non-separable: f(b) = Σ (b_i − t_i)² + ¼ (Σ b_i − 4)², logits spread over [−2, 2]. */
export const bernoulliCoupled: ToyProblem = Object.freeze({
  id: 'bernoulli-8d',
  family: 'bernoulli',
  makeLogits: () => tf.linspace(-2, 2, 8),
  objective: (b: tf.Tensor) =>
    tf.tidy(() => {
      const separable = tf.sum(tf.square(tf.sub(b, tf.tensor1d(TARGETS))), -1);
      return tf.add(separable, tf.mul(tf.square(tf.sub(tf.sum(b, -1), 4)), 0.25));
    }),
  exact: (logits: tf.Tensor) => exactBernoulli({ logits, objective: bernoulliCoupled.objective }),
  constantBaseline: 0.25,
});

const MATRIX = [1, 0.3, 0, 0, 0.3, 1, 0.2, 0, 0, 0.2, 0.5, 0.1, 0, 0, 0.1, 1];
const VECTOR = [1, -1, 0.5, 0];

/** x ~ N(μ, diag σ²), f(x) = xᵀAx + bᵀx with a coupled A (D = 4): reparameterizable. */
export const gaussianQuadratic: ToyProblem = Object.freeze({
  id: 'gaussian-4d',
  family: 'normal',
  makeLogits: () => tf.tidy(() => tf.stack([tf.tensor1d([0.5, -0.5, 1, 0]), tf.log(tf.tensor1d([1, 0.5, 2, 1]))], -1)),
  objective: (x: tf.Tensor) => tf.tidy(() => quadraticForm(gaussianQuadraticMatrices())(x)),
  exact: (params: tf.Tensor) => tf.tidy(() => exactNormalQuadratic({ params, ...gaussianQuadraticMatrices() })),
  constantBaseline: 3,
});

/** A [4, 4] and b [4] of `gaussianQuadratic` (new tensors: the caller frees them). */
export function gaussianQuadraticMatrices(): { matrix: tf.Tensor; vector: tf.Tensor } {
  return { matrix: tf.tensor2d(MATRIX, [4, 4]), vector: tf.tensor1d(VECTOR) };
}

/** The three problems, in the order above. */
export const all: readonly ToyProblem[] = Object.freeze([bernoulliToy, bernoulliCoupled, gaussianQuadratic]);
