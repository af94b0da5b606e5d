/**
 * RBF-kernel helpers for the Stein and spectral Stein estimators, in float64 JS:
 * k(x, y) = exp(−‖x − y‖² / (2h²)), with the median heuristic for h.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError } from '@stochgrad/core';
import { assertFiniteValues, assertSamples, assertTensor, describeValue, sameShape, shapeString } from './validate';

export type Bandwidth = 'median' | number;

/** Median of the pairwise distances ‖x_i − x_j‖ over i < j (the usual heuristic); 1 if all coincide. */
export function medianBandwidth(x: Float64Array, m: number, dim: number): number {
  const distances = new Float64Array((m * (m - 1)) / 2);
  let t = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) distances[t++] = Math.sqrt(squaredDistance(x, i, x, j, dim));
  }
  if (distances.length === 0) return 1;
  distances.sort();
  const mid = distances.length >> 1;
  const median = distances.length % 2 === 1 ? (distances[mid] as number) : 0.5 * ((distances[mid - 1] as number) + (distances[mid] as number));
  return median > 0 ? median : 1;
}

export function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const diff = (a[i * dim + d] as number) - (b[j * dim + d] as number);
    s += diff * diff;
  }
  return s;
}

/** Gram matrix K_ij = k(a_i, b_j), [na, nb] row-major. */
export function gram(a: Float64Array, na: number, b: Float64Array, nb: number, dim: number, h: number): Float64Array {
  const k = new Float64Array(na * nb);
  const scale = -1 / (2 * h * h);
  for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) k[i * nb + j] = Math.exp(scale * squaredDistance(a, i, b, j, dim));
  return k;
}

export function checkBandwidth(bandwidth: unknown): asserts bandwidth is Bandwidth {
  if (bandwidth === 'median') return;
  if (typeof bandwidth !== 'number' || !(bandwidth > 0) || !Number.isFinite(bandwidth)) {
    throw new ArgumentError('bandwidth', `got ${describeValue(bandwidth)}`, "'median' or a finite number > 0");
  }
}

/** One set of M samples (and optional points) per batch element, as float64 rows. */
export interface KernelProblem {
  m: number;
  n: number;
  dim: number;
  batch: number;
  samples: Float64Array[];
  points: Float64Array[] | null;
}

/**
 * Splits samples [M, ...batch, D] (and points [N, ...batch, D]) into per-batch-element matrices,
 * checking shapes and finiteness.
 */
export function kernelProblem(samples: tf.Tensor, points: tf.Tensor | undefined, minSamples: number): KernelProblem {
  assertSamples(samples, 'samples', undefined, minSamples);
  const dim = samples.shape[samples.rank - 1] as number;
  const batchShape = samples.shape.slice(1, -1);
  const batch = batchShape.reduce((p, d) => p * d, 1);
  const m = samples.shape[0] as number;
  const split = (t: tf.Tensor, rows: number): Float64Array[] => {
    const data = t.dataSync();
    return Array.from({ length: batch }, (_, b) => {
      const out = new Float64Array(rows * dim);
      for (let r = 0; r < rows; r++) for (let d = 0; d < dim; d++) out[r * dim + d] = data[(r * batch + b) * dim + d] as number;
      return out;
    });
  };
  let pointRows: Float64Array[] | null = null;
  let n = m;
  if (points !== undefined) {
    assertTensor(points, 'points', 'a float32 tensor [N, ...batch, D]');
    if (points.rank !== samples.rank || !sameShape(points.shape.slice(1), samples.shape.slice(1))) {
      throw new ShapeError('points', `got shape ${shapeString(points.shape)} for samples of shape ${shapeString(samples.shape)}`, `[N, ${samples.shape.slice(1).join(', ')}] (the samples' batch and event axes)`);
    }
    assertFiniteValues(points, 'points');
    n = points.shape[0] as number;
    pointRows = split(points, n);
  }
  return { m, n, dim, batch, samples: split(samples, m), points: pointRows };
}

/** Assembles per-batch-element results [N, D] back into a tensor [N, ...batch, D]. */
export function assemble(results: Float64Array[], n: number, dim: number, shape: readonly number[]): tf.Tensor {
  const batch = results.length;
  const out = new Float32Array(n * batch * dim);
  results.forEach((r, b) => {
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) out[(i * batch + b) * dim + d] = r[i * dim + d] as number;
  });
  return tf.tensor(out, shape.slice(), 'float32');
}
