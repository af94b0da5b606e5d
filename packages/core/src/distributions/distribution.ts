import type * as tf from '@tensorflow/tfjs-core';
import type { Key } from '../key';

/**
 * A probability distribution in the TFP convention: samples have shape
 * [...sampleShape, ...batchShape, ...eventShape], log-probabilities [...sampleShape, ...batchShape].
 * Distributions are frozen objects; their methods are plain functions (no `this`), and every
 * returned tensor is owned by the caller.
 */
export interface Distribution {
  readonly name: string;
  readonly batchShape: readonly number[];
  readonly eventShape: readonly number[];
  /** true when `sample` is differentiable in the parameters (a pathwise sample). */
  readonly reparameterized: boolean;
  /** Draws samples; reparameterized ones stay differentiable in the parameters, others are detached. */
  sample(key: Key, sampleShape?: readonly number[]): tf.Tensor;
  /** log p(value), summed over the event axes. */
  logProb(value: tf.Tensor): tf.Tensor;
  /** Closed-form entropy, shape batchShape (where one exists). */
  entropy?(): tf.Tensor;
  /** Closed-form mean, shape [...batchShape, ...eventShape] (where one exists). */
  mean?(): tf.Tensor;
}
