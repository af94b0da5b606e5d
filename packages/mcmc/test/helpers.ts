/** Small helpers for the mcmc tests (not published). */
import * as tf from '@tensorflow/tfjs-core';

/** One-hot rows [n][classes] of integer indices. */
export function oneHotRows(indices: ArrayLike<number>, classes: number): number[][] {
  return Array.from(indices, (c) => Array.from({ length: classes }, (_, j) => (j === c ? 1 : 0)));
}

/** Rows [n][1] of 0/1 flags. */
export function flagRows(flags: ArrayLike<number>): number[][] {
  return Array.from(flags, (v) => [v ? 1 : 0]);
}

/** Rows of a [n, ...] tensor, flattened per row. */
export function tensorRows(t: tf.Tensor): number[][] {
  const n = t.shape[0] as number;
  const width = t.size / n;
  const data = t.dataSync();
  return Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * width, (i + 1) * width)));
}

/** The standard normal CDF (erf by Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Softmax of a JS array, in float64. */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - max));
  const total = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / total);
}

/** Runs fn and returns how many tensors it left behind, after disposing what `keep` selects from its result. */
export function leakedTensors<T>(fn: () => T, dispose: (result: T) => void): number {
  const before = tf.memory().numTensors;
  const result = fn();
  dispose(result);
  return tf.memory().numTensors - before;
}
