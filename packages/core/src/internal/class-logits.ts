import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describe } from '../errors';
import { assertFinite, assertTensor, shapeString } from './validate';

/** Validates logits [..., C] with C >= 1 and finite values; returns them. */
export function checkClassLogits(parameters: unknown, minClasses = 1): tf.Tensor {
  if (typeof parameters !== 'object' || parameters === null || !('logits' in parameters)) {
    throw new ArgumentError('parameters', `got ${describe(parameters)}`, '{ logits } with logits a tf.Tensor of shape [..., C]');
  }
  const logits = (parameters as { logits: unknown }).logits;
  assertTensor(logits, 'logits', 'a tf.Tensor of shape [..., C]');
  if (logits.rank < 1 || (logits.shape[logits.rank - 1] as number) < minClasses) {
    throw new ShapeError('logits', `got shape ${shapeString(logits.shape)}`, `shape [..., C] with C >= ${minClasses} classes`);
  }
  assertFinite(logits, 'logits');
  return logits;
}

/** −Σ_c p_c log p_c over the last axis, from logits (finite for any finite logits). */
export function categoricalEntropy(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(logits);
    return tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), -1));
  });
}
