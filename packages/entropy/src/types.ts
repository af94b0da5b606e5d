/**
 * The shared shape of score estimates: a ScoreFunction maps points x [..., D] to an estimate of
 * ∇_x log q(x) of the same shape. A learned model's `score`, an exact score, and the kernel
 * estimators' `score` (which estimate at the samples they are given) all fit it.
 */
import type * as tf from '@tensorflow/tfjs-core';

export type ScoreFunction = (x: tf.Tensor) => tf.Tensor;

/**
 * A nonparametric score estimator built from samples alone (Stein, SSGE): `score(samples)`
 * estimates ∇ log q at the samples [M, ...batch, D] themselves (one set of M per batch element),
 * `score(samples, points)` at other points [N, ...batch, D] (out of sample).
 */
export interface ScoreEstimator {
  readonly name: string;
  score(samples: tf.Tensor, points?: tf.Tensor): tf.Tensor;
}
