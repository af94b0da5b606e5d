/**
 * log Bernoulli(v | σ(α)) summed over the last axis, in the softplus form that is finite for any
 * finite logits:  Σ_i v_i α_i − softplus(α_i).  v may be binary or relaxed in [0, 1].
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describeValue } from '@stochgrad/core';

/**
 * @example
 * const logLikelihood = logBernoulli(x, decoder.logits(b)); // [..., batch]
 */
export function logBernoulli(v: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  for (const [name, t] of [['v', v], ['logits', logits]] as const) {
    if (!(t instanceof tf.Tensor)) throw new ArgumentError(`logBernoulli: ${name}`, `got ${describeValue(t)}`, 'a tf.Tensor [..., D]');
    if (t.isDisposed) throw new ArgumentError(`logBernoulli: ${name}`, 'the tensor was disposed', 'a live tf.Tensor [..., D]');
    if (t.rank < 1) throw new ShapeError(`logBernoulli: ${name}`, 'got a scalar', 'a tensor [..., D]');
  }
  for (let i = 1; i <= Math.min(v.rank, logits.rank); i++) {
    const a = v.shape[v.rank - i] as number;
    const b = logits.shape[logits.rank - i] as number;
    if (a !== b && a !== 1 && b !== 1) {
      throw new ShapeError('logBernoulli: v, logits', `got shapes [${v.shape.join(', ')}] and [${logits.shape.join(', ')}]`, 'shapes that broadcast together, with the same last (D) axis');
    }
  }
  return tf.tidy(() => tf.sub(tf.sum(tf.mul(v, logits), -1), tf.sum(tf.softplus(logits), -1)));
}
