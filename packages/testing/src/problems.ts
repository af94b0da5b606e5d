/**
 * Shared fixtures: small problems with exact gradients, one per family, for conformance and
 * statistical tests.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type ExactResult,
  type Family,
  type Objective,
  bernoulliFamily,
  categoricalFamily,
  exactBernoulli,
  exactCategorical,
  exactNormalQuadratic,
  normalFamily,
  quadraticForm,
} from '@stochgrad/core';

export interface TestProblem {
  name: string;
  family: Family;
  /** parameters of one problem (no replicate axis); caller disposes */
  logits(): tf.Tensor;
  /** broadcasts over any leading axes */
  objective: Objective;
  exact(logits: tf.Tensor): ExactResult;
  /** parameters with |logit| = 80 somewhere, for the finiteness check */
  extremeLogits(): tf.Tensor;
}

const TARGETS = [0.1, 0.9, 0.3, 0.7, 0.45];

/** D = 5 Bernoulli, non-separable: f(b) = Σ(b_i − t_i)² + ½(Σ b_i − 2)² + b₀b₁. */
export const coupledBernoulli: TestProblem = {
  name: 'coupled Bernoulli (D = 5)',
  family: bernoulliFamily,
  logits: () => tf.tensor1d([-1.5, 0.5, 1, -0.3, 2]),
  objective: (b) =>
    tf.tidy(() => {
      const separable = tf.sum(tf.square(tf.sub(b, tf.tensor1d(TARGETS))), -1);
      const total = tf.mul(tf.square(tf.sub(tf.sum(b, -1), 2)), 0.5);
      const [b0, b1] = tf.split(b, [1, 1, 3], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      return tf.add(tf.add(separable, total), tf.squeeze(tf.mul(b0, b1), [-1]));
    }),
  exact: (logits) => exactBernoulli({ logits, objective: coupledBernoulli.objective }),
  extremeLogits: () => tf.tensor1d([-80, 80, 0, 80, -80]),
};

const CATEGORICAL_VALUES = [
  [0.5, -1, 2],
  [1, 0, -0.5],
  [-2, 1, 0.5],
];

/** D = 3 categoricals with C = 3, non-separable: f(y) = Σ_d v_d·y_d + (y₀·y₁)². */
export const coupledCategorical: TestProblem = {
  name: 'coupled categorical (D = 3, C = 3)',
  family: categoricalFamily,
  logits: () => tf.tensor2d([[0.5, -0.5, 0], [1, 0.2, -1], [-0.3, 0.3, 0.8]]),
  objective: (y) =>
    tf.tidy(() => {
      const linear = tf.sum(tf.mul(y, tf.tensor2d(CATEGORICAL_VALUES)), [-2, -1]);
      const [y0, y1] = tf.unstack(y, -2) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const agree = tf.sum(tf.mul(y0, y1), -1);
      return tf.add(linear, tf.mul(agree, 2));
    }),
  exact: (logits) => exactCategorical({ logits, objective: coupledCategorical.objective }),
  extremeLogits: () => tf.tensor2d([[80, -80, 0], [-80, 80, 80], [0, 0, -80]]),
};

const MATRIX = [1, 0.4, 0, 0.4, 1, -0.3, 0, -0.3, 0.5];
const VECTOR = [1, -1, 0.5];

/** x ~ N(μ, diag σ²) with D = 3, f(x) = xᵀAx + bᵀx, A coupled; parameters [3, 2] = (μ, log σ). */
export const gaussianQuadratic: TestProblem = {
  name: 'Gaussian quadratic (D = 3)',
  family: normalFamily,
  logits: () => tf.tensor2d([[0.5, 0], [-0.5, -0.7], [1, 0.3]]),
  objective: (x) => tf.tidy(() => quadraticForm({ matrix: tf.tensor2d(MATRIX, [3, 3]), vector: tf.tensor1d(VECTOR) })(x)),
  exact: (params) => tf.tidy(() => exactNormalQuadratic({ params, matrix: tf.tensor2d(MATRIX, [3, 3]), vector: tf.tensor1d(VECTOR) })),
  extremeLogits: () => tf.tensor2d([[80, 0], [-80, -3], [0, 3]]),
};
