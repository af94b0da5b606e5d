/**
 * Test fixtures shared by the package's tests: a Gaussian sampler x = μ + Lε with its exact score
 * and entropy gradient, and error metrics against a known score.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, key, random } from '@stochgrad/core';
import type { ScoreEstimator } from '../src/types';

/** Inverse of a small dense matrix (Gauss–Jordan with partial pivoting), row-major. */
export function inverse(a: readonly number[], n: number): number[] {
  const m = a.slice();
  const inv: number[] = Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c] as number) > Math.abs(m[pivot * n + c] as number)) pivot = r;
    for (let j = 0; j < n; j++) {
      [m[c * n + j], m[pivot * n + j]] = [m[pivot * n + j] as number, m[c * n + j] as number];
      [inv[c * n + j], inv[pivot * n + j]] = [inv[pivot * n + j] as number, inv[c * n + j] as number];
    }
    const p = m[c * n + c] as number;
    for (let j = 0; j < n; j++) {
      m[c * n + j] = (m[c * n + j] as number) / p;
      inv[c * n + j] = (inv[c * n + j] as number) / p;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * n + c] as number;
      for (let j = 0; j < n; j++) {
        m[r * n + j] = (m[r * n + j] as number) - f * (m[c * n + j] as number);
        inv[r * n + j] = (inv[r * n + j] as number) - f * (inv[c * n + j] as number);
      }
    }
  }
  return inv;
}

export function transpose(a: readonly number[], n: number): number[] {
  return Array.from({ length: n * n }, (_, i) => a[(i % n) * n + Math.floor(i / n)] as number);
}

/** A well-conditioned full matrix L = diag(d) + 0.25·G/√D, G ~ N(0, 1), d in [0.6, 1.4], from a key. */
export function testScaleMatrix(k: Key, dim: number): number[] {
  const g = random.normal(k, [dim, dim]);
  const data = Array.from(g.dataSync());
  g.dispose();
  return data.map((v, i) => {
    const row = Math.floor(i / dim);
    const col = i % dim;
    return (row === col ? 0.6 + (0.8 * row) / Math.max(dim - 1, 1) : 0) + (0.25 * v) / Math.sqrt(dim);
  });
}

export interface GaussianFixture {
  dim: number;
  mean: number[];
  scale: number[];
  /** ∇_L log|det L| = L^{-T}, row-major */
  entropyGradient: number[];
  /** exact score of N(μ, LLᵀ): −Σ⁻¹(x − μ) */
  score(x: tf.Tensor): tf.Tensor;
  /** exact draws [n, D] */
  sample(k: Key, n: number): tf.Tensor;
}

export function gaussianFixture(k: Key, dim: number, mean: number[] = new Array<number>(dim).fill(0.5)): GaussianFixture {
  const scale = testScaleMatrix(k, dim);
  const lInverse = inverse(scale, dim);
  const precision = new Array<number>(dim * dim).fill(0);
  // Σ⁻¹ = L^{-T} L^{-1}
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) for (let r = 0; r < dim; r++) precision[i * dim + j] = (precision[i * dim + j] as number) + (lInverse[r * dim + i] as number) * (lInverse[r * dim + j] as number);
  return {
    dim,
    mean,
    scale,
    entropyGradient: transpose(lInverse, dim),
    score: (x) => tf.tidy(() => {
      const flat = tf.reshape(tf.sub(x, tf.tensor1d(mean)), [-1, dim]);
      return tf.reshape(tf.neg(tf.matMul(flat, tf.tensor2d(precision, [dim, dim]))), x.shape);
    }),
    sample: (key, n) => tf.tidy(() => tf.add(tf.matMul(random.normal(key, [n, dim]), tf.transpose(tf.tensor2d(scale, [dim, dim]))), tf.tensor1d(mean))),
  };
}

/** Per-point cosine similarity between two fields [..., D] → Float64Array of length prod(...). */
export function cosines(a: tf.Tensor, b: tf.Tensor): Float64Array {
  const values = tf.tidy(() => {
    const dot = tf.sum(tf.mul(a, b), -1);
    const norms = tf.mul(tf.norm(a, 'euclidean', -1), tf.norm(b, 'euclidean', -1));
    return tf.div(dot, tf.maximum(norms, 1e-30));
  });
  const out = Float64Array.from(values.dataSync());
  values.dispose();
  return out;
}

/** Mean per-point cosine similarity between two fields [..., D]. */
export function meanCosine(a: tf.Tensor, b: tf.Tensor): number {
  const c = cosines(a, b);
  return c.reduce((s, v) => s + v, 0) / c.length;
}

/** sqrt(mean ‖a − b‖² / mean ‖b‖²) */
export function relativeError(estimate: tf.Tensor, exact: tf.Tensor): number {
  return tf.tidy(() => {
    const num = tf.mean(tf.sum(tf.square(tf.sub(estimate, exact)), -1)).dataSync()[0] as number;
    const den = tf.mean(tf.sum(tf.square(exact), -1)).dataSync()[0] as number;
    return Math.sqrt(num / den);
  });
}

export function meanAndStandardError(values: ArrayLike<number>): { mean: number; standardError: number } {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (values[i] as number) / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += ((values[i] as number) - mean) ** 2 / (n - 1);
  return { mean, standardError: Math.sqrt(variance / n) };
}

/** ‖a − b‖_F / ‖b‖_F for flat arrays */
export function relativeFrobenius(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += ((a[i] as number) - (b[i] as number)) ** 2;
    den += (b[i] as number) ** 2;
  }
  return Math.sqrt(num / den);
}

/**
 * Errors of a nonparametric score estimator (Stein, SSGE) on the Gaussian fixture in `dim`
 * dimensions: in sample at m draws, and at 100 fresh points (out of sample), as mean cosine and
 * relative RMSE against the exact score.
 */
export function gaussianScoreErrors(estimator: ScoreEstimator, dim: number, m: number) {
  const g = gaussianFixture(key(dim), dim);
  const x = g.sample(key(100 + m), m);
  const points = g.sample(key(7), 100);
  const exact = g.score(x);
  const exactPoints = g.score(points);
  const inSample = estimator.score(x);
  const outOfSample = estimator.score(x, points);
  const result = {
    cosine: meanCosine(inSample, exact),
    relative: relativeError(inSample, exact),
    cosineOut: meanCosine(outOfSample, exactPoints),
    relativeOut: relativeError(outOfSample, exactPoints),
  };
  tf.dispose([x, points, exact, exactPoints, inSample, outOfSample]);
  return result;
}
