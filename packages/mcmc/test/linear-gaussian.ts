/**
 * The linear-Gaussian latent model z ~ N(0, I_d), x | z ~ N(Wz + b, s² I_D), where log p(x), its
 * gradient and the posterior are closed-form:
 *   C = WWᵀ + s²I, r = x − b:  ∇_b log p(x) = C⁻¹r,  ∇_W log p(x) = (C⁻¹rrᵀC⁻¹ − C⁻¹) W;
 *   p(z | x) = N(Σ Wᵀr/s², Σ),  Σ = (I + WᵀW/s²)⁻¹.
 * Replicates are batch rows with their own copies of W and b, so that one backward pass gives
 * one gradient per replicate.
 */
import * as tf from '@tensorflow/tfjs-core';
import { independent, normal } from '@stochgrad/core';

type Matrix = number[][];
const transpose = (a: Matrix): Matrix => (a[0] as number[]).map((_, j) => a.map((row) => row[j] as number));
const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => (b[0] as number[]).map((_, j) => row.reduce((s, v, k) => s + v * ((b[k] as number[])[j] as number), 0)));
const identity = (n: number): Matrix => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
const add = (a: Matrix, b: Matrix, scale = 1): Matrix => a.map((row, i) => row.map((v, j) => v + scale * ((b[i] as number[])[j] as number)));

/** Gauss–Jordan inverse (small, well-conditioned matrices). */
function inverse(a: Matrix): Matrix {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...(identity(n)[i] as number[])]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[pivot] as number[])[c] as number)) pivot = r;
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    const row = m[c] as number[];
    const p = row[c] as number;
    for (let j = 0; j < 2 * n; j++) row[j] = (row[j] as number) / p;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const other = m[r] as number[];
      const f = other[c] as number;
      for (let j = 0; j < 2 * n; j++) other[j] = (other[j] as number) - f * (row[j] as number);
    }
  }
  return m.map((row) => row.slice(n));
}

export interface LinearGaussian {
  W: Matrix;
  b: number[];
  x: number[];
  noise: number;
}

export const problem: LinearGaussian = {
  W: [
    [1.0, 0.5],
    [-0.3, 0.8],
    [0.6, -1.0],
  ],
  b: [0.2, -0.1, 0.3],
  x: [1.5, -0.5, 2.0],
  noise: 1,
};

/** ∇_W log p(x) (row-major, D × d) followed by ∇_b log p(x) (D). */
export function exactGradient(p: LinearGaussian): number[] {
  const D = p.x.length;
  const C = add(matmul(p.W, transpose(p.W)), identity(D), p.noise ** 2);
  const Ci = inverse(C);
  const r = p.x.map((v, i) => [v - (p.b[i] as number)]);
  const u = matmul(Ci, r); // C⁻¹r
  const gradW = matmul(add(matmul(u, transpose(u)), Ci, -1), p.W);
  return [...gradW.flat(), ...u.flat()];
}

/** log p(x) = log N(x; b, WWᵀ + s²I). */
export function exactLogMarginal(p: LinearGaussian): number {
  const D = p.x.length;
  const C = add(matmul(p.W, transpose(p.W)), identity(D), p.noise ** 2);
  // log det C by elimination (C is symmetric positive definite: no pivoting needed)
  const m = C.map((row) => [...row]);
  let logDet = 0;
  for (let c = 0; c < D; c++) {
    const pivot = (m[c] as number[])[c] as number;
    logDet += Math.log(pivot);
    for (let r = c + 1; r < D; r++) {
      const f = ((m[r] as number[])[c] as number) / pivot;
      for (let j = c; j < D; j++) (m[r] as number[])[j] = ((m[r] as number[])[j] as number) - f * ((m[c] as number[])[j] as number);
    }
  }
  const r = p.x.map((v, i) => [v - (p.b[i] as number)]);
  const quadratic = (matmul(transpose(r), matmul(inverse(C), r))[0] as number[])[0] as number;
  return -0.5 * (quadratic + logDet + D * Math.log(2 * Math.PI));
}

export function exactPosterior(p: LinearGaussian): { mean: number[]; covariance: Matrix } {
  const d = (p.W[0] as number[]).length;
  const covariance = inverse(add(identity(d), matmul(transpose(p.W), p.W), 1 / p.noise ** 2));
  const r = p.x.map((v, i) => [(v - (p.b[i] as number)) / p.noise ** 2]);
  const mean = matmul(covariance, matmul(transpose(p.W), r)).flat();
  return { mean, covariance };
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** log p(x, z) for x [M, D], z [n, M, d], with W [M, D, d], b [M, D]: [n, M]. */
export function logJoint(x: tf.Tensor, z: tf.Tensor, W: tf.Tensor, b: tf.Tensor, noise: number): tf.Tensor {
  return tf.tidy(() => {
    const mean = tf.add(tf.sum(tf.mul(tf.expandDims(W, 0), tf.expandDims(z, 2)), -1), b); // [n, M, D]
    const D = x.shape[1] as number;
    const d = z.shape[2] as number;
    const likelihood = tf.sub(tf.mul(tf.sum(tf.square(tf.div(tf.sub(x, mean), noise)), -1), -0.5), D * (Math.log(noise) + HALF_LOG_TWO_PI));
    const prior = tf.sub(tf.mul(tf.sum(tf.square(z), -1), -0.5), d * HALF_LOG_TWO_PI);
    return tf.add(likelihood, prior);
  });
}

/** Tensors for M replicates: x [M, D], W [M, D, d], b [M, D]. */
export function replicate(p: LinearGaussian, M: number) {
  return {
    x: tf.tile(tf.tensor2d([p.x]), [M, 1]),
    W: tf.tile(tf.tensor3d([p.W]), [M, 1, 1]),
    b: tf.tile(tf.tensor2d([p.b]), [M, 1]),
  };
}

/** A diagonal Gaussian proposal with batch [M], event [d]. */
export function diagonalProposal(loc: tf.Tensor, scale: tf.Tensor | number) {
  return independent(normal({ loc, scale }), 1);
}
