/**
 * log Bernoulli(v | σ(α)) summed over the last axis, in the softplus form that is finite for any
 * finite logits:  Σ_i v_i α_i − softplus(α_i).  v may be binary or relaxed in [0, 1].
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * @example
 * const logLikelihood = logBernoulli(x, decoder.logits(b)); // [..., batch]
 */
export function logBernoulli(v: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.sum(tf.mul(v, logits), -1), tf.sum(tf.softplus(logits), -1)));
}
