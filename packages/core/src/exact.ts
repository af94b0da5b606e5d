/**
 * Exact oracles: E[f] and its gradient by enumeration (small discrete problems) or in closed form
 * (Gaussian quadratics), differentiated with tf.grad. The ground truth for statistical tests of
 * any estimator, yours included.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describe } from './errors';
import type { Objective } from './estimator';
import { bernoulliFamily, categoricalFamily, type Family } from './families';
import { callObjective, surrogateAndGradient } from './internal/objective';
import { assertRankSupported } from './internal/rank';
import { assertTensor, shapeString } from './internal/validate';
import { checkOptions } from './options';

/** A type alias (not an interface) so that it can be returned from tf.tidy. */
export type ExactResult = {
  /** E[f], shape = batch shape */
  value: tf.Tensor;
  /** dE[f]/dlogits, shape = logits shape */
  gradient: tf.Tensor;
};

/** Largest number of outcomes enumerated. */
export const MAX_ENUMERATION = 4096;

function enumerate(family: Family, logits: tf.Tensor, outcomes: tf.Tensor, objective: Objective): ExactResult {
  return tf.tidy(() => {
    const n = outcomes.shape[0] as number;
    const batch = logits.shape.slice(0, logits.rank - family.parameterEventRank);
    const event = outcomes.shape.slice(1);
    const samples = tf.broadcastTo(tf.reshape(outcomes, [n, ...batch.map(() => 1), ...event]), [n, ...batch, ...event]);
    const { gradient, extra } = surrogateAndGradient(logits, (l) => {
      const distribution = family.distribution(l);
      const values = callObjective(objective, samples, [n, ...batch]);
      const value = tf.sum(tf.mul(tf.exp(distribution.logProb(samples)), values), 0);
      return { surrogate: tf.sum(value) as tf.Scalar, extra: { value } };
    });
    return { value: extra.value, gradient };
  });
}

function checkObjective(objective: unknown): asserts objective is Objective {
  if (typeof objective !== 'function') throw new ArgumentError('objective', `got ${describe(objective)}`, 'a function from samples to values');
}

/**
 * E[f(b)] and its gradient w.r.t. the logits for factorized Bernoulli b, logits [..., D] with
 * D <= 12, by summing over all 2^D outcomes.
 * @example
 * const { value, gradient } = exactBernoulli({ logits: tf.zeros([4]), objective: (b) => tf.sum(b, -1) });
 */
export function exactBernoulli(args: { logits: tf.Tensor; objective: Objective }): ExactResult {
  checkOptions('exactBernoulli', args, ['logits', 'objective']);
  const { logits, objective } = args;
  assertTensor(logits, 'logits');
  checkObjective(objective);
  const d = logits.shape[logits.rank - 1] ?? 0;
  if (logits.rank < 1 || d < 1 || 2 ** d > MAX_ENUMERATION) {
    throw new ShapeError('logits', `got shape ${shapeString(logits.shape)}`, `shape [..., D] with 1 <= D <= ${Math.log2(MAX_ENUMERATION)}`);
  }
  assertRankSupported('exactBernoulli', 'logits', logits, 1, 'an enumeration axis');
  const outcomes = bitTable(d);
  try {
    return enumerate(bernoulliFamily, logits, outcomes, objective);
  } finally {
    outcomes.dispose();
  }
}

/**
 * E[f(y)] and its gradient for D independent one-hot categoricals y, logits [..., D, C] with
 * C^D <= 4096, by summing over all outcomes.
 * @example
 * const { gradient } = exactCategorical({ logits: tf.zeros([2, 3]), objective: (y) => tf.sum(y, [-2, -1]) });
 */
export function exactCategorical(args: { logits: tf.Tensor; objective: Objective }): ExactResult {
  checkOptions('exactCategorical', args, ['logits', 'objective']);
  const { logits, objective } = args;
  assertTensor(logits, 'logits');
  checkObjective(objective);
  const c = logits.shape[logits.rank - 1] ?? 0;
  const d = logits.shape[logits.rank - 2] ?? 0;
  if (logits.rank < 2 || c < 2 || d < 1 || c ** d > MAX_ENUMERATION) {
    throw new ShapeError('logits', `got shape ${shapeString(logits.shape)}`, `shape [..., D, C] with C >= 2 and C^D <= ${MAX_ENUMERATION}`);
  }
  assertRankSupported('exactCategorical', 'logits', logits, 1, 'an enumeration axis');
  const n = c ** d;
  const table = new Float32Array(n * d * c);
  for (let i = 0; i < n; i++) {
    let rest = i;
    for (let j = d - 1; j >= 0; j--) {
      table[(i * d + j) * c + (rest % c)] = 1;
      rest = Math.floor(rest / c);
    }
  }
  const outcomes = tf.tensor3d(table, [n, d, c]);
  try {
    return enumerate(categoricalFamily, logits, outcomes, objective);
  } finally {
    outcomes.dispose();
  }
}

/**
 * The quadratic objective f(x) = xᵀAx + bᵀx + c over the last axis of x [..., D].
 * @example const f = quadraticForm({ matrix: tf.eye(3), vector: tf.ones([3]) });
 */
export function quadraticForm(args: { matrix: tf.Tensor; vector?: tf.Tensor; offset?: number }): Objective {
  checkOptions('quadraticForm', args, ['matrix', 'vector', 'offset']);
  const { matrix, vector, offset = 0 } = args;
  if (typeof offset !== 'number' || !Number.isFinite(offset)) throw new ArgumentError('offset', `got ${describe(offset)}`, 'a finite number');
  assertTensor(matrix, 'matrix', 'a tf.Tensor of shape [D, D]');
  const d = matrix.shape[0] as number;
  if (matrix.rank !== 2 || matrix.shape[1] !== d) throw new ShapeError('matrix', `got shape ${shapeString(matrix.shape)}`, 'a square matrix [D, D]');
  if (vector !== undefined) {
    assertTensor(vector, 'vector', `a tf.Tensor of shape [${d}]`);
    if (vector.rank !== 1 || vector.shape[0] !== d) throw new ShapeError('vector', `got shape ${shapeString(vector.shape)}`, `shape [${d}] to match matrix`);
  }
  return (x: tf.Tensor) =>
    tf.tidy(() => {
      if (x.shape[x.rank - 1] !== d) throw new ShapeError('x', `got shape ${shapeString(x.shape)}`, `shape [..., ${d}]`);
      const flat = tf.reshape(x, [-1, d]);
      let out = tf.sum(tf.mul(tf.matMul(flat, matrix), flat), -1);
      if (vector) out = tf.add(out, tf.sum(tf.mul(flat, vector), -1));
      return tf.reshape(tf.add(out, offset), x.shape.slice(0, -1));
    });
}

/**
 * Closed form for Gaussians: with x ~ N(μ, diag σ²) given by the normal family's parameters
 * [..., D, 2] = (μ, log σ), E[xᵀAx + bᵀx + c] = μᵀAμ + Σ_i A_ii σ_i² + bᵀμ + c, and its gradient
 * w.r.t. the parameters.
 * @example
 * const params = tf.stack([tf.zeros([3]), tf.zeros([3])], -1);
 * const { gradient } = exactNormalQuadratic({ params, matrix: tf.eye(3) });
 */
export function exactNormalQuadratic(args: { params: tf.Tensor; matrix: tf.Tensor; vector?: tf.Tensor; offset?: number }): ExactResult {
  checkOptions('exactNormalQuadratic', args, ['params', 'matrix', 'vector', 'offset']);
  const { params, matrix, vector, offset = 0 } = args;
  assertTensor(params, 'params', 'a tf.Tensor of shape [..., D, 2]');
  const objective = quadraticForm({ matrix, ...(vector ? { vector } : {}), offset });
  const d = matrix.shape[0] as number;
  if (params.rank < 2 || params.shape[params.rank - 1] !== 2 || params.shape[params.rank - 2] !== d) {
    throw new ShapeError('params', `got shape ${shapeString(params.shape)}`, `shape [..., ${d}, 2] (loc, log scale)`);
  }
  assertRankSupported('exactNormalQuadratic', 'params', params, 0, 'no axis');
  return tf.tidy(() => {
    const { gradient, extra } = surrogateAndGradient(params, (p) => {
      const [loc, logScale] = tf.unstack(p, -1) as [tf.Tensor, tf.Tensor];
      const variance = tf.exp(tf.mul(logScale, 2));
      const value = tf.add(objective(loc), tf.sum(tf.mul(variance, matrixDiagonal(matrix)), -1));
      return { surrogate: tf.sum(value) as tf.Scalar, extra: { value } };
    });
    return { value: extra.value, gradient };
  });
}

function matrixDiagonal(matrix: tf.Tensor): tf.Tensor {
  const d = matrix.shape[0] as number;
  return tf.sum(tf.mul(matrix, tf.eye(d)), -1);
}

function bitTable(bits: number): tf.Tensor2D {
  const n = 2 ** bits;
  const table = new Float32Array(n * bits);
  for (let i = 0; i < n; i++) for (let j = 0; j < bits; j++) table[i * bits + j] = (i >> (bits - 1 - j)) & 1;
  return tf.tensor2d(table, [n, bits]);
}

/**
 * The K-sample bound E[log 1/K Σ_k exp f(b_k)] (b_k iid factorized Bernoulli, logits [..., D]) and
 * its gradient w.r.t. the logits, by enumerating all 2^(K·D) <= 4096 joint outcomes: the oracle
 * for multi-sample estimators (vimco, localDisarm).
 * @example
 * const { gradient } = exactBernoulliBound({ logits: tf.zeros([3]), objective: f, numSamples: 2 });
 */
export function exactBernoulliBound(args: { logits: tf.Tensor; objective: Objective; numSamples: number }): ExactResult {
  checkOptions('exactBernoulliBound', args, ['logits', 'objective', 'numSamples']);
  const { logits, objective, numSamples } = args;
  assertTensor(logits, 'logits');
  checkObjective(objective);
  if (typeof numSamples !== 'number' || !Number.isInteger(numSamples) || numSamples < 1) throw new ArgumentError('numSamples', `got ${describe(numSamples)}`, 'an integer >= 1');
  const d = logits.shape[logits.rank - 1] ?? 0;
  const bits = d * numSamples;
  if (logits.rank < 1 || d < 1 || 2 ** bits > MAX_ENUMERATION) {
    throw new ShapeError('logits', `got shape ${shapeString(logits.shape)} with ${numSamples} samples`, `K·D <= ${Math.log2(MAX_ENUMERATION)} (2^(K·D) joint outcomes)`);
  }
  assertRankSupported('exactBernoulliBound', 'logits', logits, 2, 'a sample axis and an enumeration axis');
  const outcomes = bitTable(bits);
  try {
    return tf.tidy(() => {
      const n = 2 ** bits;
      const batch = logits.shape.slice(0, -1);
      // joint outcomes [N, ...batch, K, D]; the objective sees them as [K, N, ...batch, D]
      const joint = tf.broadcastTo(tf.reshape(outcomes, [n, ...batch.map(() => 1), numSamples, d]), [n, ...batch, numSamples, d]);
      const perm = [batch.length + 1, 0, ...batch.map((_, i) => i + 1), batch.length + 2];
      const samples = tf.transpose(joint, perm);
      const { gradient, extra } = surrogateAndGradient(logits, (l) => {
        const perSample = tf.sub(tf.mul(samples, l), tf.softplus(l)); // [K, N, ...batch, D]
        const logProb = tf.sum(perSample, [0, perSample.rank - 1]); // [N, ...batch]
        const values = callObjective(objective, samples, [numSamples, n, ...batch]);
        const bound = tf.sub(tf.logSumExp(values, 0), Math.log(numSamples));
        const value = tf.sum(tf.mul(tf.exp(logProb), bound), 0);
        return { surrogate: tf.sum(value) as tf.Scalar, extra: { value } };
      });
      return { value: extra.value, gradient };
    });
  } finally {
    outcomes.dispose();
  }
}
