/**
 * The shape of the package's toy densities: 2-D (or D-dimensional) targets with a known score,
 * for tests, benchmarks and demos of score estimators and entropy gradients.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Key } from '@stochgrad/core';

export interface ToyDensity {
  readonly name: string;
  readonly dim: number;
  /** true when logDensity is normalized; false for energies (log density up to a constant) */
  readonly normalized: boolean;
  /** a square [low, high]^D holding nearly all of the mass (for plots and grids) */
  readonly box: readonly [number, number];
  /** log q(x) (up to a constant unless normalized): x [..., D] -> [...] */
  logDensity(x: tf.Tensor): tf.Tensor;
  /** ∇_x log q(x): x [..., D] -> [..., D] */
  score(x: tf.Tensor): tf.Tensor;
  /** exact draws [n, D], where the density has an exact sampler */
  readonly sample?: (key: Key, n: number) => tf.Tensor;
}
