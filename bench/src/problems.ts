/**
 * The toy problems: parameters and objectives, which is all a throughput or memory run needs. The
 * demo (apps/demo/src/toy.ts) adds titles and exact oracles to these same definitions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Objective, quadraticForm } from '@stochgrad/core';

export interface BenchProblem {
  id: string;
  family: 'bernoulli' | 'normal';
  /** parameters of one problem (no batch axis): Bernoulli logits [D] or normal (loc, log scale) [D, 2] */
  makeLogits(): tf.Tensor;
  objective: Objective;
  /** the constant baseline the demo uses on this problem */
  constantBaseline: number;
}

/** f(b) = (b − 0.499)², θ = σ(0) = ½: the RELAX toy. */
export const bernoulliToy: BenchProblem = {
  id: 'bernoulli-1d',
  family: 'bernoulli',
  makeLogits: () => tf.tensor1d([0]),
  objective: (b) => tf.tidy(() => tf.sum(tf.square(tf.sub(b, 0.499)), -1)),
  constantBaseline: 0.25,
};

const TARGETS = [0.1, 0.9, 0.3, 0.7, 0.45, 0.55, 0.2, 0.8];

/** D = 8, non-separable: f(b) = Σ (b_i − t_i)² + ¼ (Σ b_i − 4)², logits spread over [−2, 2]. */
export const bernoulliCoupled: BenchProblem = {
  id: 'bernoulli-8d',
  family: 'bernoulli',
  makeLogits: () => tf.linspace(-2, 2, 8),
  objective: (b) =>
    tf.tidy(() => {
      const separable = tf.sum(tf.square(tf.sub(b, tf.tensor1d(TARGETS))), -1);
      return tf.add(separable, tf.mul(tf.square(tf.sub(tf.sum(b, -1), 4)), 0.25));
    }),
  constantBaseline: 0.25,
};

/** x ~ N(μ, diag σ²), f(x) = xᵀAx + bᵀx with a coupled A (D = 4). */
export const gaussianQuadratic: BenchProblem = {
  id: 'gaussian-4d',
  family: 'normal',
  makeLogits: () => tf.tidy(() => tf.stack([tf.tensor1d([0.5, -0.5, 1, 0]), tf.log(tf.tensor1d([1, 0.5, 2, 1]))], -1)),
  objective: (x) => tf.tidy(() => quadraticForm(gaussianQuadraticMatrices())(x)),
  constantBaseline: 3,
};

/** A and b of the Gaussian quadratic problem (new tensors: the caller frees them). */
export function gaussianQuadraticMatrices(): { matrix: tf.Tensor; vector: tf.Tensor } {
  return {
    matrix: tf.tensor2d([1, 0.3, 0, 0, 0.3, 1, 0.2, 0, 0, 0.2, 0.5, 0.1, 0, 0, 0.1, 1], [4, 4]),
    vector: tf.tensor1d([1, -1, 0.5, 0]),
  };
}

export const problems: readonly BenchProblem[] = [bernoulliToy, bernoulliCoupled, gaussianQuadratic];

/** The problem's parameters repeated along a new leading batch axis: [batch, ...]. */
export function tiledLogits(problem: BenchProblem, batch: number): tf.Tensor {
  return tf.tidy(() => {
    const logits = problem.makeLogits();
    return tf.broadcastTo(tf.expandDims(logits, 0), [batch, ...logits.shape]);
  });
}

/** A trainable variable holding `initial`, which it frees (tf.variable keeps its argument alive). */
export function variableFrom(initial: tf.Tensor): tf.Variable {
  const v = tf.variable(initial, true);
  initial.dispose();
  return v;
}
